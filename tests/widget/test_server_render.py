"""The pure renderers (`westandbyyou.widget.render`, `badge`, `oembed`) on synthetic documents.

Every name and date below is SYNTHETIC test data, shaped like `/api/v1/widget` answers.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.html_text import parse, text_of
from westandbyyou.widget import badge, oembed, render

BASE = "https://wsby.example"
HOSTILE = '<script>alert("x")</script> & "Co"'


def synthetic_doc(lang: str = "en", **godparent: Any) -> dict[str, Any]:
    """A widget document with one synthetic parliament and two synthetic godparents."""
    first = {
        "slug": "synthetic-one",
        "name": HOSTILE,
        "party": "<b>Party</b>",
        "parliament": {"slug": "synthetic-parliament", "name": "Synthetic <Parliament>"},
        "prisoners": [
            {
                "slug": "synthetic-prisoner",
                "name": "Synthetic Prisoner",
                "status": "detained",
                "since": None,
                "detained_since": "2020-08-09",
                "released_on": None,
                "days_detained": 1,
            }
        ],
    } | godparent
    second = {
        "slug": "synthetic-two",
        "name": "Synthetic Two",
        "party": None,
        "parliament": first["parliament"],
        "prisoners": [],
    }
    return {
        "summary": {
            "godparents": 1234,
            "prisoners": 1,
            "parliaments": 1,
            "updated": "2026-03-01",
            "headline": "",
            "lang": lang,
        },
        "parliaments": [
            {
                "slug": "synthetic-parliament",
                "name": "Synthetic <Parliament>",
                "country": "EU",
                "godparents": [first, second],
            }
        ],
    }


@pytest.mark.parametrize("theme", render.THEMES)
@pytest.mark.parametrize(
    ("lang", "headline"),
    [
        ("en", "1,234 politicians have taken over a godparenthood so far"),
        ("de", "1.234 Politiker*innen haben bisher eine Patenschaft übernommen"),
        ("ru", "1\u00a0234 политика уже стали крёстными родителями политзаключённых"),
    ],
)
def test_counter_wraps_the_formatted_number_in_the_sentence(
    lang: str, headline: str, theme: str
) -> None:
    html = render.render_counter(synthetic_doc(lang), base_url=BASE, theme=theme)
    assert html.startswith(
        f'<div class="wsby wsby--counter wsby--{theme}" part="root" lang="{lang}">'
    )
    assert headline in text_of(html)
    count = headline.split(" ")[0] if lang != "ru" else "1\u00a0234"
    assert f'<strong class="wsby__count" part="count">{count}</strong>' in html
    assert '<time datetime="2026-03-01">' in html
    assert f'href="{BASE}/" target="_blank" rel="noopener">#WeStandBYyou</a>' in html


def test_list_escapes_every_name_and_groups_by_parliament() -> None:
    html = render.render_list(synthetic_doc(), base_url=BASE + "/")
    assert "<script>" not in html and "<b>" not in html and "<Parliament>" not in html
    text = text_of(html)
    assert HOSTILE in text  # shown as text, exactly
    assert "Synthetic <Parliament> (2)" in text
    assert f"{HOSTILE} (<b>Party</b>) — Synthetic Prisoner" in text
    assert "Synthetic Two — " in text  # no party: no empty brackets
    tags = parse(html).tags
    assert ("details", {"class": "wsby__group", "part": "group", "open": None}) in tags
    assert [t for t, a in tags if a.get("part") == "godparent"] == ["li", "li"]


@pytest.mark.parametrize(
    ("prisoner", "expected"),
    [
        ({"status": "detained", "days_detained": 1}, "Synthetic Prisoner, detained for 1 day"),
        ({"status": "detained", "days_detained": 2000}, "detained for 2,000 days"),
        ({"status": "detained", "days_detained": None}, "stands by Synthetic Prisoner"),
        ({"status": "released", "released_on": "2025-06-21"}, "released on 21 June 2025"),
        ({"status": "released", "released_on": None}, "Synthetic Prisoner, released"),
    ],
)
def test_card_states_status_and_days(prisoner: dict[str, Any], expected: str) -> None:
    doc = synthetic_doc()
    base = doc["parliaments"][0]["godparents"][0]["prisoners"][0]
    godparent = {"prisoners": [base | prisoner]}
    html = render.render_card(synthetic_doc(**godparent), base_url=BASE, godparent="synthetic-one")
    assert html.startswith('<div class="wsby wsby--card wsby--auto" part="root" lang="en">')
    text = text_of(html)
    assert f"{HOSTILE} stands by" in text and expected in text
    if prisoner.get("days_detained") is None and prisoner["status"] == "detained":
        assert "Synthetic Prisoner," not in text


def test_card_in_german_and_unknown_godparent_notice() -> None:
    html = render.render_card(synthetic_doc("de"), base_url=BASE, godparent="synthetic-one")
    assert "steht an der Seite von Synthetic Prisoner, seit 1 Tag in Haft" in text_of(html)
    notice = render.render_card(synthetic_doc("de"), base_url=BASE, godparent="nobody")
    assert 'class="wsby__notice" part="notice" role="status"' in notice
    assert "Unbekannte*r Pat*in „nobody“" in text_of(notice)


def test_bad_theme_is_refused() -> None:
    with pytest.raises(ValueError, match="theme"):
        render.render_counter(synthetic_doc(), base_url=BASE, theme="<x>")


def test_snippet_is_the_designed_shape_and_escapes_the_headline() -> None:
    snippet = render.render_snippet(
        base_url=BASE, headline="1 <b>x</b>", view="list", lang="de", parliament="bundestag"
    )
    assert snippet == (
        '<wsby-widget view="list" lang="de" theme="auto" parliament="bundestag">\n'
        f'  <a href="{BASE}/">1 &lt;b&gt;x&lt;/b&gt;</a>\n'
        "</wsby-widget>\n"
        f'<script type="module" src="{BASE}/widget/v1/embed.js" async></script>'
    )


def test_iframe_and_badge_codes() -> None:
    iframe = render.render_iframe_code(
        base_url=BASE, title='A "title"', view="card", lang="fr", godparent="synthetic-one"
    )
    assert iframe == (
        f'<iframe src="{BASE}/widget/v1/frame?view=card&amp;lang=fr&amp;theme=auto&amp;'
        'godparent=synthetic-one" title="A &quot;title&quot;" width="100%" height="240" '
        'frameborder="0" loading="lazy"></iframe>'
    )
    assert "style=" not in iframe  # host CSPs block inline styles
    code = render.render_badge_code(base_url=BASE, lang="de", alt="Alt <text>")
    assert code == (
        f'<a href="{BASE}/"><img src="{BASE}/badge.svg?lang=de" alt="Alt &lt;text&gt;" '
        'height="20"></a>'
    )
    md = render.render_badge_markdown(base_url=BASE, lang="en", alt="[x]", style="dark")
    assert md == f"[![(x)]({BASE}/badge.svg?lang=en&style=dark)]({BASE}/)"


@pytest.mark.parametrize("style", render.BADGE_STYLES)
def test_badge_is_accessible_svg(style: str) -> None:
    svg = badge.render_badge("12 <politicians> & co", lang="en", style=style)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("role") == "img"
    assert root.get("aria-label") == "#WeStandBYyou: 12 <politicians> & co"
    assert root.find(f"{ns}title").text == "#WeStandBYyou: 12 <politicians> & co"  # type: ignore[union-attr]
    assert int(root.get("width", "0")) > badge.text_width("12 <politicians> & co")


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("style", render.BADGE_STYLES)
def test_badge_colours_pass_wcag_aa(style: str) -> None:
    label_bg, label_fg, value_bg, value_fg = badge.COLOURS[style]
    assert contrast(label_bg, label_fg) >= 4.5
    assert contrast(value_bg, value_fg) >= 4.5


STATIC = Path(render.__file__).parent / "static"


def _theme_colours(css: str, selector: str) -> dict[str, str]:
    block = css[css.index(selector + " {") :]
    block = block[: block.index("}")]
    return dict(re.findall(r"--_(\w+): var\(--wsby-\w+, (#[0-9a-f]{6})\)", block))


@pytest.mark.parametrize(
    ("selector", "background"), [(".wsby", "#ffffff"), (".wsby--dark", "#121212")]
)
def test_widget_css_colours_pass_wcag_aa(selector: str, background: str) -> None:
    colours = _theme_colours((STATIC / "widget.css").read_text(), selector)
    assert {"text", "muted", "accent", "focus"} <= set(colours)
    for name in ("text", "muted", "accent"):
        assert contrast(colours[name], background) >= 4.5, name
    assert contrast(colours["focus"], background) >= 3  # non-text contrast for the outline


def test_widget_css_keeps_host_font_and_transparent_background() -> None:
    css = (STATIC / "widget.css").read_text()
    root = css[css.index(".wsby {") : css.index("}")]
    assert "font: inherit;" in root and "background: transparent;" in root
    assert ":focus-visible" in css


@pytest.mark.parametrize("view", render.VIEWS)
@pytest.mark.parametrize("maxwidth", [None, 200, 320, 480, 500, 560, 600, 1200])
def test_oembed_sizes_never_get_a_gutenberg_aspect_ratio(view: str, maxwidth: int | None) -> None:
    width, height = oembed.size(view, maxwidth)
    assert width <= (maxwidth or 600) and width <= 600
    assert not oembed.gets_aspect_class(width, height)
    assert oembed.gets_aspect_class(600, 600)  # the check itself can fail: 1.00 is pinned


def test_render_module_needs_no_flask() -> None:
    code = (
        "import sys; sys.modules['flask'] = None; sys.modules['jinja2'] = None\n"
        "from westandbyyou.widget import render, badge, oembed\n"
        "print(render.render_counter({'summary': {'godparents': 3, 'lang': 'de', "
        "'updated': None, 'headline': None}, 'parliaments': []}, base_url='https://x'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    assert "3 Politiker*innen haben bisher eine Patenschaft übernommen" in text_of(out.stdout)
