"""Writing campaign data: validated rows in, audited changes out, one code path for the
admin API, the admin page and bulk import.

A *row* is a record in the dataset document's shape (`dataset.py`): what the export holds,
what an import reads and what the audit trail stores as before/after. Functions here know
nothing of HTTP; they run inside the caller's transaction and raise `WriteError` for input
that names something missing or breaks a rule, so the caller can roll everything back.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    pre_load,
    validate,
    validates_schema,
)
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, selectinload

from . import audit, dataset
from .models import END_REASONS, Godparenthood, Parliament, Politician, Prisoner
from .schemas import SLUG

KINDS = dataset.KINDS
SINGULAR = {
    "parliaments": "parliament",
    "politicians": "politician",
    "prisoners": "prisoner",
    "godparenthoods": "godparenthood",
}


class WriteError(ValueError):
    """A write that cannot happen; `errors` maps field names to messages."""

    def __init__(self, errors: dict[str, list[str]], status: int = 422) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors
        self.status = status


@dataclass(frozen=True)
class Actor:
    """Who writes (a token's name) and through what ("api", "admin", "cli", "import")."""

    name: str
    via: str


@dataclass
class Change:
    """One record created, updated or deleted."""

    action: str
    kind: str
    key: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "kind": SINGULAR[self.kind],
            "key": self.key,
            "before": self.before,
            "after": self.after,
        }


# ---- validation: one schema per kind, shared by the API, the page and imports ------------

_URL = validate.URL(schemes={"http", "https"}, require_tld=False, error="Not an http(s) URL.")
_COUNTRY = validate.Regexp(r"^[A-Z]{2}$", error="Two capital letters (ISO 3166-1), or EU.")


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class _Row(Schema):
    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _blank_is_none(self, data: Any, **_: Any) -> Any:
        # A form or spreadsheet sends "" for "no value"; the data model says None.
        if not isinstance(data, dict):
            raise ValidationError("Expected an object.", "_schema")
        # PostgreSQL cannot store NUL in text, and no name or URL legitimately holds one.
        nul = {str(k): ["Contains a NUL character."] for k, v in data.items() if _has_nul(v)}
        if nul:
            raise ValidationError(nul)
        return {
            k: (v.strip() or None) if isinstance(v, str) and k not in ("names",) else v
            for k, v in data.items()
        }


def _opt_str(n: int) -> fields.String:
    return fields.String(load_default=None, allow_none=True, validate=validate.Length(max=n))


def _opt_date() -> fields.Date:
    return fields.Date(load_default=None, allow_none=True)


class ParliamentRow(_Row):
    slug = fields.String(required=True, validate=[validate.Length(max=80), SLUG])
    country = fields.String(required=True, validate=_COUNTRY)
    position = fields.Integer(load_default=0, validate=validate.Range(0, 10_000), strict=False)
    names = fields.Dict(
        keys=fields.String(validate=validate.Length(2, 8)),
        values=fields.String(validate=validate.Length(1, 200)),
        required=True,
    )

    @validates_schema
    def _english(self, data: dict[str, Any], **_: Any) -> None:
        if not (data.get("names") or {}).get("en", "").strip():
            raise ValidationError("Needs an English name ('en').", "names")


class PoliticianRow(_Row):
    slug = fields.String(required=True, validate=[validate.Length(max=80), SLUG])
    name = fields.String(required=True, validate=validate.Length(1, 200))
    party = _opt_str(200)
    parliament = fields.String(required=True, validate=[validate.Length(max=80), SLUG])
    country = fields.String(load_default=None, allow_none=True, validate=_COUNTRY)
    role = _opt_str(200)
    url = fields.String(
        load_default=None, allow_none=True, validate=[validate.Length(max=500), _URL]
    )


class PrisonerRow(_Row):
    slug = fields.String(required=True, validate=[validate.Length(max=80), SLUG])
    name = fields.String(required=True, validate=validate.Length(1, 200))
    name_original = _opt_str(200)
    status = fields.String(
        load_default="detained", validate=validate.OneOf(("detained", "released"))
    )
    detained_since = _opt_date()
    released_on = _opt_date()
    profile_url = fields.String(
        load_default=None, allow_none=True, validate=[validate.Length(max=500), _URL]
    )

    @validates_schema
    def _release(self, data: dict[str, Any], **_: Any) -> None:
        # A release date can be unknown (some sources only say "released"), so it is optional.
        if data.get("status") != "released" and data.get("released_on"):
            raise ValidationError("Only a released prisoner has a date of release.", "released_on")
        since, released = data.get("detained_since"), data.get("released_on")
        if since and released and released < since:
            raise ValidationError("Cannot be before detained_since.", "released_on")


