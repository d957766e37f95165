"""Configuration: defaults, then `WSBY_*` and well-known environment variables, then tests."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

DEFAULTS: dict[str, Any] = {
    # Public base URL used in snippets and oEmbed; empty means "derive from the request".
    "PUBLIC_URL": "",
    # Seconds a shared cache (CDN, browser) may reuse a read; the contract in DESIGN.md.
    "CACHE_MAX_AGE": 60,
    "CACHE_STALE_WHILE_REVALIDATE": 600,
    "CACHE_STALE_IF_ERROR": 86400,
    # How many rendered bodies one worker keeps in memory in front of the shared cache.
    "LOCAL_CACHE_ENTRIES": 2048,
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    # Godparents per parliament in one widget document; longer groups end in "Show all".
    "WIDGET_GROUP_LIMIT": 500,
    "JSON_SORT_KEYS": False,
}


def load(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill `app.config` in order: defaults, environment, `test_config`."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("WSBY")
    # The two names operators expect from twelve-factor apps, without our prefix.
    for name in ("DATABASE_URL", "CACHE_REDIS_URL", "SECRET_KEY"):
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    if test_config:
        app.config.from_mapping(test_config)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'westandbyyou.sqlite'}"
    if not app.config.get("CACHE_DIR"):
        app.config["CACHE_DIR"] = str(Path(app.instance_path) / "cache")
