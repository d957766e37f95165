"""Dependencies fail: reads keep serving, errors are clear 503s, nothing crashes."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from westandbyyou.service import caching, create_app, db
from westandbyyou.service.cli import init_db

from ..conftest import make_config

DEAD_POSTGRES = "postgresql+psycopg://nobody@127.0.0.1:1/none"


def _healthy(tmp_path: Path) -> Flask:
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
            "CACHE_DIR": str(tmp_path / "cache"),
        }
    )
    with app.app_context():
        init_db()
    return app


def test_database_down_serves_cached_and_last_good_data_marked_stale(tmp_path: Path) -> None:
    healthy = _healthy(tmp_path)
    warm = healthy.test_client().get("/api/v1/summary?lang=de")
    assert warm.status_code == 200

    # Another worker whose database is unreachable, sharing the same cache.
    broken = create_app({"DATABASE_URL": DEAD_POSTGRES, "CACHE_DIR": str(tmp_path / "cache")})
    client = broken.test_client()
    hit = client.get("/api/v1/summary?lang=de")
    assert hit.status_code == 200 and hit.data == warm.data

    with healthy.app_context():
        caching.invalidate()  # a data change elsewhere: the cached body is now outdated
    stale = client.get("/api/v1/summary?lang=de")
    assert stale.status_code == 200
    assert stale.get_json() == warm.get_json()
    assert "stale" in stale.headers["Cache-Status"]

    never_cached = client.get("/api/v1/godparents/klaus-mindrup")
    assert never_cached.status_code == 503
    assert never_cached.mimetype == "application/problem+json"
    assert "database is unavailable" in never_cached.get_json()["detail"]
    assert never_cached.headers["Retry-After"]
    assert client.get("/readyz").status_code == 503
    assert client.get("/healthz").status_code == 200
    db.engine(healthy).dispose()


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_redis_down_falls_back_to_the_in_process_cache_and_logs_once(tmp_path: Path) -> None:
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
            "CACHE_REDIS_URL": "redis://127.0.0.1:1/0",
        }
    )
    records = _Records()
    app.logger.addHandler(records)
    with app.app_context():
        init_db()
    client = app.test_client()
    first = client.get("/api/v1/summary")
    second = client.get("/api/v1/summary", headers={"If-None-Match": first.headers["ETag"]})
    assert first.status_code == 200 and first.get_json()["godparents"] == 82
    assert second.status_code == 304
    assert client.get("/api/v1/widget?lang=fr").status_code == 200
    warnings = [m for m in records.messages if "shared cache unavailable" in m]
    assert len(warnings) == 1
    db.engine(app).dispose()


def test_writes_get_503_when_the_database_is_down(tmp_path: Path) -> None:
    app = create_app({"DATABASE_URL": DEAD_POSTGRES, "CACHE_DIR": str(tmp_path / "cache")})
    r = app.test_client().post(
        "/api/v1/admin/politicians",
        json={"name": "Synthetic"},
        headers={"Authorization": "Bearer wsby_synthetic"},
    )
    assert r.status_code == 503
    assert r.mimetype == "application/problem+json"
    assert "nothing was changed" in r.get_json()["detail"]


def test_a_read_only_sqlite_file_gives_a_clear_error_and_stays_intact(tmp_path: Path) -> None:
    healthy = _healthy(tmp_path)
    with healthy.app_context(), db.transaction() as s:
        from westandbyyou.service.auth import create_token

        token = create_token(s, "read-only-test")
    db.engine(healthy).dispose()
    path = tmp_path / "db.sqlite"
    # SQLite's read-only mode: what a full disk or a read-only mount looks like to a writer.
    readonly = create_app(
        {
            "DATABASE_URL": f"sqlite:///file:{path}?mode=ro&uri=true",
            "CACHE_DIR": str(tmp_path / "cache2"),
        }
    )
    client = readonly.test_client()
    assert client.get("/api/v1/summary").get_json()["godparents"] == 82
    r = client.post(
        "/api/v1/admin/politicians",
        json={"name": "Synthetic Politician", "parliament": "bundestag"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 503, r.get_data(as_text=True)
    assert "disk is full or read-only" in r.get_json()["detail"]
    db.engine(readonly).dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM politician").fetchone() == (82,)


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"),
    reason="needs PostgreSQL: set TEST_DATABASE_URL (CI does)",
)
def test_a_locked_table_bounds_the_request_instead_of_piling_up(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    app = create_app(make_config(request, tmp_path, "postgresql"))
    with app.app_context():
        init_db()
    url = app.config["DATABASE_URL"]
    blocker = create_engine(url)
    with blocker.connect() as conn:
        conn.execute(text("LOCK TABLE politician IN ACCESS EXCLUSIVE MODE"))
        # Only the statement timeout can end this request: the lock is held until after it.
        r = app.test_client().get("/api/v1/godparents/klaus-mindrup")
        conn.rollback()
    assert r.status_code == 503
    assert "took too long" in r.get_json()["detail"]
    blocker.dispose()
    db.engine(app).dispose()
