"""Backup while the service runs, restore, and a schema upgrade that keeps existing data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import Engine, create_engine, func, inspect, select, text

from westandbyyou.service import create_app, dataset, db, migrate
from westandbyyou.service.auth import create_token
from westandbyyou.service.models import Godparenthood, Politician

from ..conftest import LiveServer, flask_cli

ADMIN = "/api/v1/admin"
SYNTH = {"name": "Synthetic Backup Test", "parliament": "bundestag"}


def test_backup_and_restore_bring_the_data_back(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, backend: str
) -> None:
    with app.app_context(), db.transaction() as s:
        auth = {"Authorization": f"Bearer {create_token(s, 'staff')}"}
    client = app.test_client()
    before = client.get(f"{ADMIN}/export.json", headers=auth).data
    count = client.get("/api/v1/summary").get_json()["godparents"]

    snapshot = tmp_path / "snapshot.bak"
    result = runner.invoke(args=["backup", str(snapshot)])
    assert result.exit_code == 0, result.output
    kind = "SQLite database" if backend == "sqlite" else "JSON export"
    assert f"wrote {kind}" in result.output

    client.post(f"{ADMIN}/politicians", json=SYNTH, headers=auth)
    client.post(
        f"{ADMIN}/godparenthoods",
        json={"politician": "synthetic-backup-test", "prisoner": "ala-zuyeva"},
        headers=auth,
    )
    assert client.get("/api/v1/summary").get_json()["godparents"] == count + 1

    result = runner.invoke(args=["restore", str(snapshot)])
    assert result.exit_code == 0, result.output
    assert client.get(f"{ADMIN}/export.json", headers=auth).data == before
    # The caches followed the restore at once.
    assert client.get("/api/v1/summary").get_json()["godparents"] == count


def test_restore_of_a_broken_file_changes_nothing(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "westandbyyou/1", "politicians": [{"slug": "x"}]}')
    with app.app_context():
        before = dataset.dumps(dataset.export(db.session()))
    result = runner.invoke(args=["restore", str(bad)])
    assert result.exit_code == 1
    assert "nothing changed" in result.output
    with app.app_context():
        assert dataset.dumps(dataset.export(db.session())) == before


def test_backup_of_a_running_service_under_writes_is_consistent(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    env = {"WSBY_INSTANCE_PATH": str(instance)}
    flask_cli(env, "init-db")
    token = flask_cli(env, "create-token", "staff").strip()
    server = LiveServer(env, workers=2)
    try:
        auth = {"Authorization": f"Bearer {token}"}
        snapshots = []
        for i in range(3):
            body = {**SYNTH, "name": f"Synthetic Backup {i}"}
            r = requests.post(
                f"{server.url}{ADMIN}/politicians", json=body, headers=auth, timeout=10
            )
            assert r.status_code == 201
            path = tmp_path / f"snap{i}.sqlite"
            flask_cli(env, "backup", str(path))
            snapshots.append(path)
    finally:
        server.stop()
    for i, path in enumerate(snapshots):
        engine = create_engine(f"sqlite:///{path}")
        with engine.connect() as conn:
            names = conn.scalars(
                select(Politician.name).where(Politician.name.like("Synthetic Backup %"))
            ).all()
            assert conn.scalar(select(func.count()).select_from(Godparenthood)) == 86
        engine.dispose()
        assert sorted(names) == [f"Synthetic Backup {j}" for j in range(i + 1)]


def _insert_as_release_0001(engine: Engine, doc: dict[str, Any]) -> None:
    """The bundled data written with plain SQL into the first release's tables, as that
    release left them (today's ORM models describe a newer schema)."""
    with engine.begin() as conn:
        ids: dict[tuple[str, str], int] = {}
        for kind, rows in (("parliament", doc["parliaments"]), ("prisoner", doc["prisoners"])):
            for row in rows:
                values = {k: v for k, v in row.items() if k != "slug"}
                if kind == "parliament":
                    values["names"] = json.dumps(values["names"])
                cols = ["slug", *values]
                result = conn.execute(
                    text(
                        f"INSERT INTO {kind} ({', '.join(cols)}) "
                        f"VALUES ({', '.join(':' + c for c in cols)})"
                    ),
                    {"slug": row["slug"], **values},
                )
                ids[(kind, row["slug"])] = int(result.lastrowid or 0)
        for row in doc["politicians"]:
            values = {**row, "parliament_id": ids[("parliament", row["parliament"])]}
            del values["parliament"]
            result = conn.execute(
                text(
                    "INSERT INTO politician (slug, name, party, parliament_id, country, role, "
                    "url) VALUES (:slug, :name, :party, :parliament_id, :country, :role, :url)"
                ),
                values,
            )
            ids[("politician", row["slug"])] = int(result.lastrowid or 0)
        for row in doc["godparenthoods"]:
            conn.execute(
                text(
                    "INSERT INTO godparenthood (politician_id, prisoner_id, since, ended_on, "
                    "end_reason, source_url) VALUES (:pol, :pri, :since, :ended_on, "
                    ":end_reason, :source_url)"
                ),
                {
                    "pol": ids[("politician", row["politician"])],
                    "pri": ids[("prisoner", row["prisoner"])],
                    **{k: row[k] for k in ("since", "ended_on", "end_reason", "source_url")},
                },
            )
        conn.execute(
            text(
                "INSERT INTO campaign_state (id, updated, revision, changed_at) "
                "VALUES (1, '2026-01-20', 1, '2026-01-20 00:00:00')"
            )
        )


def test_the_migration_upgrades_an_existing_database_without_losing_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WSBY_INSTANCE_PATH", str(tmp_path / "instance"))
    config = {"TESTING": True, "CACHE_DIR": str(tmp_path / "cache"), "SECRET_KEY": "test"}
    fresh = create_app({**config, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite'}"})
    with fresh.app_context():
        migrate.upgrade(db.engine())
        with db.transaction() as s:
            dataset.apply(s, dataset.bundled())
        expected = dataset.dumps(dataset.export(db.session()))
    db.engine(fresh).dispose()

    app = create_app({**config, "DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite'}"})
    engine = db.engine(app)
    migrate.upgrade(engine, "0001")  # a database as the first release left it
    _insert_as_release_0001(engine, dataset.bundled())
    assert "audit_entry" not in inspect(engine).get_table_names()

    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert {"audit_entry", "api_token"} <= set(inspect(engine).get_table_names())
    with app.app_context():
        assert dataset.dumps(dataset.export(db.session())) == expected
    # Columns a migration added are filled for the old rows (the search finds them).
    found = app.test_client().get("/api/v1/godparents?q=SCHÄFER").get_json()
    assert [g["name"] for g in found["items"]] == ["Jamila Schäfer"]
    assert app.test_client().get("/api/v1/summary").get_json()["updated"] == "2026-01-20"
    engine.dispose()
