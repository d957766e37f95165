"""The configurator's codes work where users put them: copied with its buttons, pasted into
another site, shown to that site's visitors.

A site editor opens `/embed` in Chromium, picks the options with clicks and the keyboard and
presses a copy button; the text on the browser's clipboard is pasted with Ctrl+V into an HTML
block on a second origin (as into a CMS), and published there as a page of its own, which a
visitor in a fresh browser context opens. What the visitor sees is compared with the API.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from tests.conftest import LiveServer
from tests.widget.conftest import TIMEOUT_MS, HostServer, Visit
from westandbyyou.widget import i18n

expect = pytest.importorskip("playwright.sync_api").expect

# A CMS's "custom HTML" block: whatever is pasted into it is published as is.
EDITOR = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Edit page</title>
</head><body><label for="html">Custom HTML</label>
<textarea id="html" rows="12" cols="100" spellcheck="false"></textarea></body></html>"""
PUBLISHED = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A fresh page</title></head>
<body><h1>Our support for political prisoners in Belarus</h1>
{pasted}
</body></html>"""
# The colour radios in their order on the page, by (a part of) their label.
THEMES = {"auto": "Follow the visitor", "light": "Light", "dark": "Dark"}


@dataclass(frozen=True)
class Choice:
    """What the editor picks on /embed; `typed` is a godparent's name typed into the search."""

    view: str
    lang: str
    theme: str
    parliament: str | None = None
    typed: str | None = None

    def attrs(self, godparent: str | None) -> str:
        """The `<wsby-widget …>` start tag the snippet must have for this choice."""
        extra = {"parliament": self.parliament, "godparent": godparent}
        pairs = [("view", self.view), ("lang", self.lang), ("theme", self.theme)]
        pairs += [(k, v) for k, v in extra.items() if v]
        return "<wsby-widget " + " ".join(f'{k}="{v}"' for k, v in pairs) + ">"


# Bundestag members' list in German on dark; a card found by typing a real godparent's name.
CHOICES = {
    "list-de-dark-bundestag": Choice("list", "de", "dark", parliament="bundestag"),
    "card-fr-light-typed": Choice("card", "fr", "light", typed="Robin Wagener"),
}


def get(service: str, path: str, **params: str) -> dict[str, Any]:
    r = requests.get(f"{service}{path}", params=params, timeout=10)
    r.raise_for_status()
    data: dict[str, Any] = r.json()
    return data


@pytest.fixture
def editor(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """The site editor's browser: the service may write to (and read) the clipboard."""
    context = browser.new_context(viewport={"width": 1200, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def configure(page: Any, service: str, choice: Choice) -> str:
    """Pick `choice` on /embed as a user does; returns the godparent slug the page settled on."""
    page.goto(f"{service}/embed")
    page.get_by_role("radio", name=choice.view.capitalize()).click()
    # Language: type-ahead on the focused select, as keyboard users pick from a long list.
    language = page.get_by_role("combobox", name="Language")
    language.focus()
    page.keyboard.type(_language_name(choice.lang)[:3])
    expect(language).to_have_value(choice.lang)
    # Colours: arrow keys move the choice within the radio group.
    page.get_by_role("radio", name=THEMES["auto"]).focus()
    for _ in range(list(THEMES).index(choice.theme)):
        page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name=THEMES[choice.theme])).to_be_checked()
    if choice.parliament:
        page.get_by_role("combobox", name="Parliament").select_option(choice.parliament)
    godparent = None
    if choice.typed:
        page.get_by_role("combobox", name="Godparent").press_sequentially(choice.typed)
        godparent = get(service, "/api/v1/godparents", q=choice.typed)["items"][0]["slug"]
    # The codes follow the choice without a reload (the script asks the server for them).
    start = choice.attrs(godparent)
    page.wait_for_function(
        "(start) => document.getElementById('code-snippet').value.startsWith(start)", arg=start
    )
    return godparent or ""


def _language_name(lang: str) -> str:
    names = {"en": "English", "de": "Deutsch", "fr": "Français", "nl": "Nederlands"}
    return names[lang]


def copy_and_paste(page: Any, host: HostServer, button: str, code: str) -> str:
    """Press the copy button, then paste with Ctrl+V into the CMS editor on the host origin."""
    shown = page.locator(f"#code-{code}").input_value()
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator("#copy-status")).to_contain_text("copied to the clipboard")
    cms = page.context.new_page()
    try:
        cms.goto(host.raw(EDITOR, "editor.html"))
        cms.get_by_label("Custom HTML").focus()
        cms.keyboard.press("Control+V")
        pasted: str = cms.get_by_label("Custom HTML").input_value()
    finally:
        cms.close()
    assert pasted == shown  # the clipboard holds exactly the code the page shows
    return pasted


