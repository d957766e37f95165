"""Processes the benchmarks start: the service (granian or gunicorn) and nginx, always on
loopback, always stopped by their own pid, with their output kept in a log file."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import requests

BIN = Path(sys.executable).parent
APP = "westandbyyou.service.wsgi:app"


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Poll `url` until it answers below 500, or fail when the process exits or time is up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args!r} exited with {proc.returncode}")
        try:
            if requests.get(url, timeout=5).status_code < 500:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass  # still starting (or a busy machine): poll again until the deadline
        time.sleep(0.05)
    raise TimeoutError(f"{url} not ready after {timeout}s")


def flask(instance: Path, *args: str, env: dict[str, str] | None = None) -> float:
    """Run a `flask` command over `instance`; returns its wall time in seconds."""
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "flask"), "--app", APP, *args],
        env={**os.environ, "WSBY_INSTANCE_PATH": str(instance), **(env or {})},
        check=True,
        capture_output=True,
        timeout=600,
    )
    return time.perf_counter() - started


@contextlib.contextmanager
def service(
    instance: Path, server: str = "granian", workers: int = 2, env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The production server exactly as `make run` starts it (`python -m ...serve`)."""
    port = free_port()
    log = (instance / f"{server}.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "westandbyyou.service.serve"],
        env={
            **os.environ,
            "WSBY_INSTANCE_PATH": str(instance),
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "WORKERS": str(workers),
            "WSBY_SERVER": server,
            **(env or {}),
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{url}/readyz", proc)
        yield url, proc
    finally:
        _stop(proc)
        log.close()


@contextlib.contextmanager
def nginx(prefix: Path, conf: str, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """nginx in the foreground with its own prefix (no root paths), configured by `conf`."""
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "logs").mkdir(exist_ok=True)
    path = prefix / "nginx.conf"
    path.write_text(conf)
    log = (prefix / "nginx.log").open("wb")
    proc = subprocess.Popen(
        ["nginx", "-p", str(prefix), "-c", str(path), "-g", "daemon off;"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/", proc, timeout=15)
        yield proc
    finally:
        _stop(proc)
        log.close()


def nginx_globals(prefix: Path) -> str:
    """The top of an nginx.conf that keeps every path under `prefix`."""
    # As root, nginx's workers would drop to `nobody` and could not read our temp files.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temps = "\n".join(
        f"    {name}_temp_path {prefix}/tmp_{name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}worker_processes 2;\npid {prefix}/nginx.pid;\nerror_log stderr warn;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n    access_log off;\n{temps}\n"
    )


def tree_rss_kib(pid: int) -> int:
    """Resident memory (KiB) of `pid` and all of its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total
