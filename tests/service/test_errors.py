"""Bad input gets a clear 4xx as RFC 9457 problem details, never a 500 or a stack trace."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

CASES = [
    # (url, method, headers, status, words in detail, field with an error)
    ("/api/v1/godparents?page=-1", "GET", {}, 400, "page", "page"),
    ("/api/v1/godparents?page=0", "GET", {}, 400, "page", "page"),
    ("/api/v1/godparents?page=abc", "GET", {}, 400, "page", "page"),
    ("/api/v1/godparents?per_page=100000", "GET", {}, 400, "per_page", "per_page"),
    ("/api/v1/godparents?per_page=0", "GET", {}, 400, "per_page", "per_page"),
    ("/api/v1/godparents?page=1e3", "GET", {}, 400, "page", "page"),
    ("/api/v1/godparents?parliament=nowhere", "GET", {}, 404, "No parliament", None),
    ("/api/v1/godparents?parliament=%3Cb%3E", "GET", {}, 400, "parliament", "parliament"),
    ("/api/v1/godparents?country=Germany", "GET", {}, 400, "country", "country"),
    ("/api/v1/godparents?q=" + "x" * 101, "GET", {}, 400, "q", "q"),
    ("/api/v1/prisoners?status=free", "GET", {}, 400, "status", "status"),
    ("/api/v1/summary?lang=%3Cscript%3E", "GET", {}, 400, "lang", "lang"),
    ("/api/v1/summary?lang=" + "a" * 50, "GET", {}, 400, "lang", "lang"),
    ("/api/v1/summary?lang=de%00", "GET", {}, 400, "lang", "lang"),
    ("/api/v1/parliaments/nowhere", "GET", {}, 404, "No parliament with the slug 'nowhere'", None),
    ("/api/v1/godparents/nobody", "GET", {}, 404, "No godparent with the slug 'nobody'", None),
    ("/api/v1/prisoners/nobody", "GET", {}, 404, "No prisoner", None),
    ("/api/v1/widget?godparent=nobody", "GET", {}, 404, "No godparent", None),
    ("/api/v1/widget?parliament=nowhere", "GET", {}, 404, "No parliament", None),
    ("/api/v1/nothing-here", "GET", {}, 404, "Nothing is published", None),
    ("/api/v1/summary", "POST", {}, 405, "POST is not allowed", None),
    ("/api/v1/summary", "DELETE", {}, 405, "DELETE is not allowed", None),
    ("/api/v1/summary", "GET", {"Accept": "text/html"}, 406, "JSON", None),
]


@pytest.mark.parametrize(("url", "method", "headers", "status", "detail", "field"), CASES)
def test_bad_requests_get_problem_details(
    client: FlaskClient,
    url: str,
    method: str,
    headers: dict[str, str],
    status: int,
    detail: str,
    field: str | None,
) -> None:
    r = client.open(url, method=method, headers=headers)
    assert r.status_code == status
    assert r.mimetype == "application/problem+json"
    body = r.get_json(force=True)
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"]
    assert detail in body["detail"]
    assert body["instance"] == url.split("?")[0]
    assert "Traceback" not in r.get_data(as_text=True)
    if field:
        assert field in body["errors"]
        assert all(isinstance(m, str) for m in body["errors"][field])
    if status == 405:
        assert "GET" in r.headers["Allow"]


def test_an_unexpected_error_is_a_500_problem_without_internals(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from westandbyyou.service import queries

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("secret internals: password=hunter2")

    monkeypatch.setattr(queries, "summary", boom)
    r = client.get("/api/v1/summary?lang=it")
    assert r.status_code == 500
    assert r.mimetype == "application/problem+json"
    assert "hunter2" not in r.get_data(as_text=True)
    assert r.get_json()["detail"]
