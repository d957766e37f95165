"""Who may write: named bearer tokens (stored as SHA-256 only), and a limit on failed tries.

A token is 256 random bits, so one SHA-256 is enough to store it safely (no slow hash is
needed against guessing); lookups go by that hash and the final comparison runs in constant
time. Failed attempts are counted per client address in flask-limiter's storage library
(`limits`): Redis when `CACHE_REDIS_URL` is set, so every instance sees the same count,
process memory otherwise. Tokens never reach a log line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path
from typing import Any

from flask import Flask, current_app, request
from limits import parse, storage, strategies
from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import Problem
from .models import ApiToken

PREFIX = "wsby_"
SCOPES = ("write", "read")
LIMITER = "wsby_auth_limiter"


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(s: Session, name: str, scope: str = "write") -> str:
    """Store a new token named `name` and return it: the only time it is ever seen."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}")
    if s.scalar(select(ApiToken.id).where(ApiToken.name == name)) is not None:
        raise ValueError(f"a token named '{name}' exists; revoke it first")
    token = PREFIX + secrets.token_urlsafe(32)
    s.add(
        ApiToken(
            name=name, token_hash=hash_token(token), scope=scope, created_at=dt.datetime.now(dt.UTC)
        )
    )
    return token


def revoke_token(s: Session, name: str) -> bool:
    """Delete the token named `name`; True if there was one. Sessions logged in with it end
    on their next request."""
    tok = s.scalar(select(ApiToken).where(ApiToken.name == name))
    if tok is None:
        return False
    s.delete(tok)
    return True


def list_tokens(s: Session) -> list[dict[str, Any]]:
    """Names, scopes and creation times (never the tokens)."""
    return [
        {"name": t.name, "scope": t.scope, "created_at": t.created_at}
        for t in s.scalars(select(ApiToken).order_by(ApiToken.name))
    ]


def verify(s: Session, token: str) -> ApiToken | None:
    """The stored token matching `token`, or None."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    digest = hash_token(token)
    found = s.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    if found is None or not hmac.compare_digest(found.token_hash, digest):
        return None
    return found


# ---- failed attempts -------------------------------------------------------------------


def init_app(app: Flask) -> None:
    """Pick the storage for failure counts and make sure sessions can be signed."""
    app.config.setdefault("AUTH_FAILURE_LIMIT", "10 per minute")
    redis_url = app.config.get("CACHE_REDIS_URL")
    prefix = app.config.get("CACHE_KEY_PREFIX", "wsby:") + "auth"
    backend = (
        storage.storage_from_string(redis_url, key_prefix=prefix)
        if redis_url
        else storage.MemoryStorage()
    )
    app.extensions[LIMITER] = strategies.FixedWindowRateLimiter(backend)
    ensure_secret_key(app)


def _client() -> str:
    return request.remote_addr or "unknown"


def check_not_blocked() -> None:
    """Refuse (429) a client that failed too often in the current window."""
    limiter = current_app.extensions[LIMITER]
    limit = parse(current_app.config["AUTH_FAILURE_LIMIT"])
    try:
        allowed = limiter.test(limit, "fail", _client())
        reset = limiter.get_window_stats(limit, "fail", _client()).reset_time
    except Exception:  # a Redis outage must not lock staff out; counting resumes with it
        current_app.logger.warning("auth failure counter unavailable; not limiting")
        return
    if not allowed:
        retry = max(1, int(reset - dt.datetime.now(dt.UTC).timestamp()))
        raise Problem(
            429,
            "Too many failed attempts from this address; try again later.",
            headers={"Retry-After": str(retry)},
        )


def count_failure() -> None:
    """Record one failed attempt for this client."""
    limiter = current_app.extensions[LIMITER]
    try:
        limiter.hit(parse(current_app.config["AUTH_FAILURE_LIMIT"]), "fail", _client())
    except Exception:
        current_app.logger.warning("auth failure counter unavailable")
    # The address says who is guessing; the token itself is never logged.
    current_app.logger.warning("failed authentication from %s on %s", _client(), request.path)


def authenticate(s: Session, token: str | None) -> ApiToken:
    """The token's record, or 401 (counted towards the limit), or 429 when over it."""
    check_not_blocked()
    found = verify(s, token) if token else None
    if found is None:
        count_failure()
        raise Problem(
            401,
            "A valid token is needed: send 'Authorization: Bearer <token>'."
            if token is None
            else "This token is not valid (mistyped or revoked).",
            headers={"WWW-Authenticate": 'Bearer realm="westandbyyou admin"'},
        )
    return found


# ---- the key that signs the admin page's session cookie ---------------------------------


def ensure_secret_key(app: Flask) -> None:
    """Use SECRET_KEY when configured; otherwise one generated once and kept in the instance
    folder (mode 0600), so every worker and restart signs sessions with the same key."""
    if app.config.get("SECRET_KEY"):
        return
    path = Path(app.instance_path) / "secret_key"
    for _ in range(50):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            key = path.read_text().strip()
            if key:
                app.config["SECRET_KEY"] = key
                return
            # Another worker created it a moment ago and is still writing.
            time.sleep(0.01)
            continue
        key = secrets.token_hex(32)
        with os.fdopen(fd, "w") as f:
            f.write(key + "\n")
        app.config["SECRET_KEY"] = key
        return
    raise RuntimeError(f"{path} stays empty; delete it and restart")
