"""The hot path: a repeat read is answered without a database query, without JSON
serialization and without compression, whether it is a 200 (identity or gzip) or a 304,
and a second worker sharing the cache fills its memory without rebuilding anything."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event

from westandbyyou.service import caching, create_app, db
from westandbyyou.service.api import reads

PATHS = [
    "/api/v1/summary",
    "/api/v1/summary?lang=de",
    "/api/v1/widget",
    "/api/v1/parliaments",
    "/api/v1/godparents?per_page=10&page=2",
]


def _json(response: Any) -> Any:
    """The JSON a client decodes, whichever encoding it was sent in."""
    data = response.data
    if response.headers.get("Content-Encoding") == "gzip":
        data = gzip.decompress(data)
    return json.loads(data)


@dataclass
class Counts:
    queries: list[str] = field(default_factory=list)
    serializations: int = 0
    compressions: int = 0

    def reset(self) -> None:
        self.queries.clear()
        self.serializations = self.compressions = 0

    @property
    def work(self) -> tuple[int, int, int]:
        return len(self.queries), self.serializations, self.compressions


def _count(app: Flask, monkeypatch: pytest.MonkeyPatch, counts: Counts) -> None:
    """Count SQL statements on `app`'s engine, render_json calls and gzip compressions."""

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        counts.queries.append(statement)

    event.listen(db.engine(app), "before_cursor_execute", on_execute)

    real_render, real_compress = caching.render_json, gzip.compress

    def render_json(*args: Any, **kwargs: Any) -> caching.Rendered:
        counts.serializations += 1
        return real_render(*args, **kwargs)

    def compress(*args: Any, **kwargs: Any) -> bytes:
        counts.compressions += 1
        return real_compress(*args, **kwargs)

    # The views import render_json by name, so patch it where they look it up too.
    monkeypatch.setattr(caching, "render_json", render_json)
    monkeypatch.setattr(reads, "render_json", render_json)
    monkeypatch.setattr(gzip, "compress", compress)


@pytest.fixture
def counts(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Counts]:
    c = Counts()
    _count(app, monkeypatch, c)
    yield c


@pytest.mark.parametrize("path", PATHS)
def test_first_read_builds_then_repeat_reads_do_no_work(
    app: Flask, counts: Counts, path: str
) -> None:
    client = app.test_client()
    first = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert first.status_code == 200
    # The counters see the work when there is some: this test can fail.
    queries, serializations, compressions = counts.work
    assert queries >= 1 and serializations == 1 and compressions == 1

    counts.reset()
    for encoding in ("gzip", "identity", "gzip, deflate, br"):
        again = client.get(path, headers={"Accept-Encoding": encoding})
        assert again.status_code == 200
        assert _json(again) == _json(first)
        assert counts.work == (0, 0, 0), (encoding, counts.queries)


@pytest.mark.parametrize("path", PATHS)
def test_304_does_no_work(app: Flask, counts: Counts, path: str) -> None:
    client = app.test_client()
    etag = client.get(path, headers={"Accept-Encoding": "gzip"}).headers["ETag"]
    counts.reset()
    for encoding in ("gzip", "identity"):
        r = client.get(path, headers={"If-None-Match": etag, "Accept-Encoding": encoding})
        assert r.status_code == 304
        assert r.data == b""
        assert counts.work == (0, 0, 0)


def test_second_worker_reuses_the_shared_cache(
    app: Flask, counts: Counts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another worker (another app over the same database and shared cache) serves what the
    first one built: compression happened once per cache fill, not once per worker."""
    first = app.test_client().get("/api/v1/widget", headers={"Accept-Encoding": "gzip"})
    assert first.status_code == 200
    shared = {
        k: app.config[k]
        for k in ("TESTING", "DATABASE_URL", "CACHE_DIR", "CACHE_REDIS_URL", "CACHE_KEY_PREFIX")
        if k in app.config
    }
    other = create_app(shared)
    try:
        _count(other, monkeypatch, counts)
        counts.reset()
        r = other.test_client().get("/api/v1/widget", headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200
        assert r.headers["ETag"] == first.headers["ETag"]
        assert _json(r) == _json(first)
        assert counts.work == (0, 0, 0), counts.queries
    finally:
        db.engine(other).dispose()
