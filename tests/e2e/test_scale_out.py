"""Scale-out for real: two stateless service processes on different ports share one
PostgreSQL database and one Redis cache (docs/scaling.md). A write through one instance's
configuration is read, fresh, through the other at once, although both had cached the data.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import requests

from bench import synthetic
from tests.conftest import LiveServer, _postgres_schema, flask_cli

pytestmark = pytest.mark.skipif(
    not (os.environ.get("TEST_DATABASE_URL") and os.environ.get("TEST_REDIS_URL")),
    reason="scale-out needs a real PostgreSQL and Redis: set TEST_DATABASE_URL and "
    "TEST_REDIS_URL (CI does)",
)

BASE = 20  # synthetic godparents loaded before the servers start


@pytest.fixture
def shared_env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The configuration every instance gets: one database schema, one Redis key prefix."""
    prefix = f"wsby-scale-{uuid.uuid4().hex[:12]}:"
    env = {
        "DATABASE_URL": _postgres_schema(request),
        "CACHE_REDIS_URL": os.environ["TEST_REDIS_URL"],
        "WSBY_CACHE_KEY_PREFIX": prefix,
        "WSBY_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    flask_cli(env, "init-db", "--no-data")
    doc = tmp_path / "synthetic.json"
    doc.write_text(json.dumps(synthetic.generate(BASE)))
    flask_cli(env, "load-data", str(doc))
    yield env
    r = redis.Redis.from_url(os.environ["TEST_REDIS_URL"])
    keys = list(r.scan_iter(match=prefix + "*"))
    if keys:
        r.delete(*keys)
    r.close()


@pytest.fixture
def instances(shared_env: dict[str, str]) -> Iterator[tuple[LiveServer, LiveServer]]:
    a = LiveServer(shared_env)
    try:
        b = LiveServer(shared_env)
    except Exception:
        a.stop()
        raise
    yield a, b
    a.stop()
    b.stop()


def summary(server: LiveServer) -> requests.Response:
    r = requests.get(f"{server.url}/api/v1/summary", timeout=10)
    assert r.status_code == 200
    return r


def test_write_through_one_instance_is_read_fresh_through_the_other(
    instances: tuple[LiveServer, LiveServer], shared_env: dict[str, str], tmp_path: Path
) -> None:
    a, b = instances
    assert a.port != b.port
    # Warm both: each instance's memory and the shared cache hold the current bodies.
    for server in (a, b, a, b):
        assert summary(server).json()["godparents"] == BASE
    old_etag = summary(b).headers["ETag"]
    assert summary(a).headers["ETag"] == old_etag

    # The write, through instance A's configuration (the admin API would commit the same
    # way): a new synthetic godparent with one godparenthood.
    delta = tmp_path / "delta.json"
    delta.write_text(json.dumps(synthetic.delta(1, BASE)))
    flask_cli(shared_env, "load-data", str(delta))

    # At once, with no waiting: B (and A) serve the new data, not their cached copies.
    fresh = summary(b)
    assert fresh.json()["godparents"] == BASE + 1
    assert fresh.headers["ETag"] != old_etag
    assert summary(a).json()["godparents"] == BASE + 1
    revalidated = requests.get(
        f"{b.url}/api/v1/summary", headers={"If-None-Match": old_etag}, timeout=10
    )
    assert revalidated.status_code == 200
    new = synthetic.godparent_slug(BASE + 1)
    person = requests.get(f"{b.url}/api/v1/godparents/{new}", timeout=10)
    assert person.status_code == 200
    assert person.json()["name"] == f"Synthetic Godparent {BASE + 1:05d}"
    renamed = requests.get(f"{a.url}/api/v1/godparents/{synthetic.godparent_slug(1)}", timeout=10)
    assert renamed.json()["name"] == "Synthetic Godparent 00001 (edit 1)"
