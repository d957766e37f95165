"""`make run`: serve the app with a production WSGI server on HOST:PORT, logging to stdout.

Granian was measured faster than gunicorn on the cached reads (BENCHMARKS.md), so it is
the default; WSBY_SERVER=gunicorn picks gunicorn instead.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Start the server in the foreground (replacing this process)."""
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    workers = os.environ.get("WORKERS", str(os.cpu_count() or 2))
    server = os.environ.get("WSBY_SERVER", "granian")
    print(
        f"westandbyyou: serving http://{host}:{port}/ (API: http://{host}:{port}/api/v1/summary)",
        flush=True,
    )
    bindir = os.path.dirname(sys.executable)
    if server == "gunicorn":
        argv = [
            os.path.join(bindir, "gunicorn"),
            "--bind",
            f"{host}:{port}",
            "--workers",
            workers,
            "--access-logfile",
            "-",
            "--error-logfile",
            "-",
            "westandbyyou.service.wsgi:app",
        ]
    else:
        argv = [
            os.path.join(bindir, "granian"),
            "--interface",
            "wsgi",
            "--host",
            host,
            "--port",
            port,
            "--workers",
            workers,
            "--no-ws",
            "westandbyyou.service.wsgi:app",
        ]
    os.execv(argv[0], argv)  # noqa: S606 - argv is fixed above, not user input


if __name__ == "__main__":
    main()
