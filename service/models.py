"""The campaign's data: parliaments, politicians (godparents), prisoners and godparenthoods."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

PRISONER_STATUSES = ("detained", "released")
END_REASONS = ("handed_over", "prisoner_released", "left_parliament", "other")


class Base(DeclarativeBase):
    pass


class Parliament(Base):
    __tablename__ = "parliament"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    # Localized display names keyed by language code; "en" is always present.
    names: Mapped[dict[str, str]] = mapped_column(JSON)
    country: Mapped[str] = mapped_column(String(2))
    position: Mapped[int] = mapped_column(Integer, default=0, index=True)

    politicians: Mapped[list[Politician]] = relationship(back_populates="parliament")

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["en"]


class Politician(Base):
    __tablename__ = "politician"
    # Lists are ordered by parliament, then name: this index yields that order without a sort.
    __table_args__ = (Index("ix_politician_parliament_name", "parliament_id", "name", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # `name` case-folded, kept in step by an attribute event, so a search is a plain LIKE
    # (SQLite's lower() knows ASCII only, and a Python function per row is slow).
    search_name: Mapped[str] = mapped_column(String(200), default="")
    party: Mapped[str | None] = mapped_column(String(200))
    parliament_id: Mapped[int] = mapped_column(ForeignKey("parliament.id", ondelete="RESTRICT"))
    # Home country (ISO 3166-1 alpha-2) where the parliament's own does not say it (MEPs).
    country: Mapped[str | None] = mapped_column(String(2))
    # A role the sources add to the parliament ("former member", "Vice-President").
    role: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))

    parliament: Mapped[Parliament] = relationship(back_populates="politicians")
    godparenthoods: Mapped[list[Godparenthood]] = relationship(back_populates="politician")


class Prisoner(Base):
    __tablename__ = "prisoner"
    __table_args__ = (
        CheckConstraint("status IN ('detained', 'released')", name="prisoner_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_original: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="detained")
    detained_since: Mapped[dt.date | None] = mapped_column(Date)
    released_on: Mapped[dt.date | None] = mapped_column(Date)
    profile_url: Mapped[str | None] = mapped_column(String(500))

    godparenthoods: Mapped[list[Godparenthood]] = relationship(back_populates="prisoner")


class Godparenthood(Base):
    __tablename__ = "godparenthood"
    __table_args__ = (UniqueConstraint("politician_id", "prisoner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    politician_id: Mapped[int] = mapped_column(ForeignKey("politician.id", ondelete="CASCADE"))
    prisoner_id: Mapped[int] = mapped_column(
        ForeignKey("prisoner.id", ondelete="CASCADE"), index=True
    )
    since: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    # Why it ended, when the sources say it did but not always when (handed over, released).
    end_reason: Mapped[str | None] = mapped_column(String(32))
    source_url: Mapped[str | None] = mapped_column(Text)

    politician: Mapped[Politician] = relationship(back_populates="godparenthoods")
    prisoner: Mapped[Prisoner] = relationship(back_populates="godparenthoods")

    @property
    def active(self) -> bool:
        return self.ended_on is None and self.end_reason is None


class CampaignState(Base):
    """One row: when the data last changed, and a revision number that every change moves."""

    __tablename__ = "campaign_state"

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    updated: Mapped[dt.date] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


DATA_MODELS = (Parliament, Politician, Prisoner, Godparenthood)


def fold(text: str) -> str:
    """The form names are searched in: case-folded (ß → ss, Ž → ž)."""
    return text.casefold()


@event.listens_for(Politician.name, "set")
def _fold_name(target: Politician, value: str | None, _old: Any, _initiator: Any) -> None:
    target.search_name = fold(value or "")


@event.listens_for(Session, "before_flush")
def _stamp_updated(session: Session, _ctx: Any, _instances: Any) -> None:
    # `updated` is never typed by hand: any flush that touches campaign data moves it, inside
    # the same transaction, so it can never disagree with the data it describes.
    touched = [
        o for o in (*session.new, *session.dirty, *session.deleted) if isinstance(o, DATA_MODELS)
    ]
    if not touched or session.info.get("wsby_stamping"):
        return
    if not any(session.is_modified(o) or o in session.new or o in session.deleted for o in touched):
        return
    session.info["wsby_stamping"] = True
    try:
        with session.no_autoflush:
            state = session.get(CampaignState, 1)
        now = dt.datetime.now(dt.UTC)
        if state is None:
            session.add(CampaignState(id=1, updated=now.date(), revision=1, changed_at=now))
        else:
            state.updated = now.date()
            state.revision = (state.revision or 0) + 1
            state.changed_at = now
        session.info["wsby_data_changed"] = True
    finally:
        session.info["wsby_stamping"] = False


# ---- staff writes: who may write, and what every write did --------------------------------


class ApiToken(Base):
    """A named bearer token for the admin API and page; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # "write" may change data; "read" may only list the audit trail and export.
    scope: Mapped[str] = mapped_column(String(8), default="write")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """One change to one record: who (a token's name), when, through what, before and after."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(80))
    via: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(200))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
