"""The widget's weight and speed: embed.js gzipped as served, and the time from the script
tag to a painted counter in Debian's Chromium (optional: skipped when it cannot run)."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import requests

from tests.chromium import CHROMIUM, CHROMIUM_ARGS

GOAL_GZIP_BYTES = 6 * 1024

# The host page: the snippet from DESIGN.md, plus a clock that starts before the script
# tag and stops on the first frame whose shadow root shows a number.
PAGE = """<!doctype html><meta charset="utf-8"><title>wsby timing</title>
<script>
window.wsbyStart = performance.now();
(function watch() {
  const el = document.querySelector('wsby-widget');
  const text = el && el.shadowRoot ? el.shadowRoot.textContent : '';
  if (/\\d/.test(text)) { window.wsbyPainted = performance.now() - window.wsbyStart; return; }
  requestAnimationFrame(watch);
})();
</script>
<wsby-widget view="counter" lang="en"><a href="SERVICE/">the counter</a></wsby-widget>
<script type="module" src="SERVICE/widget/v1/embed.js" async></script>
"""


def embed_size(url: str) -> tuple[int, int] | None:
    """(identity bytes, `gzip -9` bytes) of embed.js as served, or None if not served yet."""
    r = requests.get(f"{url}/widget/v1/embed.js", timeout=30)
    if r.status_code != 200:
        return None
    return len(r.content), len(gzip.compress(r.content, 9, mtime=0))


def time_to_counter(
    url: str, host_root: Path, host_url: str, runs: int = 5
) -> tuple[list[float], str]:
    """Milliseconds from script start to a painted counter, per run; or ([], why not).
    The host page is written into `host_root`, which a static server (a second loopback
    origin, as a real host site would be another origin) serves at `host_url`."""
    if not shutil.which(CHROMIUM):
        return [], "Chromium not installed"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [], "Playwright not installed"
    (host_root / "timing.html").write_text(PAGE.replace("SERVICE", url))
    times: list[float] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for _ in range(runs):
                    # A fresh context per run: nothing cached, as for a first-time visitor.
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(f"{host_url}/timing.html")
                    page.wait_for_function("window.wsbyPainted !== undefined", timeout=15_000)
                    times.append(float(page.evaluate("window.wsbyPainted")))
                    context.close()
            finally:
                browser.close()
    except Exception as exc:  # a figure we could not take is reported, not fatal
        return times, f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    return times, ""
