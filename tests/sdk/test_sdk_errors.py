"""Error classes, their RFC 9457 fields and `str()`, and malformed bodies: whatever the
service (or a proxy in front of it) answers, callers see a `WestandbyyouError`."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
import responses

import westandbyyou.sdk as sdk
from westandbyyou.sdk import (
    APIError,
    BadRequestError,
    Client,
    InvalidResponseError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TransportError,
    WestandbyyouError,
)

BASE = "http://sdk.test"


def problem(status: int, detail: str, **extra: Any) -> dict[str, Any]:
    titles = {
        400: "Bad Request",
        404: "Not Found",
        422: "Unprocessable Content",
        429: "Too Many Requests",
        500: "Internal Server Error",
        403: "Forbidden",
    }
    return {
        "type": "about:blank",
        "title": titles[status],
        "status": status,
        "detail": detail,
        **extra,
    }


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (422, BadRequestError),
        (403, APIError),
        (404, NotFoundError),
        (429, RateLimitedError),
        (500, ServerError),
    ],
)
def test_each_status_raises_its_class_with_the_problem_fields(
    mocked: responses.RequestsMock, make_client: Any, status: int, cls: type[APIError]
) -> None:
    body = problem(status, "Synthetic detail.", instance="/api/v1/godparents/nobody")
    mocked.get(
        f"{BASE}/api/v1/godparents/nobody",
        json=body,
        status=status,
        content_type="application/problem+json",
    )
    with pytest.raises(cls) as info:
        make_client(max_retries=0).godparent("nobody")
    exc = info.value
    assert type(exc) is cls
    assert isinstance(exc, WestandbyyouError)
    assert (exc.status, exc.title, exc.detail, exc.type, exc.instance) == (
        status,
        body["title"],
        "Synthetic detail.",
        "about:blank",
        "/api/v1/godparents/nobody",
    )
    assert exc.url == f"{BASE}/api/v1/godparents/nobody"
    assert str(exc) == f"{status} {body['title']}: Synthetic detail. (GET {exc.url})"


def test_field_errors_are_kept_and_shown(mocked: responses.RequestsMock, client: Client) -> None:
    body = problem(
        400,
        "Invalid query parameter(s): per_page.",
        errors={"per_page": ["Must be between 1 and 200."]},
    )
    mocked.get(f"{BASE}/api/v1/godparents", json=body, status=400)
    with pytest.raises(BadRequestError) as info:
        list(client.godparents(per_page=0))
    assert info.value.errors == {"per_page": ["Must be between 1 and 200."]}
    assert str(info.value) == (
        "400 Bad Request: Invalid query parameter(s): per_page. "
        "[per_page: Must be between 1 and 200.] "
        f"(GET {BASE}/api/v1/godparents?per_page=0)"
    )


def test_rate_limited_carries_retry_after(mocked: responses.RequestsMock, make_client: Any) -> None:
    mocked.get(
        f"{BASE}/api/v1/summary",
        json=problem(429, "Slow down."),
        status=429,
        headers={"Retry-After": "12"},
    )
    with pytest.raises(RateLimitedError) as info:
        make_client(max_retries=0).summary()
    assert info.value.retry_after == 12.0
    assert info.value.headers["Retry-After"] == "12"


def test_an_error_page_that_is_not_problem_json(
    mocked: responses.RequestsMock, make_client: Any
) -> None:
    mocked.get(
        f"{BASE}/api/v1/summary",
        body="<html><h1>502 Bad Gateway</h1></html>",
        status=502,
        content_type="text/html",
    )
    with pytest.raises(ServerError) as info:
        make_client(max_retries=0).summary()
    assert (info.value.title, info.value.detail, info.value.errors) == ("Bad Gateway", None, {})
    assert str(info.value) == f"502 Bad Gateway (GET {BASE}/api/v1/summary)"


@pytest.mark.parametrize(
    "errors",
    [["not", "a", "dict"], {"field": "one message"}],
)
def test_odd_problem_documents_still_make_an_error(
    mocked: responses.RequestsMock, client: Client, errors: Any
) -> None:
    body = {"title": 7, "detail": ["x"], "errors": errors}
    mocked.get(f"{BASE}/api/v1/summary", json=body, status=400)
    with pytest.raises(BadRequestError) as info:
        client.summary()
    assert info.value.title == "Bad Request"
    assert info.value.detail is None
    assert info.value.errors in ({}, {"field": ["one message"]})


def test_transport_errors_are_short_and_keep_the_cause(
    mocked: responses.RequestsMock, make_client: Any
) -> None:
    cause = requests.ConnectionError(
        "HTTPConnectionPool(host='sdk.test', port=80): Max retries exceeded with url: /x "
        "(Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f>: "
        "Failed to establish a new connection: [Errno 111] Connection refused'))"
    )
    mocked.get(f"{BASE}/api/v1/summary", body=cause)
    with pytest.raises(TransportError) as info:
        make_client(max_retries=0).summary()
    assert str(info.value) == (
        f"could not reach the service: connection refused (GET {BASE}/api/v1/summary)"
    )
    assert info.value.__cause__ is cause


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (requests.ConnectTimeout("x"), "timed out while connecting"),
        (requests.ReadTimeout("x"), "timed out waiting for the response"),
        (requests.exceptions.SSLError("x"), "TLS error"),
        (requests.exceptions.ChunkedEncodingError("x"), "connection broken while reading"),
        (
            requests.ConnectionError("[Errno -2] Name or service not known')"),
            "name or service not known",
        ),
        (requests.ConnectionError("x"), "could not connect"),
        (requests.exceptions.InvalidURL("x"), "InvalidURL"),
    ],
)
def test_transport_reasons(
    mocked: responses.RequestsMock, make_client: Any, exc: Exception, reason: str
) -> None:
    mocked.get(f"{BASE}/api/v1/summary", body=exc)
    with pytest.raises(TransportError, match=reason):
        make_client(max_retries=0).summary()


# ---- malformed success bodies -----------------------------------------------------------

MALFORMED = [
    pytest.param(
        "<!doctype html><title>Captive portal</title>",
        "text/html",
        "expected JSON, got text/html: '<!doctype html>",
        id="html",
    ),
    pytest.param('{"godparents": 3, "prison', "application/json", "expected JSON", id="truncated"),
    pytest.param(b"\xff\xfe\x00", "application/json", "expected JSON", id="not-utf8"),
    pytest.param("", "application/json", "(empty body)", id="empty"),
    pytest.param("[1, 2]", "application/json", "summary: expected an object, got list", id="list"),
    pytest.param(
        '{"godparents": 3}', "application/json", "missing field 'prisoners'", id="missing"
    ),
    pytest.param(
        json.dumps(
            {
                **dict.fromkeys(["godparents", "prisoners", "parliaments"], 1),
                "updated": "yesterday",
                "headline": "h",
                "lang": "en",
            }
        ),
        "application/json",
        "summary.updated: not an ISO date",
        id="bad-date",
    ),
    pytest.param(
        json.dumps(
            {
                "godparents": "82",
                "prisoners": 1,
                "parliaments": 1,
                "updated": None,
                "headline": "h",
                "lang": "en",
            }
        ),
        "application/json",
        "summary.godparents: expected an integer, got '82'",
        id="string-count",
    ),
    pytest.param(
        json.dumps(
            {
                "godparents": True,
                "prisoners": 1,
                "parliaments": 1,
                "updated": None,
                "headline": "h",
                "lang": "en",
            }
        ),
        "application/json",
        "expected an integer, got True",
        id="bool-count",
    ),
]


@pytest.mark.parametrize(("body", "ctype", "message"), MALFORMED)
def test_malformed_bodies_raise_invalid_response(
    mocked: responses.RequestsMock, client: Client, body: str | bytes, ctype: str, message: str
) -> None:
    mocked.get(f"{BASE}/api/v1/summary", body=body, content_type=ctype)
    with pytest.raises(InvalidResponseError) as info:
        client.summary()
    assert message in str(info.value)
    assert str(info.value).endswith(f"(HTTP 200 from {BASE}/api/v1/summary)")
    assert len(mocked.calls) == 1  # a broken body is not retried: it would come back broken


@pytest.mark.parametrize(
    ("path", "call", "doc", "message"),
    [
        (
            "/api/v1/godparents",
            lambda c: list(c.godparents()),
            {"items": {}, "page": 1},
            "page.items: expected a list",
        ),
        (
            "/api/v1/godparents",
            lambda c: list(c.godparents()),
            {"items": [{"slug": "x"}], "page": 1, "per_page": 1, "total": 1, "pages": 1},
            "godparent: missing field 'name'",
        ),
        (
            "/api/v1/parliaments",
            lambda c: c.parliaments(),
            {"items": [None]},
            "parliament: expected an object, got NoneType",
        ),
        ("/api/v1/parliaments", lambda c: c.parliaments(), {}, "missing field 'items'"),
        (
            "/api/v1/widget",
            lambda c: c.widget(),
            {"summary": [], "parliaments": []},
            "widget.summary: expected an object, got \\[\\]",
        ),
        (
            "/api/v1/widget",
            lambda c: c.render_counter(),
            {"parliaments": []},
            "widget: missing field 'summary'",
        ),
        (
            "/api/v1/godparents/x",
            lambda c: c.godparent("x"),
            {"slug": "x", "name": "n", "party": 3, "parliament": {}, "prisoners": []},
            "godparent.party: expected a string or null, got 3",
        ),
    ],
)
def test_json_of_the_wrong_shape(
    mocked: responses.RequestsMock, client: Client, path: str, call: Any, doc: Any, message: str
) -> None:
    mocked.get(f"{BASE}{path}", json=doc)
    with pytest.raises(InvalidResponseError, match=message):
        call(client)


def test_every_error_class_is_exported_and_under_one_base() -> None:
    for name in (
        "APIError",
        "BadRequestError",
        "NotFoundError",
        "RateLimitedError",
        "ServerError",
        "TransportError",
        "InvalidResponseError",
    ):
        cls = getattr(sdk, name)
        assert issubclass(cls, WestandbyyouError), name
        assert name in sdk.__all__
    assert not issubclass(TransportError, APIError)
    assert not issubclass(InvalidResponseError, APIError)
    assert repr(NotFoundError(404, title="Not Found", detail="d")) == (
        "NotFoundError(status=404, detail='d')"
    )
    assert str(InvalidResponseError("odd")) == "unexpected response: odd"
