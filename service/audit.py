"""The audit trail: every write records who (a token's name), when, how, and before/after."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import AuditEntry

COLUMNS = ("id", "at", "actor", "via", "action", "kind", "key", "before", "after")


def record(
    s: Session,
    *,
    actor: str,
    via: str,
    action: str,
    kind: str,
    key: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Add one entry to the caller's transaction, so it lands exactly when the change does."""
    s.add(
        AuditEntry(
            at=dt.datetime.now(dt.UTC),
            actor=actor,
            via=via,
            action=action,
            kind=kind,
            key=key,
            before=before,
            after=after,
        )
    )


def entry_row(e: AuditEntry) -> dict[str, Any]:
    """One entry as JSON-ready data."""
    at = e.at if e.at.tzinfo else e.at.replace(tzinfo=dt.UTC)  # SQLite drops the zone
    return {
        "id": e.id,
        "at": at.isoformat(timespec="seconds"),
        "actor": e.actor,
        "via": e.via,
        "action": e.action,
        "kind": e.kind,
        "key": e.key,
        "before": e.before,
        "after": e.after,
    }


def page(
    s: Session,
    *,
    page: int = 1,
    per_page: int = 50,
    kind: str | None = None,
    key: str | None = None,
) -> dict[str, Any]:
    """The newest entries first, optionally for one kind or one record."""
    stmt = select(AuditEntry)
    if kind:
        stmt = stmt.where(AuditEntry.kind == kind)
    if key:
        stmt = stmt.where(AuditEntry.key == key)
    total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = s.scalars(
        stmt.order_by(AuditEntry.id.desc()).limit(per_page).offset((page - 1) * per_page)
    )
    return {
        "items": [entry_row(e) for e in rows],
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": math.ceil(total / per_page) if total else 0,
    }


def export_rows(s: Session) -> list[dict[str, Any]]:
    """Every entry, oldest first."""
    return [entry_row(e) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def to_csv(rows: list[dict[str, Any]]) -> bytes:
    """Entries as CSV (before/after as JSON text), cells escaped against formula injection."""
    from .exports import escape_cell

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in rows:
        cells = [
            json.dumps(r[c], ensure_ascii=False, sort_keys=True)
            if c in ("before", "after")
            else str(r[c])
            for c in COLUMNS
        ]
        writer.writerow([escape_cell(c) for c in cells])
    return ("\ufeff" + out.getvalue()).encode()
