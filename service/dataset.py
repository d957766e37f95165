"""The dataset document (`westandbyyou/1`): the bundled campaign data and the export format.

`apply` upserts a document by slug inside the caller's transaction, so a load either lands
whole or (on any error) not at all.
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
