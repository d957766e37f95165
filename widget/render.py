"""The widget's views as escaped HTML fragments, and the embed codes users copy.

Pure standard library: the SDK imports this module without Flask or Jinja, so the iframe
page, the snippet's placeholder and a developer's server-side render share one markup (the
contract in the project's widget notes, also followed by `embed.js`). Every function takes
the `/api/v1/widget` document exactly as the API sends it (dates as ISO strings) and escapes
every value it writes; callers never pre-escape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from html import escape
from typing import Any
from urllib.parse import urlencode

from . import i18n

VIEWS = ("counter", "list", "card")
THEMES = ("auto", "light", "dark")
BADGE_STYLES = ("flat", "light", "dark")
SCRIPT_PATH = "/widget/v1/embed.js"
FRAME_PATH = "/widget/v1/frame"
# Starting heights for an iframe before its auto-height message arrives; hosts without a
# listener keep them, so they fit a typical counter/card and show a useful part of the list.
FRAME_HEIGHTS = {"counter": 200, "list": 700, "card": 240}

Doc = Mapping[str, Any]


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _base(base_url: str) -> str:
    return base_url.rstrip("/")


def _lang(doc: Doc) -> str:
    return i18n.negotiate(doc.get("summary", {}).get("lang"))


def _theme(theme: str) -> str:
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
    return theme


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    # The API sends dates; accept a full timestamp too, so a future field type cannot break us.
    return dt.date.fromisoformat(str(value)[:10])


def _root(view: str, theme: str, lang: str, inner: str) -> str:
    return (
        f'<div class="wsby wsby--{view} wsby--{_theme(theme)}" part="root" lang="{_e(lang)}">'
        f"{inner}</div>"
    )


def _headline(doc: Doc, lang: str) -> str:
    """The counter sentence with its number wrapped, split where the formatted number sits."""
    summary = doc["summary"]
    n = int(summary["godparents"])
    sentence = str(summary.get("headline") or i18n.headline(lang, n))
    count = i18n.number(lang, n)
    before, found, after = sentence.partition(count)
    if not found:  # a sentence from elsewhere without the number: still show the count
        sentence = i18n.headline(lang, n)
        before, _, after = sentence.partition(count)
    return (
        f'<p class="wsby__headline" part="headline">{_e(before)}'
        f'<strong class="wsby__count" part="count">{_e(count)}</strong>{_e(after)}</p>'
    )


def _meta(doc: Doc, lang: str, base_url: str) -> str:
    link = (
        f'<a class="wsby__link" part="link" href="{_e(_base(base_url) + "/")}" target="_blank" '
        f'rel="noopener">#WeStandBYyou</a>'
    )
    updated = _date(doc["summary"].get("updated"))
    if updated is not None:
        as_of = i18n.text("as_of", lang, date=i18n.date(lang, updated))
        link += f' · <time datetime="{updated.isoformat()}">{_e(as_of)}</time>'
    return f'<p class="wsby__meta" part="meta">{link}</p>'


def render_counter(doc: Doc, *, base_url: str, theme: str = "auto") -> str:
    """The headline counter ("125 politicians have taken over a godparenthood so far")."""
    lang = _lang(doc)
    return _root("counter", theme, lang, _headline(doc, lang) + _meta(doc, lang, base_url))


def _godparent_item(g: Mapping[str, Any]) -> str:
    party = f' <span class="wsby__party">({_e(g["party"])})</span>' if g.get("party") else ""
    prisoners = ", ".join(str(p["name"]) for p in g.get("prisoners", []))
    return (
        f'<li part="godparent"><span class="wsby__name">{_e(g["name"])}</span>{party} — '
        f'<span class="wsby__prisoners">{_e(prisoners)}</span></li>'
    )


def render_list(doc: Doc, *, base_url: str, theme: str = "auto") -> str:
    """The headline, then the godparents grouped by parliament, each group collapsible."""
    lang = _lang(doc)
    groups = []
    for p in doc.get("parliaments", []):
        members = p.get("godparents", [])
        total = int(p.get("total", len(members)))
        items = "".join(_godparent_item(g) for g in members)
        if total > len(members):
            items += _show_all(doc, p["slug"], total, lang, base_url)
        groups.append(
            f'<details class="wsby__group" part="group" open><summary part="group-title">'
            f'{_e(p["name"])} <span class="wsby__n" part="group-count">'
            f"({_e(i18n.number(lang, total))})</span></summary>"
            f'<ul part="godparents">{items}</ul></details>'
        )
    inner = _headline(doc, lang) + "".join(groups) + _meta(doc, lang, base_url)
    return _root("list", theme, lang, inner)


def _show_all(doc: Doc, slug: str, total: int, lang: str, base_url: str) -> str:
    """The last item of a group the document trimmed: a link to the whole parliament."""
    label = str(doc.get("labels", {}).get("show_all") or i18n.TEXTS["show_all"][lang])
    href = f"{_base(base_url)}/?{urlencode({'parliament': slug, 'lang': lang})}"
    return (
        f'<li class="wsby__more" part="more"><a class="wsby__link" part="link" '
        f'href="{_e(href)}" target="_blank" rel="noopener">'
        f"{_e(label.replace('{n}', i18n.number(lang, total)))}</a></li>"
    )


def _status(p: Mapping[str, Any], lang: str) -> str:
    """ ", detained for N days" / ", released on DATE" / ", released", or "" when unknown."""
    if p.get("status") == "released":
        released = _date(p.get("released_on"))
        if released is None:
            return ", " + i18n.text("released", lang)
        return ", " + i18n.text("released_on", lang, date=i18n.date(lang, released))
    days = p.get("days_detained")
    if p.get("status") == "detained" and days is not None:
        return ", " + i18n.message("days_detained", lang, int(days))
    return ""


def find_godparent(doc: Doc, slug: str) -> Mapping[str, Any] | None:
    """The godparent `slug` in a widget document, or None."""
    for p in doc.get("parliaments", []):
        for g in p.get("godparents", []):
            if g.get("slug") == slug:
                return g  # type: ignore[no-any-return]
    return None


def render_card(doc: Doc, *, base_url: str, godparent: str, theme: str = "auto") -> str:
    """One godparent: "NAME stands by PRISONER, detained for N days" (several godchildren are
    separated by "; "), or a notice when the document does not hold that godparent."""
    lang = _lang(doc)
    g = find_godparent(doc, godparent)
    if g is None:
        return render_notice(unknown("godparent", lang, godparent), lang=lang, theme=theme)
    prisoners = "; ".join(str(p["name"]) + _status(p, lang) for p in g.get("prisoners", []))
    sentence = i18n.text("stands_by", lang, name=str(g["name"]), prisoner=prisoners)
    inner = f'<p class="wsby__card" part="card">{_e(sentence)}</p>' + _meta(doc, lang, base_url)
    return _root("card", theme, lang, inner)


def unknown(kind: str, lang: str, slug: str) -> str:
    """The sentence for a configuration error: no parliament/godparent with that slug."""
    return i18n.text(f"unknown_{kind}", lang, slug=slug)


def render_notice(message: str, *, lang: str, theme: str = "auto", view: str = "counter") -> str:
    """A visible, announced notice in the widget's frame (config error, no data)."""
    inner = f'<p class="wsby__notice" part="notice" role="status">{_e(message)}</p>'
    return _root(view, theme, i18n.negotiate(lang), inner)


