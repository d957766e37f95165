"""How the service grows with the data: synthetic datasets of 1k, 10k and 100k godparents,
each imported with `flask load-data` into a fresh instance and read over HTTP."""

from __future__ import annotations

import json
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from . import procs, synthetic
from .cachemiss import paths

SIZES = tuple(int(n) for n in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(","))
# Requests slower than this are reported as such, not waited for: the run stays bounded.
TIMEOUT = 90.0


@dataclass(frozen=True)
class Growth:
    """Figures for one dataset size (latencies in ms, sizes in bytes)."""

    godparents: int
    document_bytes: int
    load_s: float
    summary_miss_ms: float
    summary_hit_ms: float
    list_miss_p50_ms: float
    list_miss_max_ms: float
    widget_miss_ms: float | None
    widget_bytes: int | None
    widget_gzip_bytes: int | None


def _ms(session: requests.Session, url: str, **headers: str) -> tuple[float, requests.Response]:
    started = time.perf_counter()
    r = session.get(url, headers=headers, timeout=TIMEOUT)
    elapsed = (time.perf_counter() - started) * 1000
    r.raise_for_status()
    return elapsed, r


def prepare(workdir: Path, godparents: int) -> tuple[Path, float, int]:
    """A fresh instance holding `godparents` synthetic godparents (schema, then
    `flask load-data`); returns it with the import's wall time and the document size."""
    instance = workdir / f"synthetic-{godparents}"
    instance.mkdir(parents=True)
    doc = instance / "synthetic.json"
    doc.write_text(json.dumps(synthetic.generate(godparents), ensure_ascii=False))
    procs.flask(instance, "init-db", "--no-data")
    return instance, procs.flask(instance, "load-data", str(doc)), doc.stat().st_size


def measure(url: str, godparents: int, load_s: float, size: int) -> Growth:
    """Read the service at `url` as a visitor would, one request at a time."""
    s = requests.Session()
    langs = ("en", "de", "fr", "nl", "it", "be", "ru")
    misses = [_ms(s, f"{url}/api/v1/summary?lang={lang}")[0] for lang in langs]
    hits = [_ms(s, f"{url}/api/v1/summary?lang=en")[0] for _ in range(200)]
    lists = [_ms(s, url + p)[0] for p in paths(godparents, limit=40, seed=godparents)]
    widget_ms = widget_bytes = widget_gz = None
    try:
        widget_ms, r = _ms(s, f"{url}/api/v1/widget", **{"Accept-Encoding": "identity"})
        widget_bytes = len(r.content)
        gz = s.get(f"{url}/api/v1/widget", headers={"Accept-Encoding": "gzip"}, stream=True)
        widget_gz = len(gz.raw.read(decode_content=False))
    except requests.Timeout:
        pass  # reported as "over TIMEOUT"
    return Growth(
        godparents=godparents,
        document_bytes=size,
        load_s=load_s,
        summary_miss_ms=statistics.median(misses),
        summary_hit_ms=statistics.median(hits),
        list_miss_p50_ms=statistics.median(lists),
        list_miss_max_ms=max(lists),
        widget_miss_ms=widget_ms,
        widget_bytes=widget_bytes,
        widget_gzip_bytes=widget_gz,
    )
