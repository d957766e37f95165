"""How the widget lives on other people's pages: strict CSP, hostile CSS, many instances,
double includes, one origin only, themes and contrast."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import LiveServer
from tests.widget.conftest import STRICT_CSP, HostServer, Visit, api

THREE_VIEWS = (
    '<wsby-widget view="counter" lang="de"></wsby-widget>'
    '<wsby-widget view="list" lang="de" parliament="bundestag"></wsby-widget>'
    '<wsby-widget view="card" lang="de" godparent="claudia-roth"></wsby-widget>'
)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_strict_csp_host_renders_without_a_violation(
    visit: Visit, host: HostServer, live_server: LiveServer
) -> None:
    visit.page.goto(host.page("strict.html", live_server.url, THREE_VIEWS, csp=STRICT_CSP))
    counter, listed, card = visit.widgets()
    summary = api(live_server.url, lang="de")["summary"]
    assert counter["text"].startswith(summary["headline"])
    assert "Deutscher Bundestag" in listed["text"]
    assert card["text"].startswith("Claudia Roth steht an der Seite von Maryia Kalesnikava")
    # Styled, not merely present: the constructable stylesheet applied under the CSP.
    weight = visit.page.evaluate("""() => getComputedStyle(document.querySelector('wsby-widget')
      .shadowRoot.querySelector('.wsby__count')).color""")
    assert weight != "rgb(0, 0, 0)"
    assert visit.page.evaluate("window.__wsby.violations") == []
    assert visit.errors == []


def test_hostile_css_leaves_it_readable(
    visit: Visit, host: HostServer, live_server: LiveServer
) -> None:
    visit.page.goto(host.page("hostile.html", live_server.url, THREE_VIEWS))
    visit.widgets()
    looks: list[dict[str, Any]] = visit.page.evaluate("""() =>
      [...document.querySelectorAll('wsby-widget')].map((w) => {
        const root = w.shadowRoot.querySelector('.wsby');
        const text = root.querySelector('.wsby__headline, .wsby__card');
        const box = text.getBoundingClientRect(), style = getComputedStyle(text);
        return {width: box.width, height: box.height, visible: text.checkVisibility(),
                size: parseFloat(style.fontSize), color: style.color,
                indent: style.textIndent, spacing: style.letterSpacing,
                transform: style.textTransform, text: text.innerText};
      })""")
    summary = api(live_server.url, lang="de")["summary"]
    for look in looks:
        assert look["width"] > 100 and look["height"] > 10, look
        assert look["visible"], look
        assert 12 <= look["size"] <= 60, look  # the page's 90-120px text is capped
        assert look["color"] not in ("rgba(0, 0, 0, 0)", "transparent"), look
        assert look["indent"] == "0px" and look["spacing"] == "normal", look
        assert look["transform"] == "none", look
    assert looks[0]["text"] == summary["headline"]
    assert visit.errors == []


@pytest.mark.parametrize("count", [2, 50])
def test_many_instances_share_one_request(
    visit: Visit, host: HostServer, live_server: LiveServer, count: int
) -> None:
    views = ["counter", "list"] * (count // 2)
    widgets = "".join(f'<wsby-widget view="{v}" lang="fr"></wsby-widget>' for v in views)
    visit.page.goto(host.page("basic.html", live_server.url, widgets))
    shown = visit.widgets()
    assert len(shown) == count
    visit.page.wait_for_load_state("networkidle")
    assert len(visit.api_requests()) == 1
    assert visit.errors == []


def test_included_twice_is_harmless(
    visit: Visit, host: HostServer, live_server: LiveServer
) -> None:
    again = (
        f'<script type="module" src="{live_server.url}/widget/v1/embed.js"></script>'
        f'<script type="module" src="{live_server.url}/widget/v1/embed.js?copy=2"></script>'
    )
    visit.page.goto(host.page("basic.html", live_server.url, THREE_VIEWS, head=again))
    assert len(visit.widgets()) == 3
    visit.page.wait_for_load_state("networkidle")
    assert visit.errors == []
    assert not [c for c in visit.console if c.startswith("error")]
    # The second copy (another URL, so another module instance) defines nothing and fetches
    # nothing: one request per distinct query of the three widgets.
    assert len(visit.api_requests()) == 3


def test_no_request_leaves_for_another_origin(
    visit: Visit, host: HostServer, live_server: LiveServer
) -> None:
    visit.page.goto(host.page("basic.html", live_server.url, THREE_VIEWS))
    visit.widgets()
    visit.page.wait_for_load_state("networkidle")
    page_origin = origin(visit.page.url)
    others = {origin(u) for u in visit.requests} - {page_origin}
    assert others == {live_server.url}
    cookies = visit.page.context.cookies()
    storage = visit.page.evaluate("[localStorage.length, sessionStorage.length]")
    assert cookies == [] and storage == [0, 0]


COLOURS = """() => [...document.querySelectorAll('wsby-widget')].map((w) => {
  const q = (s) => getComputedStyle(w.shadowRoot.querySelector(s)).color;
  return {text: q('.wsby__headline'), count: q('.wsby__count'), muted: q('.wsby__meta time'),
          link: q('.wsby__link')};
})"""


def test_theme_attribute_flip_changes_colours(
    visit: Visit, host: HostServer, live_server: LiveServer
) -> None:
    visit.page.goto(
        host.page("basic.html", live_server.url, '<wsby-widget theme="light"></wsby-widget>')
    )
    visit.widgets()
    (light,) = visit.page.evaluate(COLOURS)
    visit.page.evaluate("document.querySelector('wsby-widget').setAttribute('theme', 'dark')")
    (dark,) = visit.page.evaluate(COLOURS)
    assert visit.widgets()[0]["cls"].endswith("wsby--dark")
    assert light["text"] != dark["text"] and light["count"] != dark["count"]
    # `auto` follows the reader's colour scheme.
    visit.page.evaluate("document.querySelector('wsby-widget').setAttribute('theme', 'auto')")
    visit.page.emulate_media(color_scheme="dark")
    assert visit.page.evaluate(COLOURS) == [dark]
    visit.page.emulate_media(color_scheme="light")
    assert visit.page.evaluate(COLOURS) == [light]


def _luminance(rgb: str) -> float:
    r, g, b = (int(x) / 255 for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize(
    ("template", "theme", "background"),
    [("basic.html", "light", "rgb(255, 255, 255)"), ("dark.html", "dark", "rgb(18, 18, 18)")],
)
def test_aa_contrast_in_both_themes(
    visit: Visit,
    host: HostServer,
    live_server: LiveServer,
    template: str,
    theme: str,
    background: str,
) -> None:
    widgets = f'<wsby-widget theme="{theme}"></wsby-widget>'
    visit.page.goto(host.page(template, live_server.url, widgets))
    visit.widgets()
    page_bg = visit.page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert page_bg in (background, "rgba(0, 0, 0, 0)")
    (colours,) = visit.page.evaluate(COLOURS)
    for name, colour in colours.items():
        assert contrast(colour, background) >= 4.5, (name, colour)


def test_keyboard_focus_is_visible(visit: Visit, host: HostServer, live_server: LiveServer) -> None:
    widgets = '<wsby-widget view="list" parliament="bundestag"></wsby-widget>'
    visit.page.goto(host.page("basic.html", live_server.url, widgets))
    visit.widgets()
    visit.page.keyboard.press("Tab")
    outline = visit.page.evaluate("""() => {
      const el = document.querySelector('wsby-widget').shadowRoot.activeElement;
      const s = getComputedStyle(el);
      return el && [el.tagName, s.outlineStyle, parseFloat(s.outlineWidth)];
    }""")
    assert outline[0] == "SUMMARY" and outline[1] == "solid" and outline[2] >= 2
