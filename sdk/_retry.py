"""Backoff and `Retry-After`: pure functions, so the retry loop's timing is tested without
waiting. The loop itself lives in `Client._send` where its cases are listed."""

from __future__ import annotations

import datetime as dt
import email.utils
import random
from collections.abc import Callable

#: Statuses a GET is retried on: rate limiting and the gateway/overload family. A plain 500
#: is a bug on the server, not a blip, so asking again would only add load.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
#: Methods that are safe to send twice.
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})
#: The longest `Retry-After` the SDK waits; a longer hint is cut to this.
MAX_RETRY_AFTER = 30.0

Backoff = Callable[[int], float]


def exponential_backoff(
    retry: int,
    *,
    base: float = 0.5,
    cap: float = 8.0,
    rand: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait before retry number `retry` (1, 2, ...): capped exponential backoff
    with "equal jitter": half the step is fixed, half random, so retries from many clients
    spread out yet never hammer the service immediately."""
    if retry < 1:
        raise ValueError("retry counts from 1")
    step = min(cap, base * 2.0 ** (retry - 1))
    return step / 2 + rand() * step / 2


def parse_retry_after(
    value: str | None, *, now: Callable[[], dt.datetime] | None = None
) -> float | None:
    """`Retry-After` in seconds (RFC 9110: delay-seconds or an HTTP-date), or None when
    absent or unparseable. A date in the past means "now": 0."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" parses naive; HTTP-dates are always GMT
        when = when.replace(tzinfo=dt.UTC)
    current = now() if now else dt.datetime.now(dt.UTC)
    return max((when - current).total_seconds(), 0.0)


def retry_delay(
    retry: int,
    retry_after: str | None,
    backoff: Backoff,
    *,
    cap: float = MAX_RETRY_AFTER,
    now: Callable[[], dt.datetime] | None = None,
) -> float:
    """The wait before retry number `retry`: the server's `Retry-After` (capped at `cap`)
    when it sent one, else `backoff(retry)`."""
    hint = parse_retry_after(retry_after, now=now)
    if hint is not None:
        return min(hint, cap)
    return max(backoff(retry), 0.0)
