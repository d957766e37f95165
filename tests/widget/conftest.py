"""Real-browser fixtures for the widget: Debian Chromium driven by Playwright, host pages
served from a second loopback origin, and small stdlib servers standing in for a service
that is down, slow to change, or answering garbage.

One browser for the whole session (every module asks for the `browser` fixture, none starts
Playwright itself), a fresh context (cache, storage) and page per test.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from tests.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import LiveServer, flask_cli

HOSTPAGES = Path(__file__).parent / "hostpages"
# The policy of issue 3: nothing but the service, no 'unsafe-inline', no 'unsafe-eval'.
STRICT_CSP = "default-src 'none'; script-src {s}; connect-src {s}; style-src {s}; img-src {s}"
TIMEOUT_MS = 10_000

# JavaScript that reads every widget's shadow root: its root classes, text and parts.
READ_WIDGETS = """() => [...document.querySelectorAll('wsby-widget')].map((w) => {
  const root = w.shadowRoot && w.shadowRoot.querySelector('.wsby');
  return root && {
    cls: root.className, lang: root.lang, text: root.textContent,
    parts: [root, ...root.querySelectorAll('[part]')].map((e) => e.getAttribute('part')),
  };
})"""
ALL_RENDERED = """() => {
  const all = [...document.querySelectorAll('wsby-widget')];
  return all.length > 0 && all.every((w) => w.shadowRoot && w.shadowRoot.querySelector('.wsby'));
}"""


class _Quiet(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server:
    """A ThreadingHTTPServer on a free loopback port, in a daemon thread."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


class _HostHandler(_Quiet):
    def do_GET(self) -> None:
        host: HostServer = self.server.owner  # type: ignore[attr-defined]
        found = host.pages.get(self.path)
        if self.path == "/favicon.ico":
            self.send(204, b"", {})
            return
        if found is None:
            self.send(404, b"not found", {"Content-Type": "text/plain"})
            return
        body, csp = found
        headers = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
        if csp:
            headers["Content-Security-Policy"] = csp
        self.send(200, body.encode(), headers)


class HostServer(_Server):
    """The embedding site: a second origin serving `hostpages/*.html` templates."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, str | None]] = {}
        self._lock = threading.Lock()
        super().__init__(_HostHandler)

    def page(
        self,
        template: str,
        service: str,
        widgets: str = "",
        *,
        lang: str = "en",
        head: str = "",
        csp: str | None = None,
    ) -> str:
        """Register a page from `template` with the service URL and widgets filled in."""
        html = (HOSTPAGES / template).read_text("utf-8")
        for key, value in (("HEAD", head), ("WIDGETS", widgets), ("LANG", lang)):
            html = html.replace("{{" + key + "}}", value)
        html = html.replace("{{SERVICE}}", service)
        return self.raw(html, template, csp=csp.format(s=service) if csp else None)

    def raw(self, html: str, name: str = "page.html", *, csp: str | None = None) -> str:
        """Register `html` exactly as given (a pasted embed code, say) at a fresh URL."""
        with self._lock:
            path = f"/p/{len(self.pages)}/{name}"
            self.pages[path] = (html, csp)
        return self.url + path


@dataclass
class Seen:
    """One request the proxy received, as the service would have seen it."""

    path: str
    headers: dict[str, str]
    status: int


class _ProxyHandler(_Quiet):
    def do_GET(self) -> None:
        proxy: Proxy = self.server.owner  # type: ignore[attr-defined]
        mode = proxy.mode if self.path.startswith("/api/") else "pass"
        headers = {k.lower(): v for k, v in self.headers.items()}
        cors = {"Access-Control-Allow-Origin": "*", "Cache-Control": "no-cache"}
        status = 0
        if mode == "down":
            # No answer at all: the browser sees a network error, as with a dead server.
            self.close_connection = True
        elif mode == "garbage":
            status = 200
            self.send(
                200,
                b"<html><body>502 Bad Gateway</body></html>",
                {"Content-Type": "application/json", **cors},
            )
        elif mode == "error":
            status = 503
            self.send(503, b"Service Unavailable", {"Content-Type": "text/plain", **cors})
        elif mode == "canned":
            body = json.dumps(proxy.canned).encode()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            status = 304 if headers.get("if-none-match") == etag else 200
            extra = {"ETag": etag, "Content-Type": "application/json", **cors}
            self.send(status, b"" if status == 304 else body, extra)
        else:
            status = self._forward(proxy.upstream, headers)
        with proxy.lock:
            proxy.seen.append(Seen(self.path, headers, status))

    def _forward(self, upstream: str, headers: dict[str, str]) -> int:
        conn = http.client.HTTPConnection(urlsplit(upstream).netloc, timeout=10)
        keep = {k: v for k, v in headers.items() if k not in ("host", "connection")}
        conn.request("GET", self.path, headers=keep)
        r = conn.getresponse()
        body = r.read()
        hop = {"connection", "keep-alive", "transfer-encoding", "content-length"}
        self.send(r.status, body, {k: v for k, v in r.getheaders() if k.lower() not in hop})
        conn.close()
        return r.status


class Proxy(_Server):
    """The service as the browser sees it, switchable to down / garbage / canned answers for
    /api/ while everything else (embed.js) is passed through to the real service."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.mode = "pass"
        self.canned: dict[str, Any] = {}
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        super().__init__(_ProxyHandler)

    def api_requests(self) -> list[Seen]:
        with self.lock:
            return [s for s in self.seen if s.path.startswith("/api/")]


