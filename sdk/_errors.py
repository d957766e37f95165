"""The SDK's exceptions: one base class, transport failures apart from API answers.

Callers catch `WestandbyyouError` for everything, or one subclass for one situation; they
never need to import `requests` to catch anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import requests

__all__ = [
    "APIError",
    "BadRequestError",
    "InvalidResponseError",
    "NotFoundError",
    "RateLimitedError",
    "ServerError",
    "TransportError",
    "WestandbyyouError",
]


class WestandbyyouError(Exception):
    """Base class of every error the SDK raises."""


class TransportError(WestandbyyouError):
    """The request never got an HTTP answer: no connection, DNS failure, timeout, broken
    response. `url` is what was asked for; `__cause__` keeps the underlying exception."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.message = message
        self.url = url

    def __str__(self) -> str:
        return f"{self.message} (GET {self.url})"


class InvalidResponseError(WestandbyyouError):
    """The service answered, but not with the JSON document this SDK expects (an HTML page
    from a proxy, truncated JSON, a document of the wrong shape)."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url
        self.status = status

    def __str__(self) -> str:
        where = f" (HTTP {self.status} from {self.url})" if self.url else ""
        return f"unexpected response: {self.message}{where}"


class APIError(WestandbyyouError):
    """The service answered with an error status; the fields are its RFC 9457 problem
    details (`type`, `title`, `status`, `detail`, `instance`, and `errors` per field)."""

    def __init__(
        self,
        status: int,
        *,
        title: str,
        detail: str | None = None,
        type: str = "about:blank",  # the RFC 9457 member, shadowing the builtin here only
        instance: str | None = None,
        errors: Mapping[str, list[str]] | None = None,
        url: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status, title, detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type
        self.instance = instance
        self.errors: dict[str, list[str]] = dict(errors or {})
        self.url = url
        self.headers: dict[str, str] = dict(headers or {})

    def __str__(self) -> str:
        text = f"{self.status} {self.title}"
        if self.detail:
            text += f": {self.detail}"
        if self.errors:
            fields = "; ".join(f"{k}: {' '.join(v)}" for k, v in sorted(self.errors.items()))
            text += f" [{fields}]"
        if self.url:
            text += f" (GET {self.url})"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, detail={self.detail!r})"


class BadRequestError(APIError):
    """400 or 422: the request's arguments were refused; `errors` names the fields."""


class NotFoundError(APIError):
    """404: the slug or path names nothing."""


class RateLimitedError(APIError):
    """429: too many requests; `retry_after` is the server's hint in seconds, if any."""

    def __init__(self, status: int, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(status, **kw)
        self.retry_after = retry_after


class ServerError(APIError):
    """5xx: the service failed; worth retrying later."""


def error_class(status: int) -> type[APIError]:
    """The exception class for an HTTP error status."""
    if status in (400, 422):
        return BadRequestError
    if status == 404:
        return NotFoundError
    if status == 429:
        return RateLimitedError
    if status >= 500:
        return ServerError
    return APIError


# urllib3 buries the OS's reason ("Connection refused") deep inside a long repr.
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


def describe_transport(exc: BaseException) -> str:
    """A short reason for a requests/urllib3 failure, e.g. "connection refused"."""
    if isinstance(exc, requests.ConnectTimeout):
        return "timed out while connecting"
    if isinstance(exc, requests.ReadTimeout):
        return "timed out waiting for the response"
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS error"
    match = _ERRNO.search(str(exc))
    if match:
        return match.group(1).strip().lower()
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "connection broken while reading the response"
    if isinstance(exc, requests.ConnectionError):
        return "could not connect"
    return type(exc).__name__