class GodparenthoodRow(_Row):
    politician = fields.String(required=True, validate=[validate.Length(max=80), SLUG])
    prisoner = fields.String(required=True, validate=[validate.Length(max=80), SLUG])
    since = _opt_date()
    ended_on = _opt_date()
    end_reason = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(END_REASONS)
    )
    source_url = fields.String(
        load_default=None, allow_none=True, validate=[validate.Length(max=2000), _URL]
    )


SCHEMAS: dict[str, Schema] = {
    "parliaments": ParliamentRow(),
    "politicians": PoliticianRow(),
    "prisoners": PrisonerRow(),
    "godparenthoods": GodparenthoodRow(),
}
_ORDER = {
    "parliaments": ("slug", "country", "position", "names"),
    "politicians": ("slug", "name", "party", "parliament", "country", "role", "url"),
    "prisoners": (
        "slug",
        "name",
        "name_original",
        "status",
        "detained_since",
        "released_on",
        "profile_url",
    ),
    "godparenthoods": ("politician", "prisoner", "since", "ended_on", "end_reason", "source_url"),
}


def validate_row(kind: str, data: Any) -> dict[str, Any]:
    """A row of `kind` checked and normalized to the document's shape, or `WriteError`."""
    try:
        loaded = SCHEMAS[kind].load(data)
    except ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        raise WriteError(
            {
                str(k): [str(m) for m in (v if isinstance(v, list) else [v])]
                for k, v in messages.items()
            }
        ) from exc
    row = {k: loaded.get(k) for k in _ORDER[kind]}
    for k, v in row.items():
        if isinstance(v, dt.date):
            row[k] = v.isoformat()
    if kind == "parliaments":
        row["names"] = {k: v.strip() for k, v in row["names"].items()}
    return row


