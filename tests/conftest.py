"""Fixtures shared by every suite: the app over each configured backend, and a live server.

The API suite runs against SQLite + the file cache always, and against PostgreSQL + Redis
when TEST_DATABASE_URL / TEST_REDIS_URL are set (CI sets them). Each test gets its own
PostgreSQL schema and Redis key prefix, so suites can run side by side on one machine.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text

from westandbyyou.service import create_app
from westandbyyou.service.cli import init_db

BACKENDS = ["sqlite"]
if os.environ.get("TEST_DATABASE_URL"):
    BACKENDS.append("postgresql")


def _postgres_schema(request: pytest.FixtureRequest) -> str:
    """A fresh schema for one test; dropped when the test ends."""
    base = os.environ["TEST_DATABASE_URL"]
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    request.addfinalizer(drop)
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


def make_config(request: pytest.FixtureRequest, tmp_path: Path, backend: str) -> dict[str, Any]:
    """Test configuration for `backend` ("sqlite" or "postgresql")."""
    config: dict[str, Any] = {"TESTING": True, "CACHE_DIR": str(tmp_path / "cache")}
    if backend == "postgresql":
        config["DATABASE_URL"] = _postgres_schema(request)
        if os.environ.get("TEST_REDIS_URL"):
            config["CACHE_REDIS_URL"] = os.environ["TEST_REDIS_URL"]
            config["CACHE_KEY_PREFIX"] = f"wsby-test-{uuid.uuid4().hex[:12]}:"
    else:
        config["DATABASE_URL"] = f"sqlite:///{tmp_path / 'test.sqlite'}"
    return config


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def app(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Flask]:
    """The service with the bundled campaign data loaded."""
    monkeypatch.setenv("WSBY_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(make_config(request, tmp_path, backend))
    with app.app_context():
        init_db()
    yield app
    from westandbyyou.service import db

    db.engine(app).dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    """Poll `url` until it answers 200, the process dies, or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{url} not ready after {timeout}s")


class LiveServer:
    """The production server (granian) running the service in a subprocess."""

    def __init__(self, env: dict[str, str], workers: int = 1) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        bindir = Path(sys.executable).parent
        self.proc = subprocess.Popen(
            [
                str(bindir / "granian"),
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--no-ws",
                "westandbyyou.service.wsgi:app",
            ],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_ready(f"{self.url}/readyz", self.proc)
        except Exception:
            self.stop()
            raise

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


def flask_cli(env: dict[str, str], *args: str) -> str:
    """Run a `flask` command of the service in a subprocess with an instance's environment,
    as an operator would; returns its output, and fails the test with its stderr."""
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "flask"),
            "--app",
            "westandbyyou.service.wsgi:app",
            *args,
        ],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One real server for the whole session over the bundled data (treat it as read-only)."""
    env = {"WSBY_INSTANCE_PATH": str(tmp_path_factory.mktemp("live-instance"))}
    flask_cli(env, "init-db")
    server = LiveServer(env)
    yield server
    server.stop()
