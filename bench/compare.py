"""One benchmark row: our server against nginx serving the same bytes, run back to back so
both see the same machine load (the machine may be shared)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import requests

from . import wrk


@dataclass(frozen=True)
class Row:
    """A measured case and, when there is one, its nginx-static baseline from the same run."""

    name: str
    server: str
    result: wrk.Result | None
    baseline: wrk.Result | None = None
    note: str = ""
    command: str = ""

    @property
    def ratio(self) -> float | None:
        if self.result is None or self.baseline is None or not self.baseline.rps:
            return None
        return self.result.rps / self.baseline.rps


def etag(url: str, headers: dict[str, str] | None = None) -> str:
    """The ETag a server sends for `url` (to replay it in If-None-Match)."""
    r = requests.get(url, headers=headers or {}, timeout=30)
    r.raise_for_status()
    return r.headers["ETag"]


def check(url: str, headers: tuple[str, ...], expect: int) -> None:
    """Refuse to benchmark a URL that does not answer what the row claims to measure."""
    h = dict(x.split(": ", 1) for x in headers)
    r = requests.get(url, headers=h, timeout=30)
    if r.status_code != expect:
        raise RuntimeError(f"{url} {headers}: expected {expect}, got {r.status_code}")


def pair(
    name: str,
    server: str,
    url: str,
    headers: tuple[str, ...],
    static_url: str | None,
    static_headers: tuple[str, ...] = (),
    *,
    expect: int = 200,
    script: Path | None = None,
    connections: int = wrk.CONNECTIONS,
    note: str = "",
) -> Row:
    """Measure `url` and, if given, `static_url` right before it with the same wrk settings."""
    baseline = None
    if static_url is not None:
        check(static_url, static_headers, expect)
        baseline = wrk.run(static_url, headers=static_headers, connections=connections)
    if script is None:
        check(url, headers, expect)
    result = wrk.run(url, headers=headers, script=script, connections=connections)
    argv = wrk.command(url, headers=headers, script=script, connections=connections)
    cmd = " ".join(repr(a) if " " in a else a for a in argv)
    print(f"  {name} [{server}]: {result.rps:,.0f} req/s", flush=True)
    return Row(name, server, result, baseline, note, cmd)


def body(url: str) -> bytes:
    """The identity body of `url` (to serve the same bytes from nginx)."""
    r = requests.get(url, headers={"Accept-Encoding": "identity"}, timeout=30)
    r.raise_for_status()
    return r.content


def cache_status(url: str, headers: tuple[str, ...]) -> str:
    """nginx's X-Cache-Status for one request (HIT once the proxy cache is warm)."""
    h = dict(x.split(": ", 1) for x in headers)
    return requests.get(url, headers=h, timeout=30).headers.get("X-Cache-Status", "(none)")
