"""Consistent snapshots while the service runs, and bringing one back.

SQLite: the online backup API copies the database page by page inside a read transaction,
so the file is one consistent state even while workers write. PostgreSQL (or any other
backend): the portable JSON document (`export.json`), restored by a replacing import; for
whole-server backups operators use pg_dump as usual.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from . import caching, db, exports, imports, migrate
from .writes import Actor

SQLITE_MAGIC = b"SQLite format 3\x00"


def backup(path: Path) -> str:
    """Write a snapshot to `path` (replaced atomically); returns what kind it wrote."""
    engine = db.engine()
    path = path.resolve()
    fd, tmp = tempfile.mkstemp(prefix=".backup-", dir=path.parent)
    os.close(fd)
    try:
        if engine.dialect.name == "sqlite":
            raw = engine.raw_connection()
            try:
                dest = sqlite3.connect(tmp)
                with dest:
                    raw.driver_connection.backup(dest)  # type: ignore[union-attr]
                dest.close()
            finally:
                raw.close()
            kind = "SQLite database"
        else:
            Path(tmp).write_bytes(exports.export_json(db.session()))
            kind = "JSON export"
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return kind


def restore(path: Path, actor: Actor) -> str:
    """Make the database hold exactly what the snapshot at `path` holds."""
    head = path.read_bytes()[:16]
    engine = db.engine()
    if head == SQLITE_MAGIC and engine.dialect.name == "sqlite":
        # Page-level copy into the live database, in one write transaction: readers see the
        # old or the new database, never a mix. Tokens and the audit trail come back too.
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        raw = engine.raw_connection()
        try:
            source.backup(raw.driver_connection)  # type: ignore[arg-type]
        finally:
            raw.close()
            source.close()
        migrate.upgrade(engine)  # a snapshot from an older version gets the newer schema
        caching.invalidate()
        return "restored the SQLite snapshot"
    if head == SQLITE_MAGIC:
        # A SQLite snapshot onto PostgreSQL: carry its data over as a document.
        other = create_engine(f"sqlite:///{path}")
        try:
            with Session(other) as s:
                data = exports.export_json(s)
        finally:
            other.dispose()
    else:
        data = path.read_bytes()
    report = imports.run(data, "json", actor, replace=True)
    if report.errors:
        first = next(iter(report.errors.items()))
        raise ValueError(f"the snapshot is not valid ({first[0]}: {first[1][0]}); nothing changed")
    return "restored the JSON snapshot: " + ", ".join(
        f"{n} {k}" for k, n in report.counts().items()
    )
