"""Read views: parse the query with a schema, fetch through `queries`, dump with a schema,
and let `caching` answer repeat requests without touching the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from flask import Response, current_app, request
from marshmallow import Schema

from .. import db, queries
from .. import schemas as s
from ..caching import Rendered, cached, render_json
from . import blueprint

summary_args, page_args = s.LangArgs(), s.PageArgs()
godparent_args, prisoner_args, widget_args = s.GodparentArgs(), s.PrisonerArgs(), s.WidgetArgs()
summary_out, parliaments_out = s.SummarySchema(), s.ParliamentListSchema()
parliament_out, godparent_page_out = s.ParliamentDetailSchema(), s.GodparentPageSchema()
godparent_out, prisoner_page_out = s.GodparentSchema(), s.PrisonerPageSchema()
prisoner_out, widget_out = s.PrisonerSchema(), s.WidgetSchema()


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _args(schema: Schema) -> dict[str, Any]:
    loaded: dict[str, Any] = schema.load(request.args.to_dict())
    return loaded


def _key(name: str, args: dict[str, Any]) -> str:
    return name + "?" + urlencode(sorted((k, str(v)) for k, v in args.items() if v is not None))


def _serve(
    name: str,
    args: dict[str, Any],
    out: Schema,
    fetch: Callable[[], dict[str, Any]],
    links: Callable[[dict[str, Any]], str] | None = None,
) -> Response:
    def build() -> Rendered:
        data = out.dump(fetch())
        headers = (("Link", links(data)),) if links and links(data) else ()
        return render_json(data, headers)

    return cached(_key(name, args), build, fast=True)


def _page_links(path: str, args: dict[str, Any]) -> Callable[[dict[str, Any]], str]:
    """RFC 8288 links, relative to our own path so they never depend on the Host header."""

    def links(data: dict[str, Any]) -> str:
        page, pages = data["page"], data["pages"]
        base = {k: v for k, v in sorted(args.items()) if v is not None and k != "page"}

        def url(n: int) -> str:
            return f"{path}?{urlencode({**base, 'page': n})}"

        rels = [("first", 1)] if pages else []
        if page > 1 and pages:
            rels.append(("prev", min(page - 1, pages)))
        if page < pages:
            rels.append(("next", page + 1))
        if pages:
            rels.append(("last", pages))
        return ", ".join(f'<{url(n)}>; rel="{rel}"' for rel, n in rels)

    return links


@blueprint.get("/summary")
def summary() -> Response:
    """The counter and its sentence."""
    a = _args(summary_args)
    return _serve("summary", a, summary_out, lambda: queries.summary(db.session(), a["lang"]))


@blueprint.get("/parliaments")
def parliaments() -> Response:
    """Parliaments with their number of godparents."""
    a = _args(summary_args)
    return _serve(
        "parliaments", a, parliaments_out, lambda: queries.parliaments(db.session(), a["lang"])
    )


@blueprint.get("/parliaments/<slug>")
def parliament(slug: str) -> Response:
    """One parliament and its godparents."""
    a = _args(summary_args)
    return _serve(
        f"parliament/{slug}",
        a,
        parliament_out,
        lambda: queries.parliament(db.session(), slug, a["lang"], _today()),
    )


@blueprint.get("/godparents")
def godparents() -> Response:
    """Godparents, paginated, filtered by parliament, country or part of the name."""
    a = _args(godparent_args)
    return _serve(
        "godparents",
        a,
        godparent_page_out,
        lambda: queries.godparents(db.session(), today=_today(), **a),
        _page_links(request.path, a),
    )


@blueprint.get("/godparents/<slug>")
def godparent(slug: str) -> Response:
    """One godparent and their godchildren."""
    a = _args(summary_args)
    return _serve(
        f"godparent/{slug}",
        a,
        godparent_out,
        lambda: queries.godparent(db.session(), slug, a["lang"], _today()),
    )


@blueprint.get("/prisoners")
def prisoners() -> Response:
    """Prisoners who have godparents, paginated, optionally by status."""
    a = _args(prisoner_args)
    return _serve(
        "prisoners",
        a,
        prisoner_page_out,
        lambda: queries.prisoners(db.session(), today=_today(), **a),
        _page_links(request.path, a),
    )


@blueprint.get("/prisoners/<slug>")
def prisoner(slug: str) -> Response:
    """One prisoner with status, days detained and godparents."""
    a = _args(summary_args)
    return _serve(
        f"prisoner/{slug}",
        a,
        prisoner_out,
        lambda: queries.prisoner(db.session(), slug, a["lang"], _today()),
    )


@blueprint.get("/widget")
def widget() -> Response:
    """Everything one widget render needs, in one document."""
    a = _args(widget_args)
    return _serve(
        "widget",
        a,
        widget_out,
        lambda: queries.widget(
            db.session(), today=_today(), limit=current_app.config["WIDGET_GROUP_LIMIT"], **a
        ),
    )