@dataclass
class Visit:
    """A page and what happened on it: uncaught errors, console lines, requests."""

    page: Any
    errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def api_requests(self) -> list[str]:
        return [u for u in self.requests if "/api/v1/widget" in u]

    def widgets(self) -> list[dict[str, Any]]:
        """Each widget's rendered root, read through its shadow root."""
        self.page.wait_for_function(ALL_RENDERED, timeout=TIMEOUT_MS)
        result: list[dict[str, Any]] = self.page.evaluate(READ_WIDGETS)
        return result


# Events the page saw, collected from the first instant (before any script of the page).
INIT_SCRIPT = """
window.__wsby = {violations: [], events: []};
document.addEventListener('securitypolicyviolation', (e) => {
  window.__wsby.violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
for (const type of ['wsby:load', 'wsby:error']) {
  document.addEventListener(type, (e) => window.__wsby.events.push({type, detail: e.detail}));
}
"""


# Session scope: each start of Playwright and Chromium costs ~0.75 s here. Playwright's sync
# API allows one running instance per thread, so no test module may start its own: they all
# use this one.
@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, one for the whole session."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def host() -> Iterator[HostServer]:
    server = HostServer()
    yield server
    server.stop()


@pytest.fixture
def proxy(live_server: LiveServer) -> Iterator[Proxy]:
    server = Proxy(live_server.url)
    yield server
    server.stop()


@pytest.fixture
def visit(browser: Any) -> Iterator[Visit]:
    """A fresh context and page with collectors attached."""
    context = browser.new_context()
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    v = Visit(page)
    page.on("pageerror", lambda e: v.errors.append(str(e)))
    page.on("console", lambda m: v.console.append(f"{m.type}: {m.text}"))
    page.on("request", lambda r: v.requests.append(r.url))
    yield v
    context.close()


def api(service: str, **params: str) -> dict[str, Any]:
    """The widget document straight from the API, for expectations."""
    r = requests.get(f"{service}/api/v1/widget", params=params, timeout=10)
    r.raise_for_status()
    doc: dict[str, Any] = r.json()
    return doc


# ---- a service over clearly synthetic data -------------------------------------------------

SYNTHETIC_XSS = '<img src=x onerror="window.__pwned=1">'
SYNTHETIC_LARGE = 1200


def synthetic_dataset() -> dict[str, Any]:
    """SYNTHETIC test data, not campaign data: markup in names, dates that give a number of
    days detained and a release date, and one parliament with 1,200 godparents."""
    names = {"en": "<b>Synthetic</b> Parliament (test data)"}
    parliaments = [
        {"slug": "synthetic-markup", "country": "EU", "position": 1, "names": names},
        {
            "slug": "synthetic-large",
            "country": "EU",
            "position": 2,
            "names": {"en": "Synthetic Large Parliament (test data)"},
        },
    ]
    prisoners = [
        {
            "slug": "synthetic-detained",
            "name": "<script>window.__pwned=2</script>Prisoner",
            "status": "detained",
            "detained_since": "2020-08-09",
        },
        {
            "slug": "synthetic-released",
            "name": "Synthetic Released Prisoner",
            "status": "released",
            "detained_since": "2021-01-01",
            "released_on": "2025-06-21",
        },
    ]
    politicians = [
        {
            "slug": "synthetic-markup-godparent",
            "name": SYNTHETIC_XSS,
            "party": "<i>Synthetic Party</i>",
            "parliament": "synthetic-markup",
        },
    ]
    links = [
        {"politician": "synthetic-markup-godparent", "prisoner": "synthetic-detained"},
        {"politician": "synthetic-markup-godparent", "prisoner": "synthetic-released"},
    ]
    for i in range(SYNTHETIC_LARGE):
        slug = f"synthetic-godparent-{i:04d}"
        politicians.append(
            {
                "slug": slug,
                "name": f"Synthetic Godparent {i:04d}",
                "party": "Synthetic",
                "parliament": "synthetic-large",
            }
        )
        links.append({"politician": slug, "prisoner": "synthetic-detained"})
    return {
        "format": "westandbyyou/1",
        "parliaments": parliaments,
        "politicians": politicians,
        "prisoners": prisoners,
        "godparenthoods": links,
    }


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server over the synthetic dataset only."""
    instance = tmp_path_factory.mktemp("synthetic-instance")
    data = instance / "synthetic.json"
    data.write_text(json.dumps(synthetic_dataset()), "utf-8")
    env = {"WSBY_INSTANCE_PATH": str(instance)}
    flask_cli(env, "init-db", "--no-data")
    flask_cli(env, "load-data", str(data))
    server = LiveServer(env)
    yield server
    server.stop()
