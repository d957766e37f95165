"""Reading the campaign data: plain functions over a Session, knowing nothing of HTTP.

They return dicts in the shapes `schemas.py` describes; views dump them with those schemas.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session, selectinload

from westandbyyou.widget import i18n

from .models import CampaignState, Godparenthood, Parliament, Politician, Prisoner, fold


class NotFound(LookupError):
    """A slug that names nothing; `kind` says what was looked for."""

    def __init__(self, kind: str, slug: str) -> None:
        super().__init__(f"No {kind} with the slug '{slug}'.")
        self.kind = kind
        self.slug = slug


def _days_detained(p: Prisoner, today: dt.date) -> int | None:
    if p.detained_since is None:
        return None
    end = p.released_on if p.status == "released" else today
    if end is None:
        return None
    return max((end - p.detained_since).days, 0)


def summary(s: Session, lang: str) -> dict[str, Any]:
    """The counter: distinct godparents ever recorded, their prisoners and parliaments."""
    godparents = s.scalar(select(func.count(distinct(Godparenthood.politician_id)))) or 0
    prisoners = s.scalar(select(func.count(distinct(Godparenthood.prisoner_id)))) or 0
    parliaments = (
        s.scalar(
            select(func.count(distinct(Politician.parliament_id))).join(
                Godparenthood, Godparenthood.politician_id == Politician.id
            )
        )
        or 0
    )
    state = s.get(CampaignState, 1)
    return {
        "godparents": godparents,
        "prisoners": prisoners,
        "parliaments": parliaments,
        "updated": state.updated if state else None,
        "headline": i18n.headline(lang, godparents),
        "lang": lang,
    }


def _godparent_counts(s: Session) -> dict[int, int]:
    rows = s.execute(
        select(Politician.parliament_id, func.count(distinct(Politician.id)))
        .join(Godparenthood, Godparenthood.politician_id == Politician.id)
        .group_by(Politician.parliament_id)
    )
    return {pid: n for pid, n in rows}


def parliaments(s: Session, lang: str) -> dict[str, Any]:
    """Parliaments that have godparents, in the campaign page's order, with their counts."""
    counts = _godparent_counts(s)
    rows = s.scalars(select(Parliament).order_by(Parliament.position, Parliament.slug))
    items = [
        {"slug": p.slug, "name": p.name(lang), "country": p.country, "godparents": counts[p.id]}
        for p in rows
        if counts.get(p.id)
    ]
    return {"items": items}


def _godchild(gp: Godparenthood, today: dt.date, detailed: bool) -> dict[str, Any]:
    p = gp.prisoner
    item: dict[str, Any] = {"slug": p.slug, "name": p.name, "status": p.status, "since": gp.since}
    if detailed:
        item.update(
            detained_since=p.detained_since,
            released_on=p.released_on,
            days_detained=_days_detained(p, today),
        )
    return item


def _godparent(
    pol: Politician, lang: str, today: dt.date, detailed: bool = False
) -> dict[str, Any]:
    links = sorted(pol.godparenthoods, key=lambda gp: (gp.since or dt.date.min, gp.prisoner.slug))
    return {
        "slug": pol.slug,
        "name": pol.name,
        "party": pol.party,
        "parliament": {"slug": pol.parliament.slug, "name": pol.parliament.name(lang)},
        "prisoners": [_godchild(gp, today, detailed) for gp in links],
    }


_GODPARENT_LOAD = (
    selectinload(Politician.parliament),
    selectinload(Politician.godparenthoods).selectinload(Godparenthood.prisoner),
)


def _godparents_query(
    parliament_id: int | None = None, country: str | None = None, q: str | None = None
) -> Any:
    has_godchild = select(Godparenthood.id).where(Godparenthood.politician_id == Politician.id)
    stmt = select(Politician).join(Politician.parliament).where(has_godchild.exists())
    if parliament_id is not None:
        stmt = stmt.where(Politician.parliament_id == parliament_id)
    if country:
        # A national parliament's members are of its country; MEPs carry their own.
        stmt = stmt.where(func.coalesce(Politician.country, Parliament.country) == country)
    if q:
        stmt = stmt.where(Politician.search_name.contains(fold(q), autoescape=True))
    return stmt


def _parliament_by_slug(s: Session, slug: str) -> Parliament:
    p = s.scalar(select(Parliament).where(Parliament.slug == slug))
    if p is None:
        raise NotFound("parliament", slug)
    return p


def parliament(s: Session, slug: str, lang: str, today: dt.date) -> dict[str, Any]:
    """One parliament with its godparents."""
    p = _parliament_by_slug(s, slug)
    members = s.scalars(
        _godparents_query(parliament_id=p.id).options(*_GODPARENT_LOAD).order_by(Politician.name)
    )
    return {
        "slug": p.slug,
        "name": p.name(lang),
        "country": p.country,
        "godparents": [_godparent(m, lang, today) for m in members],
    }


