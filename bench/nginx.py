"""nginx configurations for the benchmarks: the static baseline serving our own bytes, and
the production reverse proxy from `deploy/nginx.conf` pointed at a benchmark instance."""

from __future__ import annotations

import re
from pathlib import Path

import requests

from .procs import nginx_globals

DEPLOY_CONF = Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf"

# URL path on the service -> file name in nginx's root (the extension sets the type).
STATIC_FILES = {
    "/api/v1/summary": "summary.json",
    "/api/v1/widget": "widget.json",
    "/widget/v1/embed.js": "embed.js",
    "/badge.svg": "badge.svg",
}


def copy_bodies(service_url: str, root: Path) -> dict[str, str]:
    """Fetch each body from the service and write it (identity and gzip bytes, as served)
    into `root`; returns {service path: file name} for the paths the service serves."""
    root.mkdir(parents=True, exist_ok=True)
    served: dict[str, str] = {}
    for path, name in STATIC_FILES.items():
        plain = requests.get(
            service_url + path, headers={"Accept-Encoding": "identity"}, timeout=30
        )
        if plain.status_code != 200:
            continue
        (root / name).write_bytes(plain.content)
        gz = requests.get(
            service_url + path, headers={"Accept-Encoding": "gzip"}, timeout=30, stream=True
        )
        raw = gz.raw.read(decode_content=False)
        if gz.headers.get("Content-Encoding") == "gzip":
            # gzip_static serves these very bytes to clients that accept gzip.
            (root / (name + ".gz")).write_bytes(raw)
        served[path] = name
    return served


def static_conf(prefix: Path, port: int, root: Path) -> str:
    """nginx serving `root` as files, with precompressed .gz siblings and ETags."""
    return nginx_globals(prefix) + (
        "    types { application/json json; text/javascript js; image/svg+xml svg;"
        " text/html html; }\n"
        "    sendfile on; tcp_nopush on; keepalive_requests 100000;\n"
        f"    server {{\n        listen 127.0.0.1:{port};\n        root {root};\n"
        "        gzip_static on;\n        etag on;\n"
        "        location = / { return 204; }\n    }\n}\n"
    )


def _replace_once(pattern: str, repl: str, text: str) -> str:
    new, n = re.subn(pattern, repl, text, flags=re.M)
    if n != 1:
        raise RuntimeError(f"deploy/nginx.conf: expected one match for {pattern!r}, found {n}")
    return new


def proxy_conf(prefix: Path, port: int, upstream: str) -> str:
    """`deploy/nginx.conf` as shipped, with only its marked lines pointed at this run."""
    text = DEPLOY_CONF.read_text()
    text = _replace_once(r"^(\s*)server 127\.0\.0\.1:8000;", rf"\1server {upstream};", text)
    text = _replace_once(r"/var/cache/nginx/westandbyyou", str(prefix / "cache"), text)
    text = _replace_once(r"^(\s*)listen 80;", rf"\1listen 127.0.0.1:{port};", text)
    return nginx_globals(prefix) + text + "\n}\n"
