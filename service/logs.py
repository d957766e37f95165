"""Logging to stdout, one line per event, so a process supervisor or container collects it."""

from __future__ import annotations

import logging
import sys

from flask import Flask


def init_app(app: Flask) -> None:
    """Send the app's log records to stdout unless a handler is already configured."""
    if app.logger.handlers and not app.debug:
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    app.logger.propagate = False
