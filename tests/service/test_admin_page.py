"""The admin page over HTTP: login, cookie, CSRF, CSP, and each form's effect."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from westandbyyou.service import db
from westandbyyou.service.auth import create_token, revoke_token


@pytest.fixture
def token(app: Flask) -> str:
    with app.app_context(), db.transaction() as s:
        return create_token(s, "page-tester")


def csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "every form carries a CSRF token"
    return match.group(1)


def login(client: FlaskClient, token: str) -> str:
    page = client.get("/admin/login").get_data(as_text=True)
    r = client.post("/admin/login", data={"csrf": csrf(page), "token": token})
    assert r.status_code == 302 and r.headers["Location"].endswith("/admin")
    return client.get("/admin").get_data(as_text=True)


def test_the_page_needs_a_login_and_sends_strict_headers(client: FlaskClient) -> None:
    r = client.get("/admin")
    assert r.status_code == 302 and r.headers["Location"].endswith("/admin/login")
    r = client.get("/admin/login")
    assert r.status_code == 200
    csp = r.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script" not in csp.replace("default-src 'none'", "")
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Cache-Control"] == "no-store"
    cookie = r.headers["Set-Cookie"]
    assert "Path=/admin" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Secure" in cookie  # not DEBUG
    assert "<script" not in r.get_data(as_text=True)
    # Public reads never carry the admin cookie.
    assert "Set-Cookie" not in client.get("/api/v1/summary").headers


def test_a_wrong_token_is_refused_and_counted(client: FlaskClient) -> None:
    page = client.get("/admin/login").get_data(as_text=True)
    statuses = [
        client.post("/admin/login", data={"csrf": csrf(page), "token": "wsby_wrong"}).status_code
        for _ in range(11)
    ]
    assert statuses == [401] * 10 + [429]
    r = client.post("/admin/login", data={"csrf": csrf(page), "token": "wsby_wrong"})
    assert "Too many failed attempts" in r.get_data(as_text=True)


def test_forms_without_the_csrf_token_are_refused(client: FlaskClient, token: str) -> None:
    assert client.post("/admin/login", data={"token": token}).status_code == 400
    login(client, token)
    r = client.post("/admin/rename", data={"record": "prisoners:ala-zuyeva", "name": "X"})
    assert r.status_code == 400
    assert r.mimetype == "application/problem+json"


def test_each_form_changes_the_public_data(client: FlaskClient, token: str) -> None:
    html = login(client, token)
    form = csrf(html)
    count = client.get("/api/v1/summary").get_json()["godparents"]

    r = client.post(
        "/admin/godparenthood",
        data={
            "csrf": form,
            "politician": "",
            "politician_name": "Synthetic Page Politician",
            "party": "Synthetic Party",
            "parliament": "bundestag",
            "prisoner": "",
            "prisoner_name": "Synthetic Page Prisoner",
            "since": "2026-04-01",
            "source_url": "https://example.org/announcement",
        },
        follow_redirects=True,
    )
    assert "Added: Synthetic Page Politician stands by Synthetic Page Prisoner." in r.get_data(
        as_text=True
    )
    assert client.get("/api/v1/summary").get_json()["godparents"] == count + 1

    r = client.post(
        "/admin/release",
        data={"csrf": form, "prisoner": "synthetic-page-prisoner", "released_on": "2026-04-02"},
        follow_redirects=True,
    )
    assert "marked released on 2026-04-02" in r.get_data(as_text=True)
    prisoner = client.get("/api/v1/prisoners/synthetic-page-prisoner").get_json()
    assert (prisoner["status"], prisoner["released_on"]) == ("released", "2026-04-02")
    assert client.get("/api/v1/summary").get_json()["godparents"] == count + 1

    r = client.post(
        "/admin/rename",
        data={
            "csrf": form,
            "record": "politicians:synthetic-page-politician",
            "name": "Synthetic Renamed",
        },
        follow_redirects=True,
    )
    assert "Renamed Synthetic Page Politician to Synthetic Renamed." in r.get_data(as_text=True)
    assert client.get("/api/v1/godparents/synthetic-page-politician").get_json()["name"] == (
        "Synthetic Renamed"
    )
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert "page-tester" in audit and "Synthetic Renamed" in audit


def test_a_form_with_errors_keeps_the_input_and_saves_nothing(
    client: FlaskClient, token: str
) -> None:
    form = csrf(login(client, token))
    r = client.post(
        "/admin/godparenthood",
        data={
            "csrf": form,
            "politician": "",
            "politician_name": "Synthetic <b>Half</b> Entry",
            "parliament": "bundestag",
            "prisoner": "",
            "prisoner_name": "",
            "since": "2026-04-01",
        },
    )
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "Nothing was saved" in html and "prisoner: Choose one, or type a new name." in html
    assert 'value="Synthetic &lt;b&gt;Half&lt;/b&gt; Entry"' in html  # kept, and inert
    assert client.get("/api/v1/godparents?q=Half").get_json()["total"] == 0


def test_revoking_the_token_ends_the_session(app: Flask, client: FlaskClient, token: str) -> None:
    login(client, token)
    with app.app_context(), db.transaction() as s:
        revoke_token(s, "page-tester")
    r = client.get("/admin")
    assert r.status_code == 302 and r.headers["Location"].endswith("/admin/login")
