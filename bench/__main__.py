"""`make bench`: every figure of BENCHMARKS.md, from one bounded run on this machine.

Stages, each over a fresh instance folder in a temporary directory:
1. origin: the production server (granian, then gunicorn) over the bundled data, against
   nginx serving the same bytes as static files, and through `deploy/nginx.conf`;
2. widget: embed.js size and time-to-counter in Chromium;
3. growth: synthetic datasets of 1k, 10k, 100k godparents, with the cache-miss list run at 10k;
4. soak: 60 s of steady reads mixed with writes over the 1k dataset.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import requests

from . import cachemiss, compare, growth, nginx, procs, report, soak, widgetperf
from .compare import Row, pair

OUT = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
GZ = "Accept-Encoding: gzip"


def origin(work: Path, static_url: str, root: Path, data: report.Data) -> None:
    """Cached reads on granian and gunicorn, and through the nginx reverse proxy."""
    instance = work / "bundled"
    procs.flask(instance, "init-db")
    with procs.service(instance, "granian") as (url, _proc):
        served = nginx.copy_bodies(url, root)
        data.served = served
        s_sum = f"{static_url}/summary.json"
        tag = compare.etag(url + "/api/v1/summary")
        s_tag = compare.etag(s_sum)
        rows = data.origin
        rows.append(pair("summary 200", "granian", url + "/api/v1/summary", (), s_sum))
        rows.append(
            pair("summary 200 gzip", "granian", url + "/api/v1/summary", (GZ,), s_sum, (GZ,))
        )
        rows.append(
            pair(
                "summary 304",
                "granian",
                url + "/api/v1/summary",
                (f"If-None-Match: {tag}",),
                s_sum,
                (f"If-None-Match: {s_tag}",),
                expect=304,
            )
        )
        rows.append(
            pair(
                "widget 200 gzip",
                "granian",
                url + "/api/v1/widget",
                (GZ,),
                f"{static_url}/widget.json",
                (GZ,),
            )
        )
        for path, label in (("/widget/v1/embed.js", "embed.js"), ("/badge.svg", "badge.svg")):
            if path in served:
                static = f"{static_url}/{served[path]}"
                rows.append(pair(f"{label} 200 gzip", "granian", url + path, (GZ,), static, (GZ,)))
            else:
                rows.append(Row(f"{label} 200 gzip", "granian", None, note="not yet served"))

        data.embed = widgetperf.embed_size(url)
        if data.embed is not None:
            data.paint_ms, data.paint_note = widgetperf.time_to_counter(url, root, static_url)

        proxy_port = procs.free_port()
        prefix = work / "nginx-proxy"
        conf = nginx.proxy_conf(prefix, proxy_port, url.removeprefix("http://"))
        with procs.nginx(prefix, conf, proxy_port):
            purl = f"http://127.0.0.1:{proxy_port}"
            for h in ((), (GZ,)):
                for path in ("/api/v1/summary", "/api/v1/widget"):
                    compare.check(purl + path, h, 200)  # fills the proxy cache
            ptag = compare.etag(purl + "/api/v1/summary")
            data.proxy_status = compare.cache_status(purl + "/api/v1/summary", (GZ,))
            px = data.proxy
            px.append(
                pair(
                    "summary 200 gzip", "nginx proxy", purl + "/api/v1/summary", (GZ,), s_sum, (GZ,)
                )
            )
            px.append(
                pair(
                    "summary 304",
                    "nginx proxy",
                    purl + "/api/v1/summary",
                    (f"If-None-Match: {ptag}",),
                    s_sum,
                    (f"If-None-Match: {s_tag}",),
                    expect=304,
                )
            )
            px.append(
                pair(
                    "widget 200 gzip",
                    "nginx proxy",
                    purl + "/api/v1/widget",
                    (GZ,),
                    f"{static_url}/widget.json",
                    (GZ,),
                )
            )

    with procs.service(instance, "gunicorn") as (url, _proc):
        tag = compare.etag(url + "/api/v1/summary")
        data.gunicorn.append(
            pair("summary 200 gzip", "gunicorn", url + "/api/v1/summary", (GZ,), s_sum, (GZ,))
        )
        data.gunicorn.append(
            pair(
                "summary 304",
                "gunicorn",
                url + "/api/v1/summary",
                (f"If-None-Match: {tag}",),
                s_sum,
                (f"If-None-Match: {s_tag}",),
                expect=304,
            )
        )


def growth_stage(work: Path, static_url: str, root: Path, data: report.Data) -> Path:
    """Import and read each synthetic size; the cache-miss wrk run happens at 10k."""
    small = work
    for size in growth.SIZES:
        started = time.monotonic()
        instance, load_s, doc_bytes = growth.prepare(work, size)
        if size == growth.SIZES[0]:
            small = instance
        with procs.service(instance, "granian") as (url, _proc):
            try:
                data.growth.append(growth.measure(url, size, load_s, doc_bytes))
            except requests.HTTPError as exc:  # a failing size is a finding, not a crash
                data.growth_errors.append(f"{size:,} godparents: {exc}")
            if size == 10_000:
                # The static baseline: one list page's bytes, the same size as those rendered.
                page = "/api/v1/godparents?per_page=50&page=1"
                (root / "godparents.json").write_bytes(compare.body(url + page))
                urls = cachemiss.paths(size)
                half = len(urls) // 2
                # Two connections for two workers: each request finds an idle worker, so
                # p99 is the cost of a miss, not time spent queueing behind 31 others. Each
                # run gets its own half of the URLs, so neither finds the other's pages cached.
                for conns, part in ((2, urls[:half]), (32, urls[half:])):
                    lua = cachemiss.write_script(instance / f"cachemiss-{conns}.lua", part)
                    data.miss.append(
                        pair(
                            "godparents list, cache miss (10k)",
                            "granian",
                            url + "/",
                            (),
                            f"{static_url}/godparents.json",
                            script=lua,
                            connections=conns,
                            note=f"-c{conns}",
                        )
                    )
                data.miss_urls = half
        print(f"  growth {size}: {time.monotonic() - started:.0f}s", flush=True)
        if size != growth.SIZES[0]:
            shutil.rmtree(instance, ignore_errors=True)  # the 100k database is large
    return small


def main() -> None:
    """Run every stage and write BENCHMARKS.md."""
    started = time.monotonic()
    data = report.Data(date=dt.datetime.now(dt.UTC), machine=report.machine())
    data.load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="wsby-bench-"))
    try:
        root = work / "static-root"
        root.mkdir()
        port = procs.free_port()
        static_prefix = work / "nginx-static"
        with procs.nginx(static_prefix, nginx.static_conf(static_prefix, port, root), port):
            static_url = f"http://127.0.0.1:{port}"
            print("origin: granian, gunicorn, nginx static, nginx proxy", flush=True)
            origin(work, static_url, root, data)
            print("growth: synthetic 1k, 10k, 100k", flush=True)
            small = growth_stage(work, static_url, root, data)
        print(f"soak: {soak.DURATION}s", flush=True)
        with procs.service(small, "granian") as (url, proc):
            data.soak = soak.run(url, proc.pid, small, growth.SIZES[0])
    finally:
        data.load_after = os.getloadavg()
        data.seconds = time.monotonic() - started
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
    OUT.write_text(report.render(data))
    print(f"wrote {OUT} in {data.seconds:.0f}s", flush=True)


if __name__ == "__main__":
    sys.exit(main())
