"""`Client`: one method per public read of the API, pagination and server-side rendering.
The HTTP machinery (cache, retries, errors) is in `_transport`."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from importlib import metadata
from typing import Any, Literal, TypeVar
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit

import requests

from ._cache import Cache, MemoryCache
from ._errors import InvalidResponseError
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
from ._retry import Backoff, exponential_backoff
from ._transport import Document, ResponseInfo, Transport

T = TypeVar("T")

try:
    __version__ = metadata.version("westandbyyou")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0"


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
        self._own_session = session is None
        self._transport = Transport(
            session=session if session is not None else requests.Session(),
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff,
            sleep=sleep,
            cache=MemoryCache() if cache is None else (cache or None),
            stale_if_error=stale_if_error,
            user_agent=user_agent
            or f"westandbyyou-python/{__version__} requests/{requests.__version__}",
        )

    # ---- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        """Close the HTTP session if the client created it."""
        if self._own_session:
            self._transport.session.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Client({self.base_url!r})"

    @property
    def cache(self) -> Cache | None:
        """The cache of conditional requests, or None when turned off."""
        return self._transport.cache

    @property
    def last_response(self) -> ResponseInfo | None:
        """How this thread's last document was obtained (network, 304, or stale)."""
        return self._transport.last_response

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
        """Send a bodiless request to the service and return its parsed JSON: an escape
        hatch for endpoints newer than this SDK. Only GETs are cached; only idempotent
        methods are retried."""
        url = self._url(path, params or {})
        return self._transport.fetch(url, method.upper()).data

    def _widget_doc(
        self, lang: str | None, parliament: str | None, godparent: str | None
    ) -> Document:
        doc = self._get("/api/v1/widget", lang=lang, parliament=parliament, godparent=godparent)
        self._model(Widget.from_dict, doc)  # renderers index the raw document: check it first
        return doc

    def _url(self, path: str, params: Mapping[str, Any]) -> str:
        query = urlencode(sorted((k, str(v)) for k, v in params.items() if v is not None))
        return f"{self.base_url}{path}" + (f"?{query}" if query else "")

    def _get(self, path: str, **params: Any) -> Document:
        return self._transport.fetch(self._url(path, params))

    def _model(self, build: Callable[[Any], T], doc: Document) -> T:
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
            doc = self._transport.fetch(url)
            page = self._model(Page.from_dict, doc)
            for raw in page.items:
                yield self._model(item, doc._replace(data=raw))
            url = self._next_page(doc, page)
            if url is not None and url in seen:
                raise InvalidResponseError("pagination links loop", url=doc.url)

    def _next_page(self, doc: Document, page: Page) -> str | None:
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


def _link(header: str, rel: str) -> str | None:
    """The target of the first `rel` link in an RFC 8288 `Link` header."""
    for link in requests.utils.parse_header_links(header):
        rels = link.get("rel", "").split()
        if rel in rels and link.get("url"):
            return link["url"]
    return None


def _query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))
