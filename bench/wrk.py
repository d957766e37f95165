"""Drive wrk with fixed threads, connections and duration, and read its figures back."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

THREADS = 2
CONNECTIONS = 32
# BENCH_DURATION shortens a trial run; BENCHMARKS.md prints the duration actually used.
DURATION = int(os.environ.get("BENCH_DURATION", "8"))


@dataclass(frozen=True)
class Result:
    """What one wrk run measured: throughput, latency percentiles (ms) and failures."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int
    socket_errors: int

    @property
    def errors(self) -> int:
        return self.non_2xx_3xx + self.socket_errors


def command(
    url: str,
    *,
    headers: tuple[str, ...] = (),
    script: Path | None = None,
    duration: int = DURATION,
    connections: int = CONNECTIONS,
    threads: int = THREADS,
) -> list[str]:
    """The exact wrk command line (also printed into BENCHMARKS.md)."""
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    for h in headers:
        argv += ["-H", h]
    if script is not None:
        argv += ["-s", str(script)]
    return [*argv, url]


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not m:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


def parse(output: str) -> Result:
    """Parse wrk's text report (with --latency)."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    total = re.search(r"(\d+) requests in", output)
    if not (rps and p50 and p99 and total):
        raise RuntimeError("unexpected wrk output:\n" + output)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sock = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Result(
        rps=float(rps.group(1)),
        p50_ms=_ms(p50.group(1)),
        p99_ms=_ms(p99.group(1)),
        requests=int(total.group(1)),
        non_2xx_3xx=int(bad.group(1)) if bad else 0,
        socket_errors=sum(int(x) for x in sock.groups()) if sock else 0,
    )


def run(url: str, **kwargs: object) -> Result:
    """Run wrk against `url` (keyword arguments as for `command`) and parse the result."""
    argv = command(url, **kwargs)  # type: ignore[arg-type]
    duration = int(kwargs.get("duration", DURATION))  # type: ignore[call-overload]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 30, check=True)
    return parse(done.stdout)
