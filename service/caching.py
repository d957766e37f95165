"""Rendered responses cached across workers and instances, revalidated with strong ETags.

Every cached body lives under a *generation* token kept in the shared cache (a file cache
shared by the workers of one machine, or Redis shared by every instance). A committed data
change replaces the token, so every worker and instance misses on its next read: nothing
has to find and delete old entries, and a token never comes back (random, not a counter).
Each worker also keeps the bodies it served in memory, keyed by token, so a hot read costs
one shared-cache lookup (the token) and no database query, serialization or compression.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, request
from flask_caching import Cache
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from . import db
from .resilient import ResilientCache

cache = Cache()

GENERATION_KEY = "generation"
LOCAL = "wsby_local_cache"
SHARED = "wsby_shared_cache"
CACHE_CONTROL = "wsby_cache_control"
FAST = "wsby.fast"  # WSGI environ key: this response may be replayed by the fast path


@dataclass(frozen=True, slots=True)
class Rendered:
    """A response body as sent: identity and gzip bytes, its ETag and extra headers."""

    body: bytes
    gzipped: bytes
    etag: str
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()


def init_app(app: Flask) -> None:
    """Bind the shared cache (Redis when `CACHE_REDIS_URL` is set) and the local layer."""
    if app.config.get("CACHE_REDIS_URL"):
        settings: dict[str, Any] = {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": app.config["CACHE_REDIS_URL"],
            # A hung Redis must cost a read a fraction of a second, not a worker.
            "CACHE_OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
        }
    else:
        # A file cache is the one built-in backend that all workers of a machine share.
        settings = {
            "CACHE_TYPE": "FileSystemCache",
            "CACHE_DIR": app.config["CACHE_DIR"],
            "CACHE_THRESHOLD": 5000,
        }
    settings["CACHE_KEY_PREFIX"] = app.config.get("CACHE_KEY_PREFIX", "wsby:")
    settings["CACHE_DEFAULT_TIMEOUT"] = 24 * 3600
    cache.init_app(app, config=settings)
    app.extensions[LOCAL] = {}
    app.extensions[SHARED] = ResilientCache(cache, app.logger)
    with app.app_context():
        app.extensions[CACHE_CONTROL] = cache_control()
    _invalidate_on_commit(app)


def _invalidate_on_commit(app: Flask) -> None:
    factory = app.extensions[db.EXTENSION]

    @event.listens_for(factory, "after_commit")
    def _after_commit(session: Session) -> None:
        # models.py flags sessions whose flush changed campaign data.
        if session.info.pop("wsby_data_changed", False):
            with app.app_context():
                invalidate()

    @event.listens_for(factory, "after_rollback")
    def _after_rollback(session: Session) -> None:
        session.info.pop("wsby_data_changed", None)


def _shared() -> ResilientCache:
    shared: ResilientCache = current_app.extensions[SHARED]
    return shared


def invalidate() -> None:
    """Make every cached body stale everywhere, by starting a new generation."""
    _shared().set_everywhere(GENERATION_KEY, uuid.uuid4().hex)
    current_app.extensions[LOCAL].clear()


def generation(shared: ResilientCache | None = None) -> str:
    """The current generation token, creating one if the shared cache has none (first start,
    Redis flushed, file cache pruned)."""
    shared = shared or _shared()
    token = shared.get(GENERATION_KEY)
    if token is None:
        shared.add(GENERATION_KEY, uuid.uuid4().hex)
        token = shared.get(GENERATION_KEY) or uuid.uuid4().hex
    return str(token)


def render_json(data: Any, headers: tuple[tuple[str, str], ...] = ()) -> Rendered:
    """Serialize and compress once; the ETag is the body's hash, so it is strong."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return render_bytes(body, "application/json", headers)


def render_bytes(
    body: bytes, content_type: str, headers: tuple[tuple[str, str], ...] = ()
) -> Rendered:
    """Wrap already-rendered bytes (HTML, SVG, JS) for caching and conditional requests."""
    digest = hashlib.blake2b(body, digest_size=12).hexdigest()
    return Rendered(body, gzip.compress(body, 6, mtime=0), f'"{digest}"', content_type, headers)


STALE = (("Cache-Status", "westandbyyou; hit; detail=stale-if-error"),)


