"""The iframe view and the configurator in real Chromium, against the real server.

Host pages come from a second loopback origin; the frame is embedded as WordPress does it
(`sandbox="allow-scripts"`, `#?secret=`) and as our plain iframe code does it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.widget.conftest import HostServer

sync_api = pytest.importorskip("playwright.sync_api")

SECRET = "AbC123xyZ9"


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 900, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


def _host_page(src: str, sandbox: bool) -> str:
    # The host records every message it receives, as a WordPress page's wp-embed.js would see it.
    attrs = ' sandbox="allow-scripts"' if sandbox else ""
    return f"""<!doctype html><html><body>
<script>
window.received = [];
addEventListener('message', (e) => {{
  if (e.source === document.querySelector('iframe').contentWindow)
    received.push({{origin: e.origin, data: e.data}});
}});
</script>
<iframe src="{src}"{attrs} width="600" height="200" title="widget"></iframe>
</body></html>"""


def _frame_of(page: Any) -> Any:
    return next(f for f in page.frames if "/widget/v1/frame" in f.url)


def test_wordpress_sandboxed_frame_styles_itself_and_posts_its_height(
    live_server: Any, host: HostServer, tab: Any
) -> None:
    page = tab
    src = f"{live_server.url}/widget/v1/frame?view=list&lang=de#?secret={SECRET}"
    url = host.raw(_host_page(src, sandbox=True), "wp.html")
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Refused" in m.text else None)
    page.goto(url)
    page.wait_for_function(
        "received.some(m => m.data && m.data.message === 'height' && m.data.value > 400)"
    )
    received = page.evaluate("received")
    wp = [m for m in received if m["data"].get("message") == "height"]
    assert wp[0]["data"]["secret"] == SECRET and wp[0]["origin"] == "null"  # opaque origin
    ours = [m for m in received if m["data"].get("type") == "wsby:height"]
    assert ours and ours[-1]["data"]["height"] == wp[-1]["data"]["value"]
    frame = _frame_of(page)
    # Our stylesheet applied inside the sandbox: the count is in the accent colour.
    colour = frame.evaluate("getComputedStyle(document.querySelector('.wsby__count')).color")
    assert colour in ("rgb(179, 38, 30)", "rgb(255, 180, 171)")
    assert frame.evaluate("getComputedStyle(document.body).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert violations == []
    # WordPress's host script says `ready` once it listens: the frame answers with its height.
    before = len(page.evaluate("received"))
    page.evaluate(
        f"document.querySelector('iframe').contentWindow.postMessage("
        f"{{message: 'ready', secret: '{SECRET}'}}, '*')"
    )
    page.wait_for_function(f"received.length > {before}")


def test_plain_iframe_messages_carry_our_origin(
    live_server: Any, host: HostServer, tab: Any
) -> None:
    page = tab
    src = f"{live_server.url}/widget/v1/frame?view=counter"
    page.goto(host.raw(_host_page(src, sandbox=False), "plain.html"))
    page.wait_for_function("received.some(m => m.data && m.data.type === 'wsby:height')")
    received = page.evaluate("received")
    assert {m["origin"] for m in received} == {live_server.url}
    assert not any(m["data"].get("message") for m in received)  # no secret: no WP message


@pytest.mark.parametrize(
    ("name", "query", "scheme"),
    [
        ("counter-light", "view=counter&lang=en&theme=light", "light"),
        ("list-dark", "view=list&lang=de&theme=dark&parliament=bundestag", "light"),
        ("card-auto-dark", "view=card&lang=fr&godparent=robin-wagener", "dark"),
    ],
)
def test_frame_views_screenshots(
    live_server: Any, browser: Any, name: str, query: str, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": 600, "height": 400}, color_scheme=scheme)
    page = context.new_page()
    try:
        response = page.goto(f"{live_server.url}/widget/v1/frame?{query}")
        assert response.status == 200
        text = page.inner_text("main")
        assert "#WeStandBYyou" in text and len(text) > 40
        # Dark text on dark is the failure to catch: the theme's text colour is light.
        colour = page.evaluate("getComputedStyle(document.querySelector('.wsby')).color")
        dark = "dark" in name
        assert colour == ("rgb(241, 241, 241)" if dark else "rgb(31, 31, 31)")
        # A keyboard user sees where focus is.
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"
        out = Path(os.environ.get("WSBY_SCREENSHOTS", "/tmp/wsby-screenshots"))
        out.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out / f"frame-{name}.png"), full_page=True)
    finally:
        context.close()


def test_configurator_updates_and_copies(live_server: Any, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server.url}/embed")
        page.get_by_label("Language").select_option("de")
        page.get_by_role("radio", name="List").check()
        page.locator("#parliament").select_option("bundestag")
        snippet = page.locator("#code-snippet")
        page.wait_for_function(
            "() => document.getElementById('code-snippet').value"
            ".includes('parliament=\"bundestag\"')"
        )
        assert page.url.endswith("/embed?view=list&lang=de&theme=auto&parliament=bundestag")
        page.wait_for_function(
            "() => document.getElementById('preview').src.includes('parliament=bundestag')"
        )
        # The preview grows to its content through our origin-checked message.
        page.wait_for_function("() => Number(document.getElementById('preview').height) > 300")
        page.get_by_role("button", name="Copy Snippet").click()
        sync_api.expect(page.locator("#copy-status")).to_contain_text("copied")
        assert page.evaluate("navigator.clipboard.readText()") == snippet.input_value()
        page.get_by_role("button", name="Copy Iframe").click()
        assert page.evaluate("navigator.clipboard.readText()").startswith("<iframe src=")
        out = Path(os.environ.get("WSBY_SCREENSHOTS", "/tmp/wsby-screenshots"))
        out.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out / "configurator.png"), full_page=False)
    finally:
        context.close()
