"""Bulk import and export: all or nothing, idempotent, dry run, row errors, exact round trips."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from westandbyyou.service import create_app, db
from westandbyyou.service.auth import create_token
from westandbyyou.service.cli import init_db
from westandbyyou.service.exports import escape_cell, unescape_cell
from westandbyyou.service.models import CampaignState

from ..conftest import make_config

PROBLEM = "application/problem+json"
ADMIN = "/api/v1/admin"
BUNDLED = Path(__file__).parents[2] / "service" / "data" / "campaign.json"
HEADER = "politician,party,parliament,country,prisoner,since,source_url\r\n"


def headers(app: Flask) -> dict[str, str]:
    with app.app_context(), db.transaction() as s:
        return {"Authorization": f"Bearer {create_token(s, 'importer')}"}


def revision(app: Flask) -> int:
    with app.app_context():
        state = db.session().get(CampaignState, 1)
        return state.revision if state else 0


def export(client: FlaskClient, auth: dict[str, str], fmt: str) -> bytes:
    r = client.get(f"{ADMIN}/export.{fmt}", headers=auth)
    assert r.status_code == 200
    return r.data


@pytest.fixture
def empty_app(
    app: Flask, request: pytest.FixtureRequest, tmp_path: Path, backend: str
) -> Iterator[Flask]:
    """A second, empty database on the same backend (its own file or schema)."""
    (tmp_path / "empty").mkdir()
    other = create_app(make_config(request, tmp_path / "empty", backend))
    with other.app_context():
        init_db(load_bundled=False)
    yield other
    db.engine(other).dispose()


def test_the_export_of_the_bundled_data_is_the_bundled_file(
    app: Flask, client: FlaskClient
) -> None:
    r = client.get(f"{ADMIN}/export.json", headers=headers(app))
    assert r.headers["Content-Type"] == "application/json"
    assert "attachment" in r.headers["Content-Disposition"]
    assert r.data == BUNDLED.read_bytes()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_into_an_empty_database_export_gives_the_same_bytes(
    app: Flask, client: FlaskClient, empty_app: Flask, fmt: str
) -> None:
    first = export(client, headers(app), fmt)
    auth = headers(empty_app)
    other = empty_app.test_client()
    r = other.post(f"{ADMIN}/import?format={fmt}", data=first, headers=auth)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["counts"]["create"] == 268  # 19 + 82 + 81 + 86 records
    assert export(other, auth, fmt) == first


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_reimport_changes_nothing(app: Flask, client: FlaskClient, fmt: str) -> None:
    auth = headers(app)
    data = export(client, auth, fmt)
    before, updated = revision(app), client.get("/api/v1/summary").get_json()["updated"]
    r = client.post(f"{ADMIN}/import?format={fmt}", data=data, headers=auth)
    assert r.status_code == 200
    assert r.get_json() == {
        "applied": True,
        "dry_run": False,
        "counts": {"create": 0, "update": 0, "delete": 0},
        "changes": [],
        "errors": {},
    }
    assert revision(app) == before
    assert client.get("/api/v1/summary").get_json()["updated"] == updated


SYNTH_CSV = (
    HEADER
    + "Test Politician (synthetic),Test Party,German Bundestag,DE,Ala Zuyeva,2026-03-01,https://example.org/a\r\n"
    + "Test Politician (synthetic),Test Party,bundestag,DE,Test Prisoner (synthetic),,\r\n"
)


def test_a_dry_run_lists_the_changes_and_writes_nothing(app: Flask, client: FlaskClient) -> None:
    auth = headers(app)
    before = export(client, auth, "json")
    r = client.post(f"{ADMIN}/import?format=csv&dry_run=1", data=SYNTH_CSV.encode(), headers=auth)
    assert r.status_code == 200
    report = r.get_json()
    assert report["applied"] is False and report["dry_run"] is True
    assert [(c["action"], c["kind"], c["key"]) for c in report["changes"]] == [
        ("create", "politician", "test-politician-synthetic"),
        ("create", "prisoner", "test-prisoner-synthetic"),
        ("create", "godparenthood", "test-politician-synthetic/ala-zuyeva"),
        ("create", "godparenthood", "test-politician-synthetic/test-prisoner-synthetic"),
    ]
    assert export(client, auth, "json") == before
    assert client.get(f"{ADMIN}/audit", headers=auth).get_json()["total"] == 0

    count = client.get("/api/v1/summary").get_json()["godparents"]
    r = client.post(
        f"{ADMIN}/import", data=SYNTH_CSV.encode(), headers={**auth, "Content-Type": "text/csv"}
    )
    assert r.get_json()["counts"] == {"create": 4, "update": 0, "delete": 0}
    assert client.get("/api/v1/summary").get_json()["godparents"] == count + 1


BAD_CSV = (
    HEADER
    + "Test Politician (synthetic),,bundestag,DE,Test Prisoner (synthetic),2026-03-01,\r\n"
    + ",,bundestag,DE,Ala Zuyeva,,\r\n"
    + "Second Synthetic,,Nowhere Parliament,,Ala Zuyeva,not-a-date,\r\n"
    + "Third Synthetic,,bundestag,DE,Ala Zuyeva,2026-01-01,javascript:alert(1)\r\n"
    + "Test Politician (synthetic),Other Party,bundestag,DE,Ala Zuyeva,,\r\n"
)


def test_row_errors_name_the_spreadsheet_row_and_nothing_is_imported(
    app: Flask, client: FlaskClient
) -> None:
    auth = headers(app)
    before = export(client, auth, "json")
    r = client.post(f"{ADMIN}/import?format=csv", data=BAD_CSV.encode(), headers=auth)
    assert r.status_code == 422 and r.mimetype == PROBLEM
    body = r.get_json()
    assert body["detail"] == "Nothing was imported: 4 row(s) have errors."
    assert body["errors"] == {
        "row 3": ["politician: Required."],
        "row 4": ["country: Needed to create the new parliament."],
        "row 5": ["source_url: Not an http(s) URL."],
        "row 6": ["party: Differs from row 2 for the same politician."],
    }
    assert export(client, auth, "json") == before


def test_json_row_errors_and_all_or_nothing(app: Flask, client: FlaskClient) -> None:
    auth = headers(app)
    doc = json.loads(BUNDLED.read_text("utf-8"))
    doc["prisoners"][0]["name"] = "Renamed (synthetic)"  # a valid change ...
    doc["godparenthoods"][3]["since"] = "31.12.2025"  # ... and an invalid one
    before = export(client, auth, "json")
    r = client.post(f"{ADMIN}/import", json=doc, headers=auth)
    assert r.status_code == 422
    assert r.get_json()["errors"] == {"godparenthoods[3]": ["since: Not a valid date."]}
    assert export(client, auth, "json") == before


@pytest.mark.parametrize(
    ("fmt", "data", "detail"),
    [
        ("json", b"{", "Not JSON"),
        ("json", b'{"format": "other/9"}', "format"),
        ("json", b"\xff\xfe\x00", "not UTF-8"),
        ("csv", b"name,party\r\nx,y\r\n", "Missing column(s): politician"),
        ("csv", b"\xff\xfe\x00", "not UTF-8"),
        ("xml", b"<x/>", "format must be json or csv"),
    ],
)
def test_unreadable_files_are_400(
    app: Flask, client: FlaskClient, fmt: str, data: bytes, detail: str
) -> None:
    r = client.post(f"{ADMIN}/import?format={fmt}", data=data, headers=headers(app))
    assert r.status_code == 400 and r.mimetype == PROBLEM
    assert detail in r.get_json()["detail"]


HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTabbed",
    "'=already quoted",
    "''double",
    "'plain apostrophe",
    "Plain Name",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_escaping_is_undone_exactly(value: str) -> None:
    assert unescape_cell(escape_cell(value)) == value
    assert not escape_cell(value).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_hostile_cells_are_escaped_in_the_csv_and_come_back_unchanged(
    app: Flask, client: FlaskClient
) -> None:
    auth = headers(app)
    client.post(
        f"{ADMIN}/politicians",
        json={"name": "Synthetic Formula", "party": HOSTILE[0], "parliament": "bundestag"},
        headers=auth,
    )
    client.post(
        f"{ADMIN}/godparenthoods",
        json={"politician": "synthetic-formula", "prisoner": "ala-zuyeva"},
        headers=auth,
    )
    data = export(client, auth, "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    row = next(r for r in rows if r[0] == "Synthetic Formula")
    assert row[1] == "'" + HOSTILE[0]
    # Re-importing the escaped file gives the original value back: nothing changes.
    r = client.post(f"{ADMIN}/import?format=csv", data=data, headers=auth)
    assert r.get_json()["counts"] == {"create": 0, "update": 0, "delete": 0}
    party = client.get(f"{ADMIN}/politicians/synthetic-formula", headers=auth).get_json()["party"]
    assert party == HOSTILE[0]


def test_replace_import_deletes_what_the_document_lacks(app: Flask, client: FlaskClient) -> None:
    auth = headers(app)
    doc: dict[str, Any] = json.loads(BUNDLED.read_text("utf-8"))
    gone = doc["godparenthoods"].pop(0)
    r = client.post(f"{ADMIN}/import?replace=1", json=doc, headers=auth)
    assert r.get_json()["counts"] == {"create": 0, "update": 0, "delete": 1}
    key = f"{gone['politician']}/{gone['prisoner']}"
    assert client.get(f"{ADMIN}/godparenthoods/{key}", headers=auth).status_code == 404


def test_cli_import_export_and_dry_run(app: Flask, runner: Any, tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(SYNTH_CSV, "utf-8")
    result = runner.invoke(args=["import", "--dry-run", str(path)])
    assert result.exit_code == 0, result.output
    assert "create godparenthood test-politician-synthetic/ala-zuyeva" in result.output
    assert "dry run, would 4 create, 0 update, 0 delete" in result.output
    result = runner.invoke(args=["import", str(path)])
    assert "imported: 4 create" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV, "utf-8")
    result = runner.invoke(args=["import", str(bad)])
    assert result.exit_code == 1
    assert "bad.csv: row 3: politician: Required." in result.output
    out = tmp_path / "out.json"
    assert runner.invoke(args=["export", str(out)]).exit_code == 0
    assert json.loads(out.read_text("utf-8"))["format"] == "westandbyyou/1"


@pytest.fixture
def uploader(app: Flask) -> dict[str, str]:
    """One token for every example hypothesis tries."""
    return headers(app)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    fmt=st.sampled_from(["json", "csv"]),
    body=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda t: (HEADER + t).encode("utf-8", "surrogatepass")),
        st.lists(st.lists(st.text(max_size=12), min_size=7, max_size=8), max_size=4).map(
            lambda rows: (
                HEADER
                + "".join(
                    ",".join('"' + c.replace('"', '""') + '"' for c in r) + "\r\n" for r in rows
                )
            ).encode("utf-8", "surrogatepass")
        ),
    ),
)
def test_any_upload_is_answered_never_with_a_500(
    app: Flask, uploader: dict[str, str], fmt: str, body: bytes
) -> None:
    client = app.test_client()
    auth = uploader
    r = client.post(f"{ADMIN}/import?format={fmt}&dry_run=1", data=body, headers=auth)
    assert r.status_code in (200, 400, 422), r.get_data(as_text=True)
    if r.status_code != 200:
        assert r.mimetype == PROBLEM
