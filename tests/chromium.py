"""Debian's Chromium as the browser tests, screenshots and benchmarks launch it.

`playwright install` cannot download a browser here, so everything uses the system one; the
flags keep it from calling home (which this machine's closed network refuses, many times
over) and let it run as root in a container."""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
]