def godparents(
    s: Session,
    lang: str,
    today: dt.date,
    *,
    page: int,
    per_page: int,
    parliament: str | None = None,
    country: str | None = None,
    q: str | None = None,
) -> dict[str, Any]:
    """A page of godparents, ordered as the campaign lists them (by parliament, then name)."""
    parliament_id = _parliament_by_slug(s, parliament).id if parliament else None
    stmt = _godparents_query(parliament_id, country.upper() if country else None, q)
    total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = s.scalars(
        stmt.options(*_GODPARENT_LOAD)
        .order_by(Parliament.position, Parliament.id, Politician.name, Politician.slug)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return {
        "items": [_godparent(p, lang, today) for p in rows],
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": math.ceil(total / per_page) if total else 0,
    }


def godparent(s: Session, slug: str, lang: str, today: dt.date) -> dict[str, Any]:
    """One godparent with their godchildren."""
    pol = s.scalar(_godparents_query().where(Politician.slug == slug).options(*_GODPARENT_LOAD))
    if pol is None:
        raise NotFound("godparent", slug)
    return _godparent(pol, lang, today)


def _prisoner(p: Prisoner, lang: str, today: dt.date) -> dict[str, Any]:
    links = sorted(p.godparenthoods, key=lambda gp: (gp.since or dt.date.min, gp.politician.slug))
    return {
        "slug": p.slug,
        "name": p.name,
        "name_original": p.name_original,
        "status": p.status,
        "detained_since": p.detained_since,
        "released_on": p.released_on,
        "days_detained": _days_detained(p, today),
        "profile_url": p.profile_url,
        "godparents": [
            {
                "slug": gp.politician.slug,
                "name": gp.politician.name,
                "party": gp.politician.party,
                "parliament": {
                    "slug": gp.politician.parliament.slug,
                    "name": gp.politician.parliament.name(lang),
                },
                "since": gp.since,
            }
            for gp in links
        ],
    }


_PRISONER_LOAD = (
    selectinload(Prisoner.godparenthoods)
    .selectinload(Godparenthood.politician)
    .selectinload(Politician.parliament),
)


def prisoners(
    s: Session, lang: str, today: dt.date, *, page: int, per_page: int, status: str | None = None
) -> dict[str, Any]:
    """A page of prisoners who have godparents, by name."""
    has_godparent = select(Godparenthood.id).where(Godparenthood.prisoner_id == Prisoner.id)
    stmt = select(Prisoner).where(has_godparent.exists())
    if status:
        stmt = stmt.where(Prisoner.status == status)
    total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = s.scalars(
        stmt.options(*_PRISONER_LOAD)
        .order_by(Prisoner.name, Prisoner.slug)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return {
        "items": [_prisoner(p, lang, today) for p in rows],
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": math.ceil(total / per_page) if total else 0,
    }


def prisoner(s: Session, slug: str, lang: str, today: dt.date) -> dict[str, Any]:
    """One prisoner with their godparents."""
    p = s.scalar(select(Prisoner).where(Prisoner.slug == slug).options(*_PRISONER_LOAD))
    if p is None:
        raise NotFound("prisoner", slug)
    return _prisoner(p, lang, today)


def widget(
    s: Session,
    lang: str,
    today: dt.date,
    *,
    parliament: str | None = None,
    godparent: str | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """The counter plus godparents grouped by parliament, narrowed to one parliament or one
    godparent when asked, so a widget renders from a single request.

    At most `limit` godparents per parliament (by name), so the document stays bounded however
    large the campaign grows; each group's `total` says how many there are in all, and
    `labels.show_all` is the sentence a list shows under a trimmed group."""
    stmt = _godparents_query().options(*_GODPARENT_LOAD)
    if parliament:
        stmt = stmt.where(Politician.parliament_id == _parliament_by_slug(s, parliament).id)
    if godparent:
        stmt = stmt.where(Politician.slug == godparent)
    if limit is not None:
        rank = func.row_number().over(
            partition_by=Politician.parliament_id, order_by=(Politician.name, Politician.slug)
        )
        ranked = _godparents_query().with_only_columns(Politician.id, rank.label("n")).subquery()
        stmt = stmt.where(Politician.id.in_(select(ranked.c.id).where(ranked.c.n <= limit)))
    members = list(
        s.scalars(
            stmt.order_by(Parliament.position, Parliament.id, Politician.name, Politician.slug)
        )
    )
    if godparent and not members:
        raise NotFound("godparent", godparent)
    totals = _godparent_counts(s)
    groups: dict[int, dict[str, Any]] = {}
    for m in members:
        group = groups.setdefault(
            m.parliament_id,
            {
                "slug": m.parliament.slug,
                "name": m.parliament.name(lang),
                "country": m.parliament.country,
                "total": totals.get(m.parliament_id, 0),
                "godparents": [],
            },
        )
        group["godparents"].append(_godparent(m, lang, today, detailed=True))
    return {
        "summary": summary(s, lang),
        "parliaments": list(groups.values()),
        "labels": {"show_all": i18n.TEXTS["show_all"][lang]},
    }
