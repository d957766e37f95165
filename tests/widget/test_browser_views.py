"""What readers see: each view in each theme and language, read through the shadow root and
compared with the server's own rendering of the same API document."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.conftest import LiveServer
from tests.html_text import text_of
from tests.widget.conftest import SYNTHETIC_XSS, HostServer, Visit, api
from westandbyyou.widget import i18n, render

VIEWS = ("counter", "list", "card")
THEMES = ("light", "dark", "auto")
# A real godparent whose godchild has been released (from the bundled campaign data).
CARD = "claudia-roth"


def expected(view: str, service: str, lang: str, godparent: str | None = None) -> str:
    """The text the server renders for the same document: both must say the same."""
    doc = api(service, lang=lang, **({"godparent": godparent} if godparent else {}))
    html = render.render_view(view, doc, base_url=service, godparent=godparent)
    return text_of(html)


def widget(view: str, lang: str, theme: str) -> str:
    card = f' godparent="{CARD}"' if view == "card" else ""
    return f'<wsby-widget view="{view}" lang="{lang}" theme="{theme}"{card}></wsby-widget>'


@pytest.mark.parametrize("lang", ["en", "de", "fr", "ru", "be"])
def test_every_view_and_theme_says_what_the_server_says(
    visit: Visit, host: HostServer, live_server: LiveServer, lang: str
) -> None:
    cases = [(v, t) for v in VIEWS for t in THEMES]
    widgets = "\n".join(widget(v, lang, t) for v, t in cases)
    visit.page.goto(host.page("basic.html", live_server.url, widgets))
    shown = visit.widgets()
    summary = api(live_server.url, lang=lang)["summary"]
    for (view, theme), got in zip(cases, shown, strict=True):
        assert got["cls"] == f"wsby wsby--{view} wsby--{theme}"
        assert got["lang"] == lang
        want = expected(view, live_server.url, lang, CARD if view == "card" else None)
        assert got["text"] == want, (view, theme)
        if view != "card":
            assert got["text"].startswith(summary["headline"])
            assert i18n.number(lang, summary["godparents"]) in got["text"]
            assert {"root", "headline", "count", "meta", "link"} <= set(got["parts"])
    assert visit.errors == []


def test_list_groups_collapse_and_show_every_godparent(
    visit: Visit, host: HostServer, live_server: LiveServer
) -> None:
    visit.page.goto(host.page("basic.html", live_server.url, widget("list", "en", "light")))
    visit.widgets()
    doc = api(live_server.url, lang="en")
    counts = visit.page.evaluate("""() => {
      const root = document.querySelector('wsby-widget').shadowRoot;
      return [...root.querySelectorAll('details')].map((d) => d.querySelectorAll('li').length);
    }""")
    assert counts == [len(p["godparents"]) for p in doc["parliaments"]]
    summary = visit.page.locator("wsby-widget summary").first
    first_item = visit.page.locator("wsby-widget li").first
    assert first_item.is_visible()
    summary.click()
    assert not first_item.is_visible()
    summary.press("Enter")  # keyboard works too
    assert first_item.is_visible()


def test_markup_in_names_is_text(visit: Visit, host: HostServer, synthetic: LiveServer) -> None:
    """SYNTHETIC data: a godparent named like an <img onerror>, a prisoner like a <script>."""
    widgets = (
        '<wsby-widget view="list" lang="en" parliament="synthetic-markup"></wsby-widget>'
        '<wsby-widget view="card" lang="en" godparent="synthetic-markup-godparent"></wsby-widget>'
    )
    visit.page.goto(host.page("basic.html", synthetic.url, widgets))
    listed, card = visit.widgets()
    assert SYNTHETIC_XSS in listed["text"]
    assert "<b>Synthetic</b> Parliament (test data)" in listed["text"]
    assert "(<i>Synthetic Party</i>)" in listed["text"]
    assert card["text"].startswith(SYNTHETIC_XSS + " stands by <script>")
    injected = visit.page.evaluate("""() => [...document.querySelectorAll('wsby-widget')]
      .map((w) => w.shadowRoot.querySelectorAll('img, script, b, i').length)""")
    assert injected == [0, 0]
    assert visit.page.evaluate("window.__pwned") is None
    assert visit.errors == []


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_card_counts_days_and_dates_releases_like_the_server(
    visit: Visit, host: HostServer, synthetic: LiveServer, lang: str
) -> None:
    """SYNTHETIC data with a detention date and a release date, in every language."""
    slug = "synthetic-markup-godparent"
    visit.page.goto(
        host.page(
            "basic.html",
            synthetic.url,
            f'<wsby-widget view="card" lang="{lang}" godparent="{slug}"></wsby-widget>',
        )
    )
    (card,) = visit.widgets()
    doc = api(synthetic.url, lang=lang, godparent=slug)
    days = doc["parliaments"][0]["godparents"][0]["prisoners"][0]["days_detained"]
    assert days > 1000
    assert i18n.message("days_detained", lang, days) in card["text"]
    assert (
        i18n.text(
            "released_on", lang, date=i18n.date(lang, __import__("datetime").date(2025, 6, 21))
        )
        in card["text"]
    )
    assert card["text"] == expected("card", synthetic.url, lang, slug)


def test_thousand_godparents_render_trimmed_with_show_all(
    visit: Visit, host: HostServer, synthetic: LiveServer
) -> None:
    """SYNTHETIC: 1,200 godparents in one parliament; the service sends the first 500 (its
    WIDGET_GROUP_LIMIT) and the group ends in a link to the whole list on our site."""
    visit.page.goto(
        host.page(
            "basic.html",
            synthetic.url,
            '<wsby-widget view="list" parliament="synthetic-large"></wsby-widget>',
        )
    )
    visit.widgets()
    shown: dict[str, Any] = visit.page.evaluate("""() => {
      const root = document.querySelector('wsby-widget').shadowRoot;
      const more = root.querySelector('li[part=more] a');
      return {items: root.querySelectorAll('li[part=godparent]').length,
              count: root.querySelector('[part=group-count]').textContent,
              more: more && more.textContent, href: more && more.href,
              loaded: window.__wsby.events.some((e) => e.type === 'wsby:load')};
    }""")
    assert shown["items"] == 500
    assert shown["count"] == "(1,200)"
    assert shown["more"] == "Show all 1,200"
    assert shown["href"] == f"{synthetic.url}/?parliament=synthetic-large&lang=en"
    assert shown["loaded"]
    # The link's page lists every one of them.
    page = requests.get(shown["href"], timeout=30)
    assert page.status_code == 200
    assert page.text.count('part="godparent"') == 1200
    visit.page.locator("wsby-widget summary").click()
    assert not visit.page.locator("wsby-widget li").first.is_visible()


def test_script_sentences_are_the_servers(
    visit: Visit, host: HostServer, live_server: LiveServer
) -> None:
    """embed.js carries the few sentences it composes; they must be i18n's, word for word."""
    visit.page.goto(host.page("basic.html", live_server.url))
    strings = visit.page.evaluate(
        "async (url) => (await import(url)).STRINGS", f"{live_server.url}/widget/v1/embed.js"
    )
    assert strings.pop("days_detained") == i18n.MESSAGES["days_detained"]
    assert strings == {key: i18n.TEXTS[key] for key in strings}
    assert set(strings) >= {"as_of", "stands_by", "released_on", "released"}


@pytest.mark.parametrize(
    ("page_lang", "attr", "shown"),
    [
        ("de-CH", "", "de"),
        ("ru", "", "ru"),
        ("de", ' lang="fr-BE"', "fr"),
        ("en", ' lang="xx"', "en"),
    ],
)
def test_language_from_attribute_or_page(
    visit: Visit, host: HostServer, live_server: LiveServer, page_lang: str, attr: str, shown: str
) -> None:
    visit.page.goto(
        host.page(
            "basic.html", live_server.url, f"<wsby-widget{attr}></wsby-widget>", lang=page_lang
        )
    )
    (got,) = visit.widgets()
    assert got["lang"] == shown
    assert got["text"].startswith(api(live_server.url, lang=shown)["summary"]["headline"])