def publish(visit: Visit, host: HostServer, pasted: str) -> None:
    visit.page.goto(host.raw(PUBLISHED.format(pasted=pasted), "fresh.html"))


# ---- what the visitor must see, per code ---------------------------------------------------


def expected_text(service: str, choice: Choice, godparent: str) -> list[str]:
    """Pieces of text the view must show, from the API (German list / French card)."""
    summary = get(service, "/api/v1/summary", lang=choice.lang)
    if choice.view == "list":
        assert choice.parliament
        parl = get(service, f"/api/v1/parliaments/{choice.parliament}", lang=choice.lang)
        members = parl["godparents"]
        title = f"{parl['name']} ({i18n.number(choice.lang, len(members))})"
        return [summary["headline"], title, *(g["name"] for g in members)]
    g = get(service, f"/api/v1/godparents/{godparent}", lang=choice.lang)
    marker = "\x00"
    before = i18n.text("stands_by", choice.lang, name=g["name"], prisoner=marker)
    pieces = [before.split(marker)[0]]
    for p in g["prisoners"]:
        full = get(service, f"/api/v1/prisoners/{p['slug']}", lang=choice.lang)
        pieces.append(full["name"])
        if full["status"] == "detained" and full.get("days_detained") is not None:
            days = int(full["days_detained"])
            pieces.append(i18n.message("days_detained", choice.lang, days))
    return pieces


def check_snippet(visit: Visit, service: str, choice: Choice, godparent: str) -> None:
    (shown,) = visit.widgets()
    assert shown["cls"] == f"wsby wsby--{choice.view} wsby--{choice.theme}"
    assert shown["lang"] == choice.lang
    text = " ".join(shown["text"].split())
    for piece in expected_text(service, choice, godparent):
        assert piece in text
    if choice.view == "list":
        count = visit.page.evaluate(
            "document.querySelector('wsby-widget').shadowRoot"
            ".querySelector('[part=count]').textContent"
        )
        summary = get(service, "/api/v1/summary", lang=choice.lang)
        assert count == i18n.number(choice.lang, summary["godparents"])
    # One request for its data, as the embedding section promises.
    assert len(visit.api_requests()) == 1


def check_iframe(visit: Visit, service: str, choice: Choice, godparent: str) -> None:
    frame = visit.page.frame_locator("iframe").locator(".wsby")
    expect(frame).to_have_attribute("lang", choice.lang)
    expect(frame).to_have_class(f"wsby wsby--{choice.view} wsby--{choice.theme}")
    text = " ".join(frame.text_content().split())
    for piece in expected_text(service, choice, godparent):
        assert piece in text
    expect(visit.page.locator("iframe")).to_have_attribute(
        "title", i18n.text("campaign", choice.lang)
    )


def check_badge(visit: Visit, service: str, choice: Choice, godparent: str) -> None:
    img = visit.page.get_by_role("img", name=i18n.text("campaign", choice.lang))
    img.wait_for()
    visit.page.wait_for_function(
        "() => { const i = document.querySelector('img'); return i.complete && i.naturalWidth > 0 }"
    )
    # The image it loaded says the campaign's number, in the chosen language's digits.
    svg = requests.get(img.get_attribute("src"), timeout=10)
    assert svg.headers["Content-Type"].startswith("image/svg+xml")
    summary = get(service, "/api/v1/summary", lang=choice.lang)
    assert i18n.number(choice.lang, summary["godparents"]) in svg.text
    link = visit.page.get_by_role("link")
    expect(link).to_have_attribute("href", f"{service}/")


CODES: dict[str, tuple[str, str, Callable[[Visit, str, Choice, str], None]]] = {
    # code: (the button a user presses, its textarea, what a visitor must see)
    "snippet": ("Copy Snippet", "snippet", check_snippet),
    "iframe": ("Copy Iframe", "iframe", check_iframe),
    "badge": ("Copy Badge (HTML)", "badge", check_badge),
}


@pytest.mark.parametrize("code", list(CODES))
@pytest.mark.parametrize("choice", list(CHOICES))
def test_copied_code_works_when_pasted_into_a_fresh_page(
    editor: Any,
    visit: Visit,
    host: HostServer,
    live_server: LiveServer,
    choice: str,
    code: str,
) -> None:
    picked = CHOICES[choice]
    button, textarea, check = CODES[code]
    godparent = configure(editor, live_server.url, picked)
    pasted = copy_and_paste(editor, host, button, textarea)
    publish(visit, host, pasted)
    check(visit, live_server.url, picked, godparent)
    # Nothing thrown on the host page, and nothing fetched from anywhere but the two origins.
    assert visit.errors == []
    origins = {f"{u.scheme}://{u.netloc}" for u in map(urlsplit, visit.requests)}
    assert origins <= {live_server.url, host.url}, origins
