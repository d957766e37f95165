"""The HTTP client: one method per public read, retries, conditional requests, errors."""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from importlib import metadata
from typing import Any, Literal, NamedTuple, TypeVar
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit

import requests

from ._cache import Cache, CacheEntry, MemoryCache
from ._errors import (
    APIError,
    InvalidResponseError,
    RateLimitedError,
    ServerError,
    TransportError,
    WestandbyyouError,
    describe_transport,
    error_class,
)
from ._models import (
    Godparent,
    Page,
    Parliament,
    ParliamentDetail,
    Prisoner,
    Summary,
    Widget,
    items_of,
)
from ._retry import IDEMPOTENT, RETRY_STATUSES, Backoff, exponential_backoff, parse_retry_after
from ._retry import retry_delay as _retry_delay

logger = logging.getLogger("westandbyyou.sdk")
logger.addHandler(logging.NullHandler())

T = TypeVar("T")

try:
    __version__ = metadata.version("westandbyyou")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0"

# Failures where the request may never have reached the application, so asking again is
# both safe (GET) and likely to help. Not TLS errors or malformed URLs: those repeat.
_RETRY_EXCEPTIONS = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
)
_NO_RETRY_EXCEPTIONS = (requests.exceptions.SSLError, requests.exceptions.InvalidURL)


@dataclasses.dataclass(frozen=True, slots=True)
class ResponseInfo:
    """How the last document this thread asked for was obtained.

    `from_cache` is True when it came from the cache (a `304`, or stale after an error);
    `stale` is True when the service could not be reached or failed and the cached copy
    was served instead (only with `stale_if_error=True`); `age` is then the seconds since
    the service last confirmed it, and `error` is what went wrong.
    """

    url: str
    status: int | None
    from_cache: bool = False
    stale: bool = False
    age: float = 0.0
    error: WestandbyyouError | None = None


class _Doc(NamedTuple):
    data: Any
    link: str | None
    url: str
    status: int | None