def render_view(
    view: str, doc: Doc, *, base_url: str, theme: str = "auto", godparent: str | None = None
) -> str:
    """Dispatch to the view's renderer (`card` needs `godparent`)."""
    if view == "counter":
        return render_counter(doc, base_url=base_url, theme=theme)
    if view == "list":
        return render_list(doc, base_url=base_url, theme=theme)
    if view == "card" and godparent:
        return render_card(doc, base_url=base_url, godparent=godparent, theme=theme)
    raise ValueError(f"unknown view {view!r} (or a card without a godparent)")


# ---- embed codes -------------------------------------------------------------------------


def widget_params(
    *,
    view: str,
    lang: str,
    theme: str,
    parliament: str | None = None,
    godparent: str | None = None,
) -> dict[str, str]:
    """The attributes/query a view needs, in a stable order, without empty values."""
    params = {"view": view, "lang": lang, "theme": _theme(theme)}
    if parliament:
        params["parliament"] = parliament
    if godparent:
        params["godparent"] = godparent
    return params


def frame_url(base_url: str, **params: str | None) -> str:
    """The absolute URL of the iframe view for these parameters."""
    query = urlencode(widget_params(**params))  # type: ignore[arg-type]
    return f"{_base(base_url)}{FRAME_PATH}?{query}"


def render_snippet(
    *,
    base_url: str,
    headline: str,
    view: str,
    lang: str,
    theme: str = "auto",
    parliament: str | None = None,
    godparent: str | None = None,
) -> str:
    """The copy-and-paste snippet: `<wsby-widget>` with a real link inside (what readers see
    when the script is blocked), then the module script."""
    params = widget_params(
        view=view, lang=lang, theme=theme, parliament=parliament, godparent=godparent
    )
    attrs = " ".join(f'{k}="{_e(v)}"' for k, v in params.items())
    base = _base(base_url)
    return (
        f"<wsby-widget {attrs}>\n"
        f'  <a href="{_e(base + "/")}">{_e(headline)}</a>\n'
        f"</wsby-widget>\n"
        f'<script type="module" src="{_e(base + SCRIPT_PATH)}" async></script>'
    )


def render_iframe_code(
    *,
    base_url: str,
    title: str,
    view: str,
    lang: str,
    theme: str = "auto",
    parliament: str | None = None,
    godparent: str | None = None,
) -> str:
    """A plain `<iframe>` for hosts that strip scripts: no inline style (host CSPs block it),
    a `title` for screen readers, and a height that fits the view without a resize script."""
    src = frame_url(
        base_url, view=view, lang=lang, theme=theme, parliament=parliament, godparent=godparent
    )
    return (
        f'<iframe src="{_e(src)}" title="{_e(title)}" width="100%" '
        f'height="{FRAME_HEIGHTS[view]}" frameborder="0" loading="lazy"></iframe>'
    )


def badge_url(base_url: str, *, lang: str, style: str = "flat") -> str:
    """The badge image's absolute URL."""
    query = urlencode({"lang": lang} | ({"style": style} if style != "flat" else {}))
    return f"{_base(base_url)}/badge.svg?{query}"


def render_badge_code(*, base_url: str, lang: str, alt: str, style: str = "flat") -> str:
    """An `<img>` of the badge inside a link to the campaign; `alt` names it without the
    number, which the image itself keeps current."""
    base = _base(base_url)
    src = badge_url(base, lang=lang, style=style)
    return f'<a href="{_e(base + "/")}"><img src="{_e(src)}" alt="{_e(alt)}" height="20"></a>'


def render_badge_markdown(*, base_url: str, lang: str, alt: str, style: str = "flat") -> str:
    """The badge for a README (Markdown)."""
    base = _base(base_url)
    label = alt.replace("[", "(").replace("]", ")")
    return f"[![{label}]({badge_url(base, lang=lang, style=style)})]({base}/)"
