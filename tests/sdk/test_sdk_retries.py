"""Which failures are retried, how long the client waits, and that each retry is logged.
The client's `sleep` only records, so nothing here waits."""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

import pytest
import requests
import responses

from westandbyyou.sdk import (
    APIError,
    BadRequestError,
    Client,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TransportError,
    exponential_backoff,
)
from westandbyyou.sdk._retry import MAX_RETRY_AFTER, parse_retry_after, retry_delay

BASE = "http://sdk.test"
URL = f"{BASE}/api/v1/summary"


def status(code: int, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    body = json.dumps({"type": "about:blank", "title": "Synthetic", "status": code, "detail": "x"})
    return (code, {"Content-Type": "application/problem+json", **(headers or {})}, body)


# (first answer, retried?, error raised when it is not retried)
CASES = [
    pytest.param(requests.ConnectionError("refused"), True, TransportError, id="connection"),
    pytest.param(requests.ConnectTimeout("slow"), True, TransportError, id="connect-timeout"),
    pytest.param(requests.ReadTimeout("slow"), True, TransportError, id="read-timeout"),
    pytest.param(
        requests.exceptions.ChunkedEncodingError("cut"), True, TransportError, id="cut-off-body"
    ),
    pytest.param(status(429), True, RateLimitedError, id="429"),
    pytest.param(status(502), True, ServerError, id="502"),
    pytest.param(status(503), True, ServerError, id="503"),
    pytest.param(status(504), True, ServerError, id="504"),
    pytest.param(status(500), False, ServerError, id="500"),
    pytest.param(status(400), False, BadRequestError, id="400"),
    pytest.param(status(403), False, APIError, id="403"),
    pytest.param(status(404), False, NotFoundError, id="404"),
    pytest.param(requests.exceptions.SSLError("bad cert"), False, TransportError, id="tls"),
]


@pytest.mark.parametrize(("failure", "retried", "error"), CASES)
def test_fail_then_succeed(
    mocked: responses.RequestsMock,
    client: Client,
    data: dict[str, Any],
    helpers: Any,
    sleeps: list[float],
    failure: Any,
    retried: bool,
    error: type[Exception],
) -> None:
    ok = (200, {"Content-Type": "application/json"}, json.dumps(data["summary"]))
    mocked.add_callback("GET", URL, callback=helpers.seq(failure, ok))
    if retried:
        assert client.summary().godparents == 3
        assert len(mocked.calls) == 2
        assert sleeps == [0.1]
    else:
        with pytest.raises(error):
            client.summary()
        assert len(mocked.calls) == 1
        assert sleeps == []


@pytest.mark.parametrize(("failure", "retried", "error"), [c for c in CASES if c.values[1]])
def test_retries_stop_after_max_retries_and_raise_the_last_error(
    mocked: responses.RequestsMock,
    make_client: Any,
    helpers: Any,
    sleeps: list[float],
    failure: Any,
    retried: bool,
    error: type[Exception],
) -> None:
    mocked.add_callback("GET", URL, callback=helpers.seq(failure))
    with pytest.raises(error):
        make_client(max_retries=2).summary()
    assert len(mocked.calls) == 3
    assert sleeps == pytest.approx([0.1, 0.2])


def test_no_retries_when_max_retries_is_zero(
    mocked: responses.RequestsMock, make_client: Any, helpers: Any, sleeps: list[float]
) -> None:
    mocked.add_callback("GET", URL, callback=helpers.seq(status(503)))
    with pytest.raises(ServerError):
        make_client(max_retries=0).summary()
    assert (len(mocked.calls), sleeps) == (1, [])


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_writes_are_never_retried(
    mocked: responses.RequestsMock,
    client: Client,
    helpers: Any,
    sleeps: list[float],
    method: str,
) -> None:
    mocked.add_callback(method, f"{BASE}/api/v1/admin/x", callback=helpers.seq(status(503)))
    with pytest.raises(ServerError):
        client.request(method, "/api/v1/admin/x")
    assert (len(mocked.calls), sleeps) == (1, [])
    mocked.add_callback(
        method, f"{BASE}/api/v1/admin/y", callback=helpers.seq(requests.ConnectionError("reset"))
    )
    with pytest.raises(TransportError):
        client.request(method, "/api/v1/admin/y")
    assert (len(mocked.calls), sleeps) == (2, [])


@pytest.mark.parametrize(
    ("header", "waited"),
    [
        ("7", 7.0),
        ("0", 0.0),
        ("3600", MAX_RETRY_AFTER),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
        ("soon", 0.1),
    ],
)
def test_429_waits_for_retry_after_up_to_the_cap(
    mocked: responses.RequestsMock,
    client: Client,
    helpers: Any,
    data: dict[str, Any],
    sleeps: list[float],
    header: str,
    waited: float,
) -> None:
    ok = (200, {}, json.dumps(data["summary"]))
    mocked.add_callback("GET", URL, callback=helpers.seq(status(429, {"Retry-After": header}), ok))
    client.summary()
    assert sleeps == [waited]


def test_503_honours_an_http_date_retry_after(
    mocked: responses.RequestsMock,
    client: Client,
    helpers: Any,
    data: dict[str, Any],
    sleeps: list[float],
) -> None:
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=20)
    header = soon.strftime("%a, %d %b %Y %H:%M:%S GMT")
    ok = (200, {}, json.dumps(data["summary"]))
    mocked.add_callback("GET", URL, callback=helpers.seq(status(503, {"Retry-After": header}), ok))
    client.summary()
    assert 17 < sleeps[0] <= 20


