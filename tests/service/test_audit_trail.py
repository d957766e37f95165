"""The audit trail: who, when, what (before and after), listed and exported."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner

from westandbyyou.service import db
from westandbyyou.service.auth import create_token

ADMIN = "/api/v1/admin"


def test_every_write_is_recorded_with_who_when_before_and_after(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    with app.app_context(), db.transaction() as s:
        auth = {"Authorization": f"Bearer {create_token(s, 'maria')}"}
    client = app.test_client()
    client.patch(
        f"{ADMIN}/prisoners/ala-zuyeva", json={"name": "=Ala Zuyeva (synthetic)"}, headers=auth
    )
    client.post(
        f"{ADMIN}/prisoners/ala-zuyeva/release", json={"released_on": "2026-05-06"}, headers=auth
    )
    # A rejected write leaves no trace.
    client.post(f"{ADMIN}/prisoners", json={"name": ""}, headers=auth)

    page = client.get(f"{ADMIN}/audit?per_page=1", headers=auth).get_json()
    assert (page["total"], page["pages"], len(page["items"])) == (2, 2, 1)
    latest = page["items"][0]
    assert latest["actor"] == "maria" and latest["via"] == "api"
    assert (latest["action"], latest["kind"], latest["key"]) == ("update", "prisoner", "ala-zuyeva")
    assert latest["before"]["status"] == "detained" and latest["before"]["released_on"] is None
    assert (
        latest["after"]["status"] == "released" and latest["after"]["released_on"] == "2026-05-06"
    )
    when = dt.datetime.fromisoformat(latest["at"])
    assert abs((dt.datetime.now(dt.UTC) - when).total_seconds()) < 60

    first = client.get(f"{ADMIN}/audit?page=2&per_page=1", headers=auth).get_json()["items"][0]
    assert first["before"]["name"] == "Ala Zuyeva"
    assert first["after"]["name"] == "=Ala Zuyeva (synthetic)"
    assert client.get(f"{ADMIN}/audit?kind=politician", headers=auth).get_json()["total"] == 0

    r = client.get(f"{ADMIN}/audit.csv", headers=auth)
    assert r.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert [row["actor"] for row in rows] == ["maria", "maria"]
    assert json.loads(rows[0]["after"])["name"] == "=Ala Zuyeva (synthetic)"
    exported = client.get(f"{ADMIN}/audit.json", headers=auth).get_json()["items"]
    assert [e["id"] for e in exported] == sorted(e["id"] for e in exported)

    out = tmp_path / "audit.csv"
    assert runner.invoke(args=["audit", str(out)]).exit_code == 0
    assert out.read_bytes() == r.data


def test_imports_are_recorded_under_the_importing_name(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "one.csv"
    path.write_text(
        "politician,party,parliament,country,prisoner,since,source_url\n"
        "Synthetic Audit Person,,bundestag,DE,Ala Zuyeva,2026-01-01,\n",
        "utf-8",
    )
    assert runner.invoke(args=["import", "--as", "kim", str(path)]).exit_code == 0
    with app.app_context(), db.transaction() as s:
        auth = {"Authorization": f"Bearer {create_token(s, 'reader', 'read')}"}
    items = app.test_client().get(f"{ADMIN}/audit", headers=auth).get_json()["items"]
    assert {(e["actor"], e["via"], e["kind"]) for e in items} == {
        ("kim", "import", "politician"),
        ("kim", "import", "godparenthood"),
    }


def test_token_commands(runner: FlaskCliRunner) -> None:
    created = runner.invoke(args=["create-token", "alex"])
    assert created.exit_code == 0
    token = created.stdout.strip()
    assert token.startswith("wsby_") and len(token) > 40
    assert runner.invoke(args=["create-token", "alex"]).exit_code == 1  # one token per name
    listed = runner.invoke(args=["list-tokens"]).output
    assert "alex\twrite" in listed and token not in listed
    assert runner.invoke(args=["revoke-token", "alex"]).exit_code == 0
    assert "alex" not in runner.invoke(args=["list-tokens"]).output
    assert runner.invoke(args=["revoke-token", "alex"]).exit_code == 1