def slugify(name: str) -> str:
    """A URL slug from a name: ASCII letters and digits joined by '-' ("Jürgen Trittin" →
    "jurgen-trittin"); Cyrillic or other scripts fall back to "record"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:70].strip("-")
    return slug or "record"


# ---- the database side -----------------------------------------------------------------


def lock_for_writing(s: Session) -> None:
    """Make this transaction the only writer until it ends, before it reads anything it will
    change: writes are rare, and serializing them is what keeps the revision counter and
    read-modify-write updates from losing a concurrent change."""
    bind = s.connection()
    if bind.dialect.name == "sqlite":
        # The driver opens a deferred transaction lazily; BEGIN IMMEDIATE takes the write
        # lock now (waiting up to busy_timeout) instead of failing on a later upgrade.
        if not bind.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
            bind.exec_driver_sql("BEGIN IMMEDIATE")
    elif bind.dialect.name == "postgresql":
        bind.execute(text("SELECT pg_advisory_xact_lock(74615013)"))


@dataclass
class Index:
    """Every record by its key, loaded once per transaction, kept current by `put`/`delete`."""

    records: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, s: Session) -> Index:
        idx = cls()
        idx.records["parliaments"] = {p.slug: p for p in s.scalars(select(Parliament))}
        idx.records["politicians"] = {
            p.slug: p
            for p in s.scalars(select(Politician).options(selectinload(Politician.parliament)))
        }
        idx.records["prisoners"] = {p.slug: p for p in s.scalars(select(Prisoner))}
        links = s.scalars(
            select(Godparenthood).options(
                selectinload(Godparenthood.politician), selectinload(Godparenthood.prisoner)
            )
        )
        idx.records["godparenthoods"] = {f"{g.politician.slug}/{g.prisoner.slug}": g for g in links}
        return idx

    def get(self, kind: str, key: str) -> Any:
        return self.records[kind].get(key)

    def row(self, kind: str, key: str) -> dict[str, Any] | None:
        obj = self.get(kind, key)
        return None if obj is None else ROW[kind](obj)


ROW: dict[str, Callable[[Any], dict[str, Any]]] = {
    "parliaments": dataset.parliament_row,
    "politicians": dataset.politician_row,
    "prisoners": dataset.prisoner_row,
    "godparenthoods": dataset.godparenthood_row,
}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _assign(s: Session, idx: Index, kind: str, obj: Any, row: dict[str, Any]) -> None:
    if kind == "parliaments":
        obj.country, obj.position, obj.names = row["country"], row["position"], dict(row["names"])
    elif kind == "politicians":
        parliament = idx.get("parliaments", row["parliament"])
        if parliament is None:
            raise WriteError(
                {"parliament": [f"No parliament with the slug '{row['parliament']}'."]}
            )
        obj.name, obj.party, obj.parliament = row["name"], row["party"], parliament
        obj.country, obj.role, obj.url = row["country"], row["role"], row["url"]
    elif kind == "prisoners":
        obj.name, obj.name_original, obj.status = row["name"], row["name_original"], row["status"]
        obj.detained_since = _date(row["detained_since"])
        obj.released_on = _date(row["released_on"])
        obj.profile_url = row["profile_url"]
    else:
        obj.since, obj.ended_on = _date(row["since"]), _date(row["ended_on"])
        obj.end_reason, obj.source_url = row["end_reason"], row["source_url"]


def _new(idx: Index, kind: str, row: dict[str, Any]) -> Any:
    if kind == "parliaments":
        return Parliament(slug=row["slug"])
    if kind == "politicians":
        return Politician(slug=row["slug"])
    if kind == "prisoners":
        return Prisoner(slug=row["slug"])
    politician = idx.get("politicians", row["politician"])
    prisoner = idx.get("prisoners", row["prisoner"])
    errors = {}
    if politician is None:
        errors["politician"] = [f"No politician with the slug '{row['politician']}'."]
    if prisoner is None:
        errors["prisoner"] = [f"No prisoner with the slug '{row['prisoner']}'."]
    if errors:
        raise WriteError(errors)
    return Godparenthood(politician=politician, prisoner=prisoner)


def put(s: Session, idx: Index, actor: Actor, kind: str, row: dict[str, Any]) -> Change | None:
    """Create or update the record `row` (already validated) describes; None if it is
    already exactly so, which is what makes a re-import change nothing."""
    key = dataset.row_key(kind, row)
    obj = idx.get(kind, key)
    before = None if obj is None else ROW[kind](obj)
    if before == row:
        return None
    if obj is None:
        obj = _new(idx, kind, row)
        _assign(s, idx, kind, obj, row)
        s.add(obj)
        idx.records[kind][key] = obj
    else:
        _assign(s, idx, kind, obj, row)
    after = ROW[kind](obj)
    change = Change("create" if before is None else "update", kind, key, before, after)
    _audit(s, actor, change)
    return change


def delete(s: Session, idx: Index, actor: Actor, kind: str, key: str) -> list[Change]:
    """Delete a record; a politician's or prisoner's godparenthoods go with it (each audited).
    A parliament that still has politicians is refused (409)."""
    obj = idx.get(kind, key)
    if obj is None:
        raise WriteError({"_": [f"No {SINGULAR[kind]} '{key}'."]}, status=404)
    changes: list[Change] = []
    if kind == "parliaments":
        members = [p for p in idx.records["politicians"].values() if p.parliament is obj]
        if members:
            raise WriteError(
                {"_": [f"The parliament '{key}' still has {len(members)} politician(s)."]},
                status=409,
            )
    if kind in ("politicians", "prisoners"):
        side = SINGULAR[kind]
        for link_key, link in list(idx.records["godparenthoods"].items()):
            if getattr(link, side) is obj:
                changes += delete(s, idx, actor, "godparenthoods", link_key)
    change = Change("delete", kind, key, ROW[kind](obj), None)
    s.delete(obj)
    del idx.records[kind][key]
    s.flush()
    _audit(s, actor, change)
    return [*changes, change]


def _audit(s: Session, actor: Actor, change: Change) -> None:
    audit.record(
        s,
        actor=actor.name,
        via=actor.via,
        action=change.action,
        kind=SINGULAR[change.kind],
        key=change.key,
        before=change.before,
        after=change.after,
    )


def free_slug(s: Session, kind: str, name: str) -> str:
    """A slug for a new record named `name` that no record of `kind` uses yet."""
    column = {
        "parliaments": Parliament.slug,
        "politicians": Politician.slug,
        "prisoners": Prisoner.slug,
    }[kind]
    base = slugify(name)
    taken = set(s.scalars(select(column).where(column.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def next_position(s: Session) -> int:
    """The display position after every existing parliament."""
    return int(s.scalar(select(func.max(Parliament.position))) or 0) + 1