class Client:
    """A client for the #WeStandBYyou read API.

    ``Client("https://SERVICE", timeout=5)``; every method returns frozen dataclasses and
    raises only `WestandbyyouError` subclasses.

    Retries: idempotent requests (GET, HEAD, OPTIONS) are retried up to `max_retries`
    times on

    - connection errors (refused, reset, DNS failure, a response cut off mid-body),
    - timeouts (connecting or reading),
    - 429 Too Many Requests, 502 Bad Gateway, 503 Service Unavailable, 504 Gateway Timeout.

    Nothing else is retried: not 500 (a bug, not a blip), not other 4xx, not TLS errors,
    and never a POST, PUT, PATCH or DELETE. Before retry number n the client waits the
    server's `Retry-After` (seconds or an HTTP-date, capped at 30 s) if sent, else
    `backoff(n)` (default: exponential from 0.25-0.5 s up to 4-8 s, with jitter), calling
    `sleep`; each retry is logged on the ``westandbyyou.sdk`` logger.

    Caching: `cache` (default: a fresh `MemoryCache`; `False` turns it off) keeps each URL's
    last document and `ETag`; requests revalidate with `If-None-Match`, and a `304` returns
    the cached document. With `stale_if_error=True`, when the service cannot be reached or
    fails (after retries), the cached copy is returned instead of raising and
    `last_response` says so, with its age.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float | tuple[float, float] = 10.0,
        max_retries: int = 2,
        backoff: Backoff = exponential_backoff,
        session: requests.Session | None = None,
        user_agent: str | None = None,
        cache: Cache | Literal[False] | None = None,
        stale_if_error: bool = False,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"base_url must be an http(s) URL, got {base_url!r}")
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self.base_url = base_url.rstrip("/")
        self._prefix = parts.path.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.sleep = sleep
        self.stale_if_error = stale_if_error
        self.cache: Cache | None = MemoryCache() if cache is None else (cache or None)
        self.user_agent = user_agent or (
            f"westandbyyou-python/{__version__} requests/{requests.__version__}"
        )
        self._own_session = session is None
        self._session = session if session is not None else requests.Session()
        self._local = threading.local()

    # ---- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        """Close the HTTP session if the client created it."""
        if self._own_session:
            self._session.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Client({self.base_url!r})"

    @property
    def last_response(self) -> ResponseInfo | None:
        """How this thread's last document was obtained (network, 304, or stale)."""
        info: ResponseInfo | None = getattr(self._local, "info", None)
        return info

    # ---- reads -------------------------------------------------------------------------

    def summary(self, *, lang: str | None = None) -> Summary:
        """The counter and its localized headline."""
        return self._model(Summary.from_dict, self._get("/api/v1/summary", lang=lang))

    def parliaments(self, *, lang: str | None = None) -> list[Parliament]:
        """Parliaments with godparents, in the campaign's order, with their counts."""
        doc = self._get("/api/v1/parliaments", lang=lang)
        return list(self._model(lambda d: items_of(d, "items", Parliament.from_dict), doc))

    def parliament(self, slug: str, *, lang: str | None = None) -> ParliamentDetail:
        """One parliament and its godparents; `NotFoundError` for an unknown slug."""
        doc = self._get(f"/api/v1/parliaments/{quote(slug, safe='')}", lang=lang)
        return self._model(ParliamentDetail.from_dict, doc)

    def godparents(
        self,
        *,
        parliament: str | None = None,
        country: str | None = None,
        q: str | None = None,
        lang: str | None = None,
        per_page: int | None = None,
    ) -> Iterator[Godparent]:
        """Every godparent matching the filters, fetching pages lazily as you iterate
        (following the `Link: rel="next"` header)."""
        params = {"parliament": parliament, "country": country, "q": q, "lang": lang}
        return self._paginate(
            "/api/v1/godparents", {**params, "per_page": per_page}, Godparent.from_dict
        )

    def godparent(self, slug: str, *, lang: str | None = None) -> Godparent:
        """One godparent and their godchildren; `NotFoundError` for an unknown slug."""
        doc = self._get(f"/api/v1/godparents/{quote(slug, safe='')}", lang=lang)
        return self._model(Godparent.from_dict, doc)

    def prisoners(
        self,
        *,
        status: Literal["detained", "released"] | None = None,
        lang: str | None = None,
        per_page: int | None = None,
    ) -> Iterator[Prisoner]:
        """Every prisoner who has godparents, optionally by status, pages fetched lazily."""
        params = {"status": status, "lang": lang, "per_page": per_page}
        return self._paginate("/api/v1/prisoners", params, Prisoner.from_dict)

    def prisoner(self, slug: str, *, lang: str | None = None) -> Prisoner:
        """One prisoner with status, days detained and godparents."""
        doc = self._get(f"/api/v1/prisoners/{quote(slug, safe='')}", lang=lang)
        return self._model(Prisoner.from_dict, doc)

    def widget(
        self,
        *,
        lang: str | None = None,
        parliament: str | None = None,
        godparent: str | None = None,
    ) -> Widget:
        """The one-request widget document: the counter plus godparents by parliament,
        narrowed to one parliament or one godparent when given."""
        return self._model(Widget.from_dict, self._widget_doc(lang, parliament, godparent))

    # ---- server-side rendering -----------------------------------------------------------

    def render_counter(self, *, lang: str | None = None, theme: str = "auto") -> str:
        """The counter as escaped HTML, the same markup as the service's iframe view."""
        from westandbyyou.widget import render  # only rendering needs the templates

        doc = self._widget_doc(lang, None, None)
        return render.render_counter(doc.data, base_url=self.base_url, theme=theme)

    def render_list(
        self, *, lang: str | None = None, parliament: str | None = None, theme: str = "auto"
    ) -> str:
        """Godparents grouped by parliament as escaped HTML (the iframe's `list` view)."""
        from westandbyyou.widget import render

        doc = self._widget_doc(lang, parliament, None)
        return render.render_list(doc.data, base_url=self.base_url, theme=theme)

    def render_card(self, godparent: str, *, lang: str | None = None, theme: str = "auto") -> str:
        """One godparent's card as escaped HTML (the iframe's `card` view)."""
        from westandbyyou.widget import render

        doc = self._widget_doc(lang, None, godparent)
        return render.render_card(
            doc.data, base_url=self.base_url, godparent=godparent, theme=theme
        )

    # ---- low level ---------------------------------------------------------------------

    def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        """Send any request to the service and return its parsed JSON: an escape hatch
        for endpoints newer than this SDK. Only idempotent methods are retried or cached."""
        url = self._url(path, params or {})
        return self._fetch(url, method.upper()).data

    def _widget_doc(self, lang: str | None, parliament: str | None, godparent: str | None) -> _Doc:
        doc = self._get("/api/v1/widget", lang=lang, parliament=parliament, godparent=godparent)
        self._model(Widget.from_dict, doc)  # renderers index the raw document: check it first
        return doc

    def _url(self, path: str, params: Mapping[str, Any]) -> str:
        query = urlencode(sorted((k, str(v)) for k, v in params.items() if v is not None))
        return f"{self.base_url}{path}" + (f"?{query}" if query else "")

    def _get(self, path: str, **params: Any) -> _Doc:
        return self._fetch(self._url(path, params))

    def _model(self, build: Callable[[Any], T], doc: _Doc) -> T:
        try:
            return build(doc.data)
        except InvalidResponseError as exc:
            raise InvalidResponseError(exc.message, url=doc.url, status=doc.status) from None

    def _paginate(
        self, path: str, params: Mapping[str, Any], item: Callable[[Any], T]
    ) -> Iterator[T]:
        url: str | None = self._url(path, params)
        seen: set[str] = set()
        while url is not None:
            seen.add(url)
            doc = self._fetch(url)
            page = self._model(Page.from_dict, doc)
            for raw in page.items:
                yield self._model(item, doc._replace(data=raw))
            url = self._next_page(doc, page)
            if url is not None and url in seen:
                raise InvalidResponseError("pagination links loop", url=doc.url)

    def _next_page(self, doc: _Doc, page: Page) -> str | None:
        if doc.link is None:
            # No Link header at all (a proxy may strip it): count pages ourselves.
            if page.page >= page.pages:
                return None
            base = {k: v for k, v in _query(doc.url).items() if k != "page"}
            return self._url(
                urlsplit(doc.url).path[len(self._prefix) :], {**base, "page": page.page + 1}
            )
        nxt = _link(doc.link, "next")
        if nxt is None:
            return None
        # The service writes links relative to its own root; under a path prefix
        # (https://example.org/wsby) they must stay below the prefix.
        if nxt.startswith("/") and self._prefix and not nxt.startswith(self._prefix + "/"):
            nxt = self._prefix + nxt
        resolved = urljoin(doc.url, nxt)
        if urlsplit(resolved)[:2] != urlsplit(self.base_url)[:2]:
            raise InvalidResponseError(f"next page link leaves the service: {nxt}", url=doc.url)
        return resolved

    # ---- transport: cache, retries, errors -------------------------------------------

    def _fetch(self, url: str, method: str = "GET") -> _Doc:
        cache = self.cache if method == "GET" else None
        entry = cache.get(url) if cache is not None else None
        headers = {"Accept": "application/json", "User-Agent": self.user_agent}
        if entry is not None:
            headers["If-None-Match"] = entry.etag
        try:
            response = self._send(method, url, headers)
        except (TransportError, ServerError, RateLimitedError) as exc:
            if entry is None or not self.stale_if_error:
                raise
            age = entry.age()
            logger.warning("serving %s from cache, %.0f s old, after: %s", url, age, exc)
            self._local.info = ResponseInfo(url, None, True, True, age, exc)
            return _Doc(entry.data, entry.link, url, None)
        if response.status_code == 304 and entry is not None and cache is not None:
            cache.set(url, dataclasses.replace(entry, stored_at=time.time()))
            self._local.info = ResponseInfo(url, 304, from_cache=True)
            return _Doc(entry.data, entry.link, url, 304)
        data = _decode(response, url)
        link = response.headers.get("Link")
        etag = response.headers.get("ETag")
        if cache is not None and etag and 200 <= response.status_code < 300:
            cache.set(url, CacheEntry(etag=etag, data=data, link=link, stored_at=time.time()))
        self._local.info = ResponseInfo(url, response.status_code)
        return _Doc(data, link, url, response.status_code)

    def _send(self, method: str, url: str, headers: Mapping[str, str]) -> requests.Response:
        """One request with the retry loop the class docstring describes."""
        allowed = self.max_retries if method in IDEMPOTENT else 0
        retry = 0
        while True:
            try:
                response = self._session.request(
                    method, url, headers=dict(headers), timeout=self.timeout
                )
            except requests.RequestException as exc:
                reason = describe_transport(exc)
                retryable = isinstance(exc, _RETRY_EXCEPTIONS) and not isinstance(
                    exc, _NO_RETRY_EXCEPTIONS
                )
                if retryable and retry < allowed:
                    retry += 1
                    self._wait(retry, None, method, url, reason)
                    continue
                message = f"could not reach the service: {reason}"
                raise TransportError(message, url=url) from exc
            status = response.status_code
            if status < 400:
                return response
            if status in RETRY_STATUSES and retry < allowed:
                retry += 1
                reason = f"{status} {response.reason or ''}".strip()
                self._wait(retry, response.headers.get("Retry-After"), method, url, reason)
                continue
            raise _api_error(response, url)

    def _wait(self, retry: int, retry_after: str | None, method: str, url: str, why: str) -> None:
        delay = _retry_delay(retry, retry_after, self.backoff)
        logger.info(
            "retry %d of %d for %s %s in %.2f s after: %s",
            retry,
            self.max_retries,
            method,
            url,
            delay,
            why,
        )
        self.sleep(delay)


