"""oEmbed (https://oembed.com/) for "paste the link into WordPress", by WordPress's rules.

Pure standard library. WordPress keeps only `<blockquote><a href>…</a></blockquote>` then
an empty `<iframe src width height title frameborder marginwidth marginheight scrolling>`;
the blockquote must come first (it is what makes WordPress load its resize script), and the
`html` must stay stable for a day because WordPress caches it: live numbers load inside the
frame. Sources: ../shared/research/cms-embeds.md, section 0.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .render import FRAME_HEIGHTS, FRAME_PATH, frame_url

DEFAULT_WIDTH = 600
MIN_WIDTH = 200
# Gutenberg gives an embed a fixed aspect ratio (and the theme CSS then ignores our height
# messages) when width/height, rounded to 2 decimals, lies 0-0.1 above one of these.
GUTENBERG_RATIOS = (2.33, 2.00, 1.78, 1.33, 1.00, 0.56, 0.50)
# Pages whose URL can be pasted: the demo page (shown as the list) and the frame itself.
EMBEDDABLE_PATHS = ("/", FRAME_PATH)


def gets_aspect_class(width: int, height: int) -> bool:
    """True when Gutenberg would pin an embed of this size to an aspect ratio."""
    ratio = round(width / height, 2)
    for a in GUTENBERG_RATIOS:  # largest first, as Gutenberg's getClassNames walks them
        if ratio >= a:
            return ratio - a <= 0.1
    return False


def size(view: str, maxwidth: int | None = None, maxheight: int | None = None) -> tuple[int, int]:
    """Width and height for `view` within the consumer's limits, avoiding Gutenberg's ratios."""
    width = min(DEFAULT_WIDTH, maxwidth or DEFAULT_WIDTH)
    start = FRAME_HEIGHTS[view]
    limit = maxheight or 1000
    # A taller frame first (more room for the content), then a shorter one within limits.
    for height in [*range(start, start + 200), *range(start - 1, 40, -1)]:
        if height <= limit and not gets_aspect_class(width, height):
            return width, height
    return width, min(start, limit)


def embeddable(url: str, base_url: str) -> tuple[str, dict[str, str]] | None:
    """The path and query arguments of one of our embeddable URLs, or None for any other."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    base = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != base.netloc.lower():
        return None
    path = parts.path or "/"
    prefix = base.path.rstrip("/")
    if prefix and path.startswith(prefix):
        path = path[len(prefix) :] or "/"
    if path not in EMBEDDABLE_PATHS:
        return None
    return path, dict(parse_qsl(parts.query))


def document(
    *,
    base_url: str,
    title: str,
    link: str,
    params: dict[str, str],
    maxwidth: int | None = None,
    maxheight: int | None = None,
) -> dict[str, Any]:
    """The oEmbed `rich` response for the frame view given by `params`."""
    width, height = size(params["view"], maxwidth, maxheight)
    src = frame_url(base_url, **params)
    t = escape(title, quote=True)
    html = (
        f'<blockquote><a href="{escape(link, quote=True)}">{t}</a></blockquote>'
        f'<iframe src="{escape(src, quote=True)}" width="{width}" height="{height}" '
        f'title="{t}" frameborder="0" marginwidth="0" marginheight="0" scrolling="no"></iframe>'
    )
    return {
        "version": "1.0",
        "type": "rich",
        "provider_name": "#WeStandBYyou",
        "provider_url": base_url.rstrip("/") + "/",
        "title": title,
        "html": html,
        "width": width,
        "height": height,
        "cache_age": 86400,
    }
