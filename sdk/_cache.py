"""Conditional-request cache: remembers each URL's last good document with its `ETag`, so
the client revalidates with `If-None-Match` and a `304` costs no body and no parsing."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """One cached answer: the parsed JSON, its validator, and when it was last confirmed."""

    etag: str
    data: Any
    link: str | None
    stored_at: float

    def age(self, now: float | None = None) -> float:
        """Seconds since the service last confirmed this document."""
        return max((time.time() if now is None else now) - self.stored_at, 0.0)


@runtime_checkable
class Cache(Protocol):
    """What the client needs from a cache; plug in your own (e.g. over Django's cache)."""

    def get(self, key: str) -> CacheEntry | None:
        """The entry stored under `key`, or None."""
        ...

    def set(self, key: str, entry: CacheEntry) -> None:
        """Store `entry` under `key`, replacing any older one."""
        ...


class MemoryCache:
    """A thread-safe in-process LRU cache of at most `max_entries` documents."""

    def __init__(self, max_entries: int = 256) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self._entries: OrderedDict[str, CacheEntry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> CacheEntry | None:
        """The entry stored under `key`, or None; marks it recently used."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def set(self, key: str, entry: CacheEntry) -> None:
        """Store `entry`, evicting the least recently used one when full."""
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
