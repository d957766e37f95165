"""The admin API: tokens, validation, one transaction per request, caches that follow."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from westandbyyou.service import create_app, db
from westandbyyou.service.auth import create_token
from westandbyyou.service.models import CampaignState

PROBLEM = "application/problem+json"
ADMIN = "/api/v1/admin"
# Synthetic records, clearly not campaign data.
SYNTH_POLITICIAN = {
    "name": "Test Politician (synthetic)",
    "party": "Test",
    "parliament": "bundestag",
}


def token_for(app: Flask, name: str = "tester", scope: str = "write") -> dict[str, str]:
    with app.app_context(), db.transaction() as s:
        token = create_token(s, name, scope)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def auth(app: Flask) -> dict[str, str]:
    return token_for(app)


def revision(app: Flask) -> int:
    with app.app_context():
        state = db.session().get(CampaignState, 1)
        return state.revision if state else 0


def godparents(client: FlaskClient) -> int:
    return int(client.get("/api/v1/summary").get_json()["godparents"])


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({}, "A valid token is needed"),
        ({"Authorization": "Bearer wsby_not-a-real-token"}, "not valid"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "A valid token is needed"),
    ],
)
def test_without_a_valid_token_nothing_is_served(
    client: FlaskClient, headers: dict[str, str], detail: str
) -> None:
    r = client.post(f"{ADMIN}/politicians", json=SYNTH_POLITICIAN, headers=headers)
    assert r.status_code == 401
    assert r.mimetype == PROBLEM
    assert detail in r.get_json()["detail"]
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Access-Control-Allow-Origin" not in r.headers
    assert client.get(f"{ADMIN}/export.json", headers=headers).status_code == 401


@pytest.mark.parametrize("query", ["kind=nothing", "key=a%00b", "page=x"])
def test_bad_audit_queries_are_400(client: FlaskClient, auth: dict[str, str], query: str) -> None:
    r = client.get(f"{ADMIN}/audit?{query}", headers=auth)
    assert r.status_code == 400 and r.mimetype == PROBLEM


def test_a_read_only_token_may_read_but_not_write(app: Flask, client: FlaskClient) -> None:
    headers = token_for(app, "reader", "read")
    assert client.get(f"{ADMIN}/audit", headers=headers).status_code == 200
    r = client.post(f"{ADMIN}/politicians", json=SYNTH_POLITICIAN, headers=headers)
    assert r.status_code == 403 and r.mimetype == PROBLEM
    assert "may read but not write" in r.get_json()["detail"]


def test_failed_attempts_are_limited_and_tokens_never_logged(
    app: Flask, client: FlaskClient, auth: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    app.logger.propagate = True  # let caplog see the service's log lines
    bad = {"Authorization": "Bearer wsby_guess-0123456789"}
    with caplog.at_level(logging.INFO):
        codes = [client.get(f"{ADMIN}/audit", headers=bad).status_code for _ in range(12)]
        good = client.get(f"{ADMIN}/audit", headers=auth)
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]
    # Once blocked, even a good token from that address waits: guessing costs the guesser.
    assert good.status_code == 429 and good.mimetype == PROBLEM
    assert int(good.headers["Retry-After"]) >= 1
    assert "failed authentication" in caplog.text
    assert "wsby_guess" not in caplog.text and auth["Authorization"][7:] not in caplog.text


def test_crud_on_every_kind(app: Flask, client: FlaskClient, auth: dict[str, str]) -> None:
    parl = {"slug": "test-parliament", "country": "XX", "position": 99, "names": {"en": "Test P"}}
    r = client.post(f"{ADMIN}/parliaments", json=parl, headers=auth)
    assert r.status_code == 201, r.get_json()
    r = client.post(
        f"{ADMIN}/politicians",
        json={**SYNTH_POLITICIAN, "parliament": "test-parliament"},
        headers=auth,
    )
    assert r.status_code == 201
    pol = r.get_json()["changes"][0]["after"]
    assert pol["slug"] == "test-politician-synthetic" and pol["party"] == "Test"
    r = client.post(f"{ADMIN}/prisoners", json={"name": "Test Prisoner (synthetic)"}, headers=auth)
    assert r.status_code == 201
    link = {"politician": pol["slug"], "prisoner": "test-prisoner-synthetic", "since": "2026-01-02"}
    assert client.post(f"{ADMIN}/godparenthoods", json=link, headers=auth).status_code == 201
    assert client.post(f"{ADMIN}/godparenthoods", json=link, headers=auth).status_code == 409

    r = client.get("/api/v1/godparents/test-politician-synthetic")
    assert r.status_code == 200
    assert r.get_json()["prisoners"][0]["since"] == "2026-01-02"

    r = client.patch(f"{ADMIN}/politicians/{pol['slug']}", json={"party": "Renamed"}, headers=auth)
    assert r.get_json()["changes"][0]["before"]["party"] == "Test"
    assert (
        client.get(f"{ADMIN}/politicians/{pol['slug']}", headers=auth).get_json()["party"]
        == "Renamed"
    )
    # A PATCH that changes nothing records nothing.
    assert client.patch(
        f"{ADMIN}/politicians/{pol['slug']}", json={"party": "Renamed"}, headers=auth
    ).get_json() == {"changes": []}

    # A parliament with members cannot go; a politician takes their godparenthoods along.
    r = client.delete(f"{ADMIN}/parliaments/test-parliament", headers=auth)
    assert r.status_code == 409 and r.mimetype == PROBLEM
    r = client.delete(f"{ADMIN}/politicians/{pol['slug']}", headers=auth)
    assert [c["kind"] for c in r.get_json()["changes"]] == ["godparenthood", "politician"]
    assert client.get("/api/v1/godparents/test-politician-synthetic").status_code == 404
    assert client.delete(f"{ADMIN}/parliaments/test-parliament", headers=auth).status_code == 200
    assert client.delete(f"{ADMIN}/parliaments/test-parliament", headers=auth).status_code == 404


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("politicians", {**SYNTH_POLITICIAN, "parliament": "no-such-parliament"}, "parliament"),
        ("politicians", {**SYNTH_POLITICIAN, "url": "javascript:alert(1)"}, "url"),
        ("politicians", {**SYNTH_POLITICIAN, "name": "x" * 10_000}, "name"),
        ("politicians", {"party": "no name"}, "name"),
        ("politicians", {**SYNTH_POLITICIAN, "name": "NUL\x00inside"}, "name"),
        ("prisoners", {"name": "Synthetic", "status": "gone"}, "status"),
        ("prisoners", {"name": "Synthetic", "released_on": "2026-01-01"}, "released_on"),
        ("prisoners", {"name": "Synthetic", "detained_since": "yesterday"}, "detained_since"),
        ("parliaments", {"slug": "Bad Slug", "country": "DE", "names": {"en": "x"}}, "slug"),
        ("parliaments", {"slug": "ok", "country": "DE", "names": {"de": "x"}}, "names"),
        ("godparenthoods", {"politician": "nobody-at-all", "prisoner": "ala-zuyeva"}, "politician"),
    ],
)
def test_invalid_input_is_422_with_field_errors_and_writes_nothing(
    app: Flask,
    client: FlaskClient,
    auth: dict[str, str],
    path: str,
    body: dict[str, Any],
    field: str,
) -> None:
    before = revision(app)
    r = client.post(f"{ADMIN}/{path}", json=body, headers=auth)
    assert r.status_code == 422, r.get_json()
    assert r.mimetype == PROBLEM
    assert field in r.get_json()["errors"]
    assert revision(app) == before
    assert client.get(f"{ADMIN}/audit", headers=auth).get_json()["total"] == 0


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        (b"x" * (3 * 1024 * 1024), "application/json", 413),
    ],
)
def test_malformed_or_huge_bodies_are_problems_not_500(
    client: FlaskClient, auth: dict[str, str], data: bytes, content_type: str, status: int
) -> None:
    r = client.post(f"{ADMIN}/politicians", data=data, content_type=content_type, headers=auth)
    assert r.status_code == status
    assert r.mimetype == PROBLEM


def test_a_write_is_served_at_once_and_release_keeps_the_counter(
    app: Flask, client: FlaskClient, auth: dict[str, str]
) -> None:
    count = godparents(client)  # now cached
    assert client.get("/api/v1/summary").status_code == 200
    client.post(f"{ADMIN}/politicians", json=SYNTH_POLITICIAN, headers=auth)
    link = {"politician": "test-politician-synthetic", "prisoner": "ala-zuyeva"}
    assert client.post(f"{ADMIN}/godparenthoods", json=link, headers=auth).status_code == 201
    assert godparents(client) == count + 1

    r = client.post(
        f"{ADMIN}/prisoners/ala-zuyeva/release", json={"released_on": "2026-02-03"}, headers=auth
    )
    assert r.status_code == 200
    assert godparents(client) == count + 1
    prisoner = client.get("/api/v1/prisoners/ala-zuyeva").get_json()
    assert prisoner["status"] == "released" and prisoner["released_on"] == "2026-02-03"
    assert "test-politician-synthetic" in [g["slug"] for g in prisoner["godparents"]]


def test_a_failing_request_changes_nothing(
    app: Flask, client: FlaskClient, auth: dict[str, str]
) -> None:
    before = client.get(f"{ADMIN}/export.json", headers=auth).data
    # Renaming the slug is refused after the name was already assigned in the same request.
    r = client.patch(
        f"{ADMIN}/prisoners/ala-zuyeva", json={"name": "Changed", "slug": "other"}, headers=auth
    )
    assert r.status_code == 422
    assert client.get(f"{ADMIN}/export.json", headers=auth).data == before


def test_concurrent_writers_lose_no_update(app: Flask, auth: dict[str, str]) -> None:
    start = revision(app)
    errors: list[str] = []

    def writer(n: int) -> None:
        client = app.test_client()
        for i in range(8):
            body = {**SYNTH_POLITICIAN, "name": f"Synthetic Writer {n}-{i}"}
            r = client.post(f"{ADMIN}/politicians", json=body, headers=auth)
            if r.status_code != 201:
                errors.append(f"{r.status_code} {r.get_data(as_text=True)}")
            r = client.patch(
                f"{ADMIN}/prisoners/ala-zuyeva", json={"name_original": f"w{n}-{i}"}, headers=auth
            )
            if r.status_code != 200:
                errors.append(f"{r.status_code} {r.get_data(as_text=True)}")

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    # 24 creates and 24 updates, each its own commit: the counter saw every one.
    assert revision(app) == start + 48
    items = app.test_client().get(f"{ADMIN}/politicians", headers=auth).get_json()["items"]
    assert sum(p["name"].startswith("Synthetic Writer") for p in items) == 24
    total = app.test_client().get(f"{ADMIN}/audit", headers=auth).get_json()["total"]
    assert total == 48


def test_a_write_through_one_instance_is_served_by_another(
    app: Flask, auth: dict[str, str]
) -> None:
    # A second instance over the same database (and, on PostgreSQL, the same Redis).
    other = create_app({**app.config, "TESTING": True})
    try:
        reader = other.test_client()
        count = godparents(reader)  # warm the other instance's cache
        client = app.test_client()
        client.post(f"{ADMIN}/politicians", json=SYNTH_POLITICIAN, headers=auth)
        link = {"politician": "test-politician-synthetic", "prisoner": "ala-zuyeva"}
        assert client.post(f"{ADMIN}/godparenthoods", json=link, headers=auth).status_code == 201
        assert godparents(reader) == count + 1
    finally:
        db.engine(other).dispose()
