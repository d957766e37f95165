"""The shared cache, made to survive its backend: when Redis (or the cache folder) fails, each
worker carries on with an in-process cache, logs it once, and tries the backend again a few
seconds later. Nothing here ever raises into a request."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from cachelib import SimpleCache
from flask_caching import Cache

RETRY_AFTER = 5.0


class ResilientCache:
    """`get`/`set`/`add` over flask-caching's backend with an in-process fallback."""

    def __init__(self, cache: Cache, logger: logging.Logger) -> None:
        self._cache = cache
        self._logger = logger
        self._fallback = SimpleCache(threshold=2000, default_timeout=0)
        self._down_until = 0.0
        self._lock = threading.Lock()
        # A write made while the backend was down must still reach the other instances:
        # the new generation is pushed to the backend as soon as it answers again.
        self.pending: dict[str, Any] = {}

    @property
    def degraded(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, exc: Exception) -> None:
        with self._lock:
            if not self.degraded:
                self._logger.warning(
                    "shared cache unavailable (%s); using the in-process cache for %.0fs",
                    type(exc).__name__,
                    RETRY_AFTER,
                )
            self._down_until = time.monotonic() + RETRY_AFTER

    def _backend(self) -> Any | None:
        if self.degraded:
            return None
        if self.pending:
            try:
                for key, value in list(self.pending.items()):
                    self._cache.set(key, value, timeout=0)
                    self.pending.pop(key, None)
            except Exception as exc:
                self._failed(exc)
                return None
        return self._cache

    def get(self, key: str) -> Any:
        backend = self._backend()
        if backend is not None:
            try:
                return backend.get(key)
            except Exception as exc:
                self._failed(exc)
        return self._fallback.get(key)

    def set(self, key: str, value: Any, timeout: int | None = None) -> None:
        backend = self._backend()
        if backend is not None:
            try:
                backend.set(key, value, timeout=timeout)
                return
            except Exception as exc:
                self._failed(exc)
        self._fallback.set(key, value, timeout=timeout)

    def set_everywhere(self, key: str, value: Any) -> None:
        """Set a key that other instances must see, retrying later if the backend is down."""
        self.pending[key] = value
        self._fallback.set(key, value, timeout=0)
        backend = self._backend()  # flushes `pending` when the backend answers
        if backend is None:
            self._logger.warning("cache invalidation deferred until the shared cache is back")

    def add(self, key: str, value: Any) -> None:
        backend = self._backend()
        if backend is not None:
            try:
                backend.add(key, value, timeout=0)
                return
            except Exception as exc:
                self._failed(exc)
        self._fallback.add(key, value, timeout=0)
