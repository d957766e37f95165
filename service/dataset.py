"""The dataset document (`westandbyyou/1`): the bundled campaign data and the export format.

`apply` upserts a document by slug inside the caller's transaction, so a load either lands
whole or (on any error) not at all. `export`/`dumps` write the database back as a document in
a fixed order and layout (the bundled file's), so equal data always gives equal bytes; the
`*_row` functions give one record in that shape (what imports compare and the audit stores).
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Godparenthood, Parliament, Politician, Prisoner

FORMAT = "westandbyyou/1"


class DatasetError(ValueError):
    """The document is not a valid dataset; the message says where and why."""


def bundled() -> dict[str, Any]:
    """The campaign data shipped with the package, built from public sources."""
    text = resources.files("westandbyyou.service").joinpath("data/campaign.json").read_text("utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


def _date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise DatasetError(f"{where}: '{value}' is not a date (YYYY-MM-DD).") from exc


def is_empty(s: Session) -> bool:
    """True when the database holds no campaign data at all."""
    return s.scalar(select(Parliament.id).limit(1)) is None


def apply(s: Session, doc: dict[str, Any]) -> dict[str, int]:
    """Insert or update every record of `doc` by slug; returns how many of each it holds."""
    if doc.get("format") != FORMAT:
        raise DatasetError(f"format: expected '{FORMAT}', got {doc.get('format')!r}.")
    parliaments = {p.slug: p for p in s.scalars(select(Parliament))}
    for i, row in enumerate(doc.get("parliaments", [])):
        p = parliaments.get(row["slug"]) or Parliament(slug=row["slug"])
        if "en" not in row.get("names", {}):
            raise DatasetError(f"parliaments[{i}]: names needs an 'en' entry.")
        p.names, p.country, p.position = dict(row["names"]), row["country"], row.get("position", 0)
        parliaments[p.slug] = p
        s.add(p)

    politicians = {p.slug: p for p in s.scalars(select(Politician))}
    for i, row in enumerate(doc.get("politicians", [])):
        if row["parliament"] not in parliaments:
            raise DatasetError(f"politicians[{i}]: unknown parliament '{row['parliament']}'.")
        pol = politicians.get(row["slug"]) or Politician(slug=row["slug"])
        pol.name, pol.party = row["name"], row.get("party")
        pol.parliament = parliaments[row["parliament"]]
        pol.country, pol.role, pol.url = row.get("country"), row.get("role"), row.get("url")
        politicians[pol.slug] = pol
        s.add(pol)

    prisoners = {p.slug: p for p in s.scalars(select(Prisoner))}
    for i, row in enumerate(doc.get("prisoners", [])):
        pr = prisoners.get(row["slug"]) or Prisoner(slug=row["slug"])
        pr.name, pr.name_original = row["name"], row.get("name_original")
        pr.status = row.get("status") or "detained"
        pr.detained_since = _date(row.get("detained_since"), f"prisoners[{i}].detained_since")
        pr.released_on = _date(row.get("released_on"), f"prisoners[{i}].released_on")
        pr.profile_url = row.get("profile_url")
        prisoners[pr.slug] = pr
        s.add(pr)

    s.flush()
    links = {(g.politician_id, g.prisoner_id): g for g in s.scalars(select(Godparenthood))}
    for i, row in enumerate(doc.get("godparenthoods", [])):
        pol, pr = politicians.get(row["politician"]), prisoners.get(row["prisoner"])
        if pol is None or pr is None:
            missing = "politician" if pol is None else "prisoner"
            raise DatasetError(f"godparenthoods[{i}]: unknown {missing} '{row[missing]}'.")
        link = links.get((pol.id, pr.id)) or Godparenthood(politician=pol, prisoner=pr)
        link.since = _date(row.get("since"), f"godparenthoods[{i}].since")
        link.ended_on = _date(row.get("ended_on"), f"godparenthoods[{i}].ended_on")
        link.end_reason, link.source_url = row.get("end_reason"), row.get("source_url")
        links[(pol.id, pr.id)] = link
        s.add(link)
    s.flush()
    return {
        k: len(doc.get(k, []))
        for k in ("parliaments", "politicians", "prisoners", "godparenthoods")
    }


# ---- the export side: one record as a document row, the whole database as a document -----

KINDS = ("parliaments", "politicians", "prisoners", "godparenthoods")


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def parliament_row(p: Parliament) -> dict[str, Any]:
    """A parliament as the document holds it."""
    return {"slug": p.slug, "country": p.country, "position": p.position, "names": dict(p.names)}


def politician_row(p: Politician) -> dict[str, Any]:
    """A politician as the document holds it (the parliament by slug)."""
    return {
        "slug": p.slug,
        "name": p.name,
        "party": p.party,
        "parliament": p.parliament.slug,
        "country": p.country,
        "role": p.role,
        "url": p.url,
    }


def prisoner_row(p: Prisoner) -> dict[str, Any]:
    """A prisoner as the document holds it."""
    return {
        "slug": p.slug,
        "name": p.name,
        "name_original": p.name_original,
        "status": p.status,
        "detained_since": _iso(p.detained_since),
        "released_on": _iso(p.released_on),
        "profile_url": p.profile_url,
    }


def godparenthood_row(g: Godparenthood) -> dict[str, Any]:
    """A godparenthood as the document holds it (both ends by slug)."""
    return {
        "politician": g.politician.slug,
        "prisoner": g.prisoner.slug,
        "since": _iso(g.since),
        "ended_on": _iso(g.ended_on),
        "end_reason": g.end_reason,
        "source_url": g.source_url,
    }


def row_key(kind: str, row: dict[str, Any]) -> str:
    """What identifies a row of `kind`: its slug, or `politician/prisoner` for a link."""
    if kind == "godparenthoods":
        return f"{row['politician']}/{row['prisoner']}"
    return str(row["slug"])


def export(s: Session) -> dict[str, Any]:
    """The whole database as a document, in a fixed order so equal data gives equal bytes."""
    parliaments = s.scalars(select(Parliament).order_by(Parliament.position, Parliament.slug))
    politicians = s.scalars(select(Politician).order_by(Politician.slug))
    prisoners = s.scalars(select(Prisoner).order_by(Prisoner.slug))
    links = sorted(
        (godparenthood_row(g) for g in s.scalars(select(Godparenthood))),
        key=lambda r: (r["politician"], r["prisoner"]),
    )
    return {
        "format": FORMAT,
        "parliaments": [parliament_row(p) for p in parliaments],
        "politicians": [politician_row(p) for p in politicians],
        "prisoners": [prisoner_row(p) for p in prisoners],
        "godparenthoods": links,
    }


def dumps(doc: dict[str, Any]) -> bytes:
    """The document's canonical bytes (the layout of the bundled `campaign.json`)."""
    return (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode()
