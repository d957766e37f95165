"""Screenshots of each widget view, taken by the project of itself (`make screenshots`).

Runs the real service over the bundled data, a host page on a second origin, and Debian
Chromium; writes `docs/screenshots/widget-VIEW-THEME.png`. The browser tests call `take`
too, and check that every image shows something.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import LiveServer
from tests.widget.conftest import ALL_RENDERED, HostServer

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SHOTS = [
    ("counter", "light", 'view="counter"'),
    ("counter", "dark", 'view="counter"'),
    ("list", "light", 'view="list" parliament="european-parliament"'),
    ("list", "dark", 'view="list" parliament="european-parliament"'),
    ("card", "light", 'view="card" godparent="claudia-roth"'),
    ("card", "dark", 'view="card" godparent="claudia-roth"'),
]

COUNT_COLOURS = """async (data) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + data;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.width; canvas.height = img.height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const px = ctx.getImageData(0, 0, img.width, img.height).data;
  const seen = new Set();
  for (let i = 0; i < px.length; i += 4) seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
  return seen.size;
}"""


def distinct_colours(browser: Any, png: bytes) -> int:
    """How many different colours a PNG holds (decoded by the browser's own canvas)."""
    page = browser.new_page()
    try:
        n: int = page.evaluate(COUNT_COLOURS, base64.b64encode(png).decode())
        return n
    finally:
        page.close()


def take(browser: Any, host: HostServer, service: str, out: Path) -> list[Path]:
    """Shoot every view in both themes into `out`; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 640, "height": 480})
    written = []
    try:
        for view, theme, attrs in SHOTS:
            page = context.new_page()
            template = "dark.html" if theme == "dark" else "basic.html"
            widget = f'<wsby-widget {attrs} lang="en" theme="{theme}"></wsby-widget>'
            page.goto(host.page(template, service, widget))
            page.wait_for_function(ALL_RENDERED, timeout=10_000)
            path = out / f"widget-{view}-{theme}.png"
            page.locator("wsby-widget").screenshot(path=str(path), animations="disabled")
            written.append(path)
            page.close()
    finally:
        context.close()
    return written


def main() -> None:
    """`make screenshots`: the real service over the bundled data, shot into docs/."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as instance:
        env = {"WSBY_INSTANCE_PATH": instance}
        flask = Path(sys.executable).parent / "flask"
        subprocess.run(
            [str(flask), "--app", "westandbyyou.service.wsgi:app", "init-db"],
            env={**os.environ, **env},
            check=True,
            capture_output=True,
            timeout=60,
        )
        server, host = LiveServer(env), HostServer()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for path in take(browser, host, server.url, OUT):
                    print(f"{path.relative_to(OUT.parents[1])}: {path.stat().st_size} bytes")
                browser.close()
        finally:
            host.stop()
            server.stop()


if __name__ == "__main__":
    main()
