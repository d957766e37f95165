"""A WSGI fast path for repeat reads: answers a GET it has seen before straight from memory,
before Flask parses anything, as long as the data generation and the day are unchanged.

This is what lets cached reads come close to a static file server: per hit it does one
shared-cache lookup (the generation token, so a write anywhere is seen at once), two dict
lookups and header assembly. Everything else — first requests, errors, 406s, HEAD, pages
with their own headers — goes through Flask, which registers replayable answers by setting
`caching.FAST` in the WSGI environ (the API's reads, the badge and the widget's assets opt
in: their views return `cached(...)` unchanged)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask

from . import caching
from .caching import Rendered

# Headers `caching.representation` computes per request; the others a response carried
# (added by after_request hooks, e.g. security headers) are replayed as they were.
_PER_REQUEST = {
    "cache-control",
    "vary",
    "access-control-allow-origin",
    "etag",
    "content-type",
    "content-encoding",
    "content-length",
    "link",
}

StartResponse = Callable[..., Any]
Headers = tuple[tuple[str, str], ...]


class FastPath:
    """Wraps `app.wsgi_app`."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wsgi_app = app.wsgi_app
        self.shared = app.extensions[caching.SHARED]
        self.cache_control = app.extensions[caching.CACHE_CONTROL]
        self.limit = int(app.config["LOCAL_CACHE_ENTRIES"])
        self.index: dict[tuple[str, str], tuple[str, str, Rendered, str, Headers]] = {}

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "GET":
            answer = self._replay(environ, start_response)
            if answer is not None:
                return answer
        captured: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, capture)
        fast = environ.get(caching.FAST)
        if fast and captured and captured[0][:3] in ("200", "304"):
            token, day, rendered, cache_control = fast
            kept = tuple((k, v) for k, v in captured[1] if k.lower() not in _PER_REQUEST)
            if len(self.index) >= self.limit:
                self.index.clear()  # bounded, like the local cache
            key = (environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
            self.index[key] = (token, day, rendered, cache_control or self.cache_control, kept)
        return result

    def _replay(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes] | None:
        entry = self.index.get((environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")))
        if entry is None:
            return None
        accept = environ.get("HTTP_ACCEPT")
        if accept and "json" not in accept and "*" not in accept:
            return None  # Flask answers 406
        token, day, rendered, cache_control, kept = entry
        # The one shared lookup per hit: a write on any worker or instance changes the token.
        if token != caching.generation(self.shared) or day != caching.today():
            return None
        status, headers, body = caching.representation(
            rendered,
            environ.get("HTTP_ACCEPT_ENCODING", ""),
            environ.get("HTTP_IF_NONE_MATCH", ""),
            cache_control,
            kept,
        )
        headers.append(("Content-Length", str(len(body))))
        start_response("200 OK" if status == 200 else "304 Not Modified", headers)
        return [body]