# ---- response helpers --------------------------------------------------------------------


def _snippet(body: bytes) -> str:
    text = body[:80].decode("utf-8", "replace").strip()
    return " ".join(text.split()) or "(empty body)"


def _decode(response: requests.Response, url: str) -> Any:
    """The JSON body, or `InvalidResponseError` for anything that is not JSON."""
    try:
        return json.loads(response.content)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError alike
        ctype = response.headers.get("Content-Type", "no content type")
        raise InvalidResponseError(
            f"expected JSON, got {ctype}: {_snippet(response.content)!r}",
            url=url,
            status=response.status_code,
        ) from None


def _api_error(response: requests.Response, url: str) -> APIError:
    """The exception for an error status, filled from the problem+json body if any."""
    status = response.status_code
    try:
        body = json.loads(response.content)
    except ValueError:
        body = None
    problem: Mapping[str, Any] = body if isinstance(body, Mapping) else {}

    def text(key: str) -> str | None:
        value = problem.get(key)
        return value if isinstance(value, str) else None

    raw_errors = problem.get("errors")
    errors = (
        {
            str(k): [str(m) for m in v] if isinstance(v, list) else [str(v)]
            for k, v in raw_errors.items()
        }
        if isinstance(raw_errors, Mapping)
        else {}
    )
    # A proxy's HTML error page says nothing the status doesn't: no detail then.
    kwargs: dict[str, Any] = {
        "title": text("title") or response.reason or "HTTP error",
        "detail": text("detail"),
        "type": text("type") or "about:blank",
        "instance": text("instance"),
        "errors": errors,
        "url": url,
        "headers": dict(response.headers),
    }
    cls = error_class(status)
    if cls is RateLimitedError:
        return RateLimitedError(
            status, retry_after=parse_retry_after(response.headers.get("Retry-After")), **kwargs
        )
    return cls(status, **kwargs)


def _link(header: str, rel: str) -> str | None:
    """The target of the first `rel` link in an RFC 8288 `Link` header."""
    for link in requests.utils.parse_header_links(header):
        rels = link.get("rel", "").split()
        if rel in rels and link.get("url"):
            return link["url"]
    return None


def _query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))
