"""When the service is down, answers garbage, or the embed code has a typo; and how polling
behaves (conditional, only while visible, a changed count announced once)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.conftest import LiveServer
from tests.widget.conftest import HostServer, Proxy, Visit, api
from westandbyyou.widget import i18n

PLACEHOLDER = "82 politicians have taken over a godparenthood so far (placeholder)"
SNIPPET = (
    '<wsby-widget view="counter" lang="en" refresh="30">'
    f'<a id="placeholder" href="https://example.invalid/">{PLACEHOLDER}</a></wsby-widget>'
)
EVENTS = "window.__wsby.events.map((e) => e.type + ':' + (e.detail.reason || ''))"
POLL_MS = 31_000


def wait_requests(visit: Visit, proxy: Proxy, n: int) -> list[Any]:
    """Poll (bounded) until the proxy has seen `n` API requests."""
    for _ in range(200):
        if len(proxy.api_requests()) >= n:
            break
        visit.page.wait_for_timeout(25)
    seen = proxy.api_requests()
    assert len(seen) == n
    return seen


def wait_events(visit: Visit, n: int) -> list[str]:
    visit.page.wait_for_function(f"window.__wsby.events.length >= {n}")
    events: list[str] = visit.page.evaluate(EVENTS)
    return events


def test_service_down_from_the_start_keeps_the_placeholder_link(
    visit: Visit, host: HostServer, proxy: Proxy
) -> None:
    proxy.mode = "down"
    visit.page.goto(host.page("basic.html", proxy.url, SNIPPET))
    assert wait_events(visit, 1) == ["wsby:error:unavailable"]
    link = visit.page.locator("#placeholder")
    assert link.is_visible() and link.inner_text() == PLACEHOLDER
    assert visit.page.evaluate(
        "document.querySelector('wsby-widget').shadowRoot.querySelector('slot') !== null"
    )
    assert visit.errors == []
    warnings = [c for c in visit.console if "[wsby]" in c]
    assert len(warnings) == 1 and warnings[0].startswith("warning: [wsby]")


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("down", "unavailable"),
        ("error", "unavailable"),
        ("garbage", "invalid"),
    ],
)
def test_failure_after_good_data_keeps_it_dated(
    visit: Visit, host: HostServer, proxy: Proxy, live_server: LiveServer, mode: str, reason: str
) -> None:
    visit.page.clock.install()
    visit.page.goto(host.page("basic.html", proxy.url, SNIPPET))
    (before,) = visit.widgets()
    assert wait_events(visit, 1) == ["wsby:load:"]
    proxy.mode = mode
    visit.page.clock.fast_forward(POLL_MS)
    assert wait_events(visit, 2) == ["wsby:load:", f"wsby:error:{reason}"]
    (after,) = visit.widgets()
    assert after["text"] == before["text"]  # the last good data, still dated "as of"
    headline = api(live_server.url, lang="en")["summary"]["headline"]
    assert after["text"].startswith(headline) and "as of " in after["text"]
    assert not visit.page.locator("#placeholder").is_visible()
    # Back up: fresh data again, announced by a load event.
    proxy.mode = "pass"
    visit.page.clock.fast_forward(POLL_MS)
    assert wait_events(visit, 3)[-1] == "wsby:load:"
    assert visit.errors == []


@pytest.mark.parametrize(
    ("attrs", "key", "slug"),
    [
        ('parliament="no-such-parliament"', "unknown_parliament", "no-such-parliament"),
        ('view="card" godparent="no-such-person"', "unknown_godparent", "no-such-person"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "de", "ru"])
def test_config_error_shows_a_visible_notice(
    visit: Visit,
    host: HostServer,
    live_server: LiveServer,
    attrs: str,
    key: str,
    slug: str,
    lang: str,
) -> None:
    widgets = f'<wsby-widget lang="{lang}" {attrs}></wsby-widget>'
    visit.page.goto(host.page("basic.html", live_server.url, widgets))
    (shown,) = visit.widgets()
    assert shown["text"] == i18n.text(key, lang, slug=slug)
    notice = visit.page.locator("wsby-widget .wsby__notice")
    assert notice.is_visible() and notice.get_attribute("role") == "status"
    assert wait_events(visit, 1) == ["wsby:error:config"]
    assert visit.errors == []


def test_polls_conditionally(visit: Visit, host: HostServer, proxy: Proxy) -> None:
    visit.page.clock.install()
    visit.page.goto(host.page("basic.html", proxy.url, SNIPPET))
    visit.widgets()
    visit.page.clock.fast_forward(10_000)
    assert len(proxy.api_requests()) == 1  # not before `refresh` seconds
    visit.page.clock.fast_forward(POLL_MS)
    first, second = wait_requests(visit, proxy, 2)
    assert "if-none-match" not in first.headers and first.status == 200
    assert second.headers["if-none-match"] and second.status == 304
    assert visit.errors == []


VISIBILITY = """
window.__visible = 'visible';
Object.defineProperty(Document.prototype, 'visibilityState', {
  configurable: true, get: () => window.__visible,
});
window.__setVisible = (state) => {
  window.__visible = state;
  document.dispatchEvent(new Event('visibilitychange'));
};
"""


def test_polls_only_while_visible(visit: Visit, host: HostServer, proxy: Proxy) -> None:
    visit.page.add_init_script(VISIBILITY)
    visit.page.clock.install()
    visit.page.goto(host.page("basic.html", proxy.url, SNIPPET))
    visit.widgets()
    visit.page.evaluate("window.__setVisible('hidden')")
    visit.page.clock.fast_forward(5 * POLL_MS)
    assert len(proxy.api_requests()) == 1
    visit.page.evaluate("window.__setVisible('visible')")  # overdue: checks at once
    wait_requests(visit, proxy, 2)


LIVE = "document.querySelector('wsby-widget').shadowRoot.querySelector('[aria-live]')"


def test_a_changed_count_is_announced_once(
    visit: Visit, host: HostServer, proxy: Proxy, live_server: LiveServer
) -> None:
    doc: dict[str, Any] = api(live_server.url, lang="en")
    proxy.mode, proxy.canned = "canned", doc
    visit.page.clock.install()
    twice = SNIPPET + SNIPPET.replace("counter", "list")
    visit.page.goto(host.page("basic.html", proxy.url, twice))
    visit.widgets()
    assert visit.page.evaluate(f"{LIVE}.getAttribute('aria-live')") == "polite"
    assert visit.page.evaluate(f"{LIVE}.textContent") == ""  # nothing said on first load
    # SYNTHETIC change of the real document: one more godparent.
    changed = copy.deepcopy(doc)
    n = doc["summary"]["godparents"] + 1
    changed["summary"].update(godparents=n, headline=i18n.headline("en", n))
    proxy.canned = changed
    visit.page.clock.fast_forward(POLL_MS)
    visit.page.wait_for_function(f"{LIVE}.textContent !== ''")
    live = visit.page.evaluate("""() => [...document.querySelectorAll('wsby-widget')]
      .map((w) => w.shadowRoot.querySelector('[aria-live]').textContent)""")
    assert live == [changed["summary"]["headline"], ""]  # once per page, not per widget
    assert visit.widgets()[0]["text"].startswith(changed["summary"]["headline"])
    # An unchanged poll says nothing again.
    visit.page.evaluate(f"{LIVE}.textContent = ''")
    visit.page.clock.fast_forward(POLL_MS)
    assert wait_requests(visit, proxy, 3)[-1].status == 304
    assert visit.page.evaluate(f"{LIVE}.textContent") == ""


def test_removed_widgets_stop_polling_and_new_ones_render(
    visit: Visit, host: HostServer, proxy: Proxy
) -> None:
    """A single-page app swaps widgets in and out: no orphaned timers, no extra requests."""
    visit.page.clock.install()
    visit.page.goto(host.page("basic.html", proxy.url, SNIPPET))
    (before,) = visit.widgets()
    visit.page.evaluate("document.querySelector('wsby-widget').remove()")
    visit.page.clock.fast_forward(3 * POLL_MS)
    assert len(proxy.api_requests()) == 1
    visit.page.evaluate("""() => {
      const w = document.createElement('wsby-widget');
      w.setAttribute('lang', 'en');
      document.body.append(w);
    }""")
    (after,) = visit.widgets()
    assert after["text"] == before["text"]
    assert len(proxy.api_requests()) <= 2  # at most its own fetch (often the HTTP cache's)
    assert visit.errors == []
