"""The HTTP layer under `Client`: conditional requests against the cache, the retry loop,
and turning every failure into one of the SDK's exceptions."""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import requests

from ._cache import Cache, CacheEntry
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
from ._retry import IDEMPOTENT, RETRY_STATUSES, Backoff, parse_retry_after, retry_delay

logger = logging.getLogger("westandbyyou.sdk")
logger.addHandler(logging.NullHandler())

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


class Document(NamedTuple):
    """A parsed JSON answer with what pagination and error messages need."""

    data: Any
    link: str | None
    url: str
    status: int | None


@dataclasses.dataclass(eq=False)
class Transport:
    """Sends requests for `Client`; the retried cases are listed in `Client`'s docstring."""

    session: requests.Session
    timeout: float | tuple[float, float]
    max_retries: int
    backoff: Backoff
    sleep: Callable[[float], None]
    cache: Cache | None
    stale_if_error: bool
    user_agent: str
    _local: threading.local = dataclasses.field(default_factory=threading.local)

    @property
    def last_response(self) -> ResponseInfo | None:
        """How this thread's last document was obtained."""
        info: ResponseInfo | None = getattr(self._local, "info", None)
        return info

    def fetch(self, url: str, method: str = "GET") -> Document:
        """The JSON at `url`: revalidated against the cache, retried, or served stale."""
        cache = self.cache if method == "GET" else None
        entry = cache.get(url) if cache is not None else None
        headers = {"Accept": "application/json", "User-Agent": self.user_agent}
        if entry is not None:
            headers["If-None-Match"] = entry.etag
        try:
            response = self.send(method, url, headers)
        except (TransportError, ServerError, RateLimitedError) as exc:
            if entry is None or not self.stale_if_error:
                raise
            age = entry.age()
            logger.warning("serving %s from cache, %.0f s old, after: %s", url, age, exc)
            self._local.info = ResponseInfo(url, None, True, True, age, exc)
            return Document(entry.data, entry.link, url, None)
        if response.status_code == 304 and entry is not None and cache is not None:
            cache.set(url, dataclasses.replace(entry, stored_at=time.time()))
            self._local.info = ResponseInfo(url, 304, from_cache=True)
            return Document(entry.data, entry.link, url, 304)
        data = _decode(response, url)
        link = response.headers.get("Link")
        etag = response.headers.get("ETag")
        if cache is not None and etag and 200 <= response.status_code < 300:
            cache.set(url, CacheEntry(etag=etag, data=data, link=link, stored_at=time.time()))
        self._local.info = ResponseInfo(url, response.status_code)
        return Document(data, link, url, response.status_code)

    def send(self, method: str, url: str, headers: Mapping[str, str]) -> requests.Response:
        """One request, retried as `Client`'s docstring lists; raises for error statuses."""
        allowed = self.max_retries if method in IDEMPOTENT else 0
        retry = 0
        while True:
            try:
                response = self.session.request(
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
        delay = retry_delay(retry, retry_after, self.backoff)
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
