"""One SQLAlchemy engine per app; a session per request (or per CLI command), closed on teardown."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

EXTENSION = "wsby_db"


def make_engine(url: str) -> Engine:
    """Create an engine with the settings each backend needs to be safe under concurrency."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            # WAL lets readers (other workers) go on while a writer commits; foreign keys
            # are off by default in SQLite and we rely on them to refuse dangling rows.
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=15000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    # A dead connection after a database restart is replaced instead of failing a request.
    # Statement and connect timeouts bound a request on a slow or unreachable database, so
    # workers fail fast (503) instead of piling up.
    connect_args: dict[str, Any] = {}
    if url.startswith("postgresql"):
        given = make_url(url).query.get("options", "")
        options = " ".join(
            [*([given] if isinstance(given, str) and given else []), "-c statement_timeout=5000"]
        )
        connect_args = {"connect_timeout": 3, "options": options}
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        pool_timeout=5,
        connect_args=connect_args,
    )


def init_app(app: Flask) -> None:
    """Bind an engine and a session factory to `app`, and close the request's session after it."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions[EXTENSION] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def engine(app: Flask | None = None) -> Engine:
    """The app's engine."""
    factory = (app or current_app).extensions[EXTENSION]
    bind = factory.kw["bind"]
    assert isinstance(bind, Engine)
    return bind


def session() -> Session:
    """The session of the current app context, created on first use."""
    if "wsby_session" not in g:
        g.wsby_session = current_app.extensions[EXTENSION]()
    s: Session = g.wsby_session
    return s


@contextmanager
def transaction() -> Iterator[Session]:
    """Run a block as one transaction: commit on success, roll back on any error."""
    s = session()
    try:
        yield s
        s.commit()
    except BaseException:
        s.rollback()
        raise


def _close_session(_exc: BaseException | None) -> None:
    s = g.pop("wsby_session", None)
    if s is not None:
        s.close()
