"""Real servers: concurrent writers in several worker processes lose no update, and a write
through one instance is served by another at once (SQLite + file cache, or PostgreSQL + Redis)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import requests
from flask import Flask

from westandbyyou.service import db
from westandbyyou.service.auth import create_token
from westandbyyou.service.models import CampaignState

from ..conftest import LiveServer

ADMIN = "/api/v1/admin"


@pytest.fixture
def servers(app: Flask) -> Iterator[tuple[LiveServer, LiveServer]]:
    """Two instances (two worker processes each) over the `app` fixture's database and cache."""
    env = {
        "WSBY_INSTANCE_PATH": app.instance_path,
        "DATABASE_URL": app.config["DATABASE_URL"],
        "WSBY_CACHE_DIR": app.config["CACHE_DIR"],
    }
    if app.config.get("CACHE_REDIS_URL"):
        env["CACHE_REDIS_URL"] = app.config["CACHE_REDIS_URL"]
        env["WSBY_CACHE_KEY_PREFIX"] = app.config["CACHE_KEY_PREFIX"]
    first = LiveServer(env, workers=2)
    try:
        second = LiveServer(env, workers=2)
    except Exception:
        first.stop()
        raise
    yield first, second
    second.stop()
    first.stop()


def test_writers_in_many_processes_lose_nothing_and_every_instance_serves_the_news(
    app: Flask, servers: tuple[LiveServer, LiveServer]
) -> None:
    with app.app_context(), db.transaction() as s:
        auth = {"Authorization": f"Bearer {create_token(s, 'concurrency')}"}
        start = s.get(CampaignState, 1).revision  # type: ignore[union-attr]
    a, b = servers
    count = requests.get(f"{b.url}/api/v1/summary", timeout=10).json()["godparents"]
    failures: list[str] = []

    def writer(server: LiveServer, n: int) -> None:
        with requests.Session() as http:
            for i in range(5):
                slug = f"synthetic-concurrent-{n}-{i}"
                body = {
                    "slug": slug,
                    "name": f"Synthetic Concurrent {n}-{i}",
                    "parliament": "bundestag",
                }
                link = {"politician": slug, "prisoner": "ala-zuyeva"}
                for path, data in (("politicians", body), ("godparenthoods", link)):
                    r = http.post(
                        f"{server.url}{ADMIN}/{path}", json=data, headers=auth, timeout=30
                    )
                    if r.status_code != 201:
                        failures.append(f"{r.status_code} {r.text[:200]}")

    threads = [threading.Thread(target=writer, args=((a, b)[n % 2], n)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert failures == []

    # 40 writes, 40 commits, none lost; both instances count all 20 new godparents at once.
    with app.app_context():
        assert db.session().get(CampaignState, 1).revision == start + 40  # type: ignore[union-attr]
    for server in (a, b):
        summary = requests.get(f"{server.url}/api/v1/summary", timeout=10).json()
        assert summary["godparents"] == count + 20