def today() -> str:
    """The UTC date that cache keys carry (`days_detained` changes at midnight)."""
    return dt.datetime.now(dt.UTC).date().isoformat()


def cached(
    key: str, build: Callable[[], Rendered], *, fast: bool = False, cache_control: str | None = None
) -> Response:
    """Serve `key` from the local layer, then the shared cache, else `build()` it and store
    it in both. `key` must be built from validated arguments only, so that hostile query
    strings cannot fill the cache; `today` is part of it because `days_detained` moves.

    When the database fails, the last body built for `key` (in any generation) is served,
    marked stale, so embeds keep showing the last good numbers.

    `fast=True` promises that the response leaves unchanged by the view, so the WSGI fast
    path (`fastpath.py`) may replay it for the same request line until the data changes.
    `cache_control` replaces the reads' default (e.g. `immutable` for versioned assets)."""
    token, day = generation(), today()
    full = f"{token}:{day}:{key}"
    local: dict[str, Rendered] = current_app.extensions[LOCAL]
    rendered = local.get(full)
    if rendered is None:
        shared = _shared()
        rendered = shared.get(full)
        if not isinstance(rendered, Rendered):
            try:
                rendered = build()
            except DBAPIError:
                last = shared.get("last:" + key)
                if not isinstance(last, Rendered):
                    raise
                current_app.logger.warning("database unavailable; serving stale %s", key)
                return respond(last, STALE)
            shared.set(full, rendered)
            shared.set("last:" + key, rendered, timeout=0)
        if len(local) >= current_app.config["LOCAL_CACHE_ENTRIES"]:
            local.clear()  # bounded; a full flush is cheaper than LRU bookkeeping per hit
        local[full] = rendered
    if fast:
        request.environ[FAST] = (token, day, rendered, cache_control)
    return respond(rendered, cache_control=cache_control)


def cache_control() -> str:
    """The Cache-Control of every public read, from the app's configuration."""
    cfg = current_app.config
    return (
        f"public, max-age={cfg['CACHE_MAX_AGE']}, "
        f"stale-while-revalidate={cfg['CACHE_STALE_WHILE_REVALIDATE']}, "
        f"stale-if-error={cfg['CACHE_STALE_IF_ERROR']}"
    )


def accepts_gzip(accept_encoding: str) -> bool:
    """True unless the client did not list gzip (or `*`) or gave it q=0."""
    for part in accept_encoding.lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "*"):
            q = params.replace(" ", "")
            return not (q.startswith("q=0") and q.strip("q=0.") == "")
    return False


def representation(
    rendered: Rendered,
    accept_encoding: str,
    if_none_match: str,
    cache_control: str,
    extra: tuple[tuple[str, str], ...] = (),
) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, headers and body for one request: the encoding the client accepts, or a 304
    when its copy is current. Pure, so the Flask view and the WSGI fast path share it."""
    gz_etag = rendered.etag[:-1] + '-gz"'
    wants_gzip = accepts_gzip(accept_encoding) if accept_encoding else False
    headers = [
        ("Cache-Control", cache_control),
        ("Vary", "Accept-Encoding"),
        ("Access-Control-Allow-Origin", "*"),
        *rendered.headers,
        *extra,
        ("ETag", gz_etag if wants_gzip else rendered.etag),
    ]
    # Both representations carry the same content, so either tag proves the copy current.
    if if_none_match and (
        if_none_match.strip() == "*"
        or any(
            t.strip().removeprefix("W/") in (rendered.etag, gz_etag)
            for t in if_none_match.split(",")
        )
    ):
        return 304, headers, b""
    headers.append(("Content-Type", rendered.content_type))
    if wants_gzip:
        headers.append(("Content-Encoding", "gzip"))
        return 200, headers, rendered.gzipped
    return 200, headers, rendered.body


def respond(
    rendered: Rendered, extra: tuple[tuple[str, str], ...] = (), cache_control: str | None = None
) -> Response:
    """A 200 with the body the client can decode, or a 304 when its copy is current."""
    status, headers, body = representation(
        rendered,
        request.headers.get("Accept-Encoding", ""),
        request.headers.get("If-None-Match", ""),
        cache_control or current_app.extensions[CACHE_CONTROL],
        extra,
    )
    return Response(body, status, headers)
