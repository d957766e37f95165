"""Dependencies fail: reads keep serving, errors are clear 503s, nothing crashes."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from westandbyyou.service import caching, create_app, db
from westandbyyou.service.cli import init_db

DEAD_POSTGRES = "postgresql+psycopg://nobody@127.0.0.1:1/none"


def _healthy(tmp_path: Path) -> Flask:
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
                      "CACHE_DIR": str(tmp_path / "cache")})
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
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
                      "CACHE_REDIS_URL": "redis://127.0.0.1:1/0"})
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