def test_each_retry_is_logged(
    mocked: responses.RequestsMock,
    client: Client,
    helpers: Any,
    data: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    ok = (200, {}, json.dumps(data["summary"]))
    mocked.add_callback("GET", URL, callback=helpers.seq(status(502), status(504), ok))
    with caplog.at_level(logging.INFO, logger="westandbyyou.sdk"):
        client.summary()
    messages = [r.getMessage() for r in caplog.records if r.name == "westandbyyou.sdk"]
    assert messages == [
        f"retry 1 of 3 for GET {URL} in 0.10 s after: 502 Bad Gateway",
        f"retry 2 of 3 for GET {URL} in 0.20 s after: 504 Gateway Timeout",
    ]


# ---- pure timing functions -----------------------------------------------------------


@pytest.mark.parametrize(
    ("retry", "low", "high"),
    [(1, 0.25, 0.5), (2, 0.5, 1.0), (3, 1.0, 2.0), (5, 4.0, 8.0), (6, 4.0, 8.0), (50, 4.0, 8.0)],
)
def test_backoff_doubles_with_jitter_and_is_capped(retry: int, low: float, high: float) -> None:
    assert exponential_backoff(retry, rand=lambda: 0.0) == low
    assert exponential_backoff(retry, rand=lambda: 1.0) == high
    assert low <= exponential_backoff(retry) <= high


def test_backoff_counts_retries_from_one() -> None:
    with pytest.raises(ValueError, match="from 1"):
        exponential_backoff(0)


NOW = dt.datetime(2026, 11, 24, 12, 0, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (None, None),
        ("", None),
        ("120", 120.0),
        (" 5 ", 5.0),
        ("-5", None),
        ("1.5", None),
        ("tomorrow", None),
        ("Tue, 24 Nov 2026 12:01:30 GMT", 90.0),
        ("Tue, 24 Nov 2026 11:00:00 GMT", 0.0),
        ("Tue, 24 Nov 2026 12:00:10 -0000", 10.0),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=lambda: NOW) == seconds


def test_retry_delay_prefers_the_servers_hint_and_caps_it() -> None:
    def backoff(n: int) -> float:
        return 100.0 + n

    assert retry_delay(2, None, backoff) == 102.0
    assert retry_delay(2, "3", backoff) == 3.0
    assert retry_delay(2, "90", backoff, cap=30) == 30.0
    assert retry_delay(1, None, lambda n: -1.0) == 0.0
