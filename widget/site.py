"""Our own pages: `/`, the demo as the campaign page shows it, and `/embed`, the configurator
where non-technical users pick a view and copy a code. Both work without JavaScript."""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlencode

from flask import Response, request
from marshmallow import fields, pre_load, validate

from westandbyyou.service import db, queries
from westandbyyou.service.caching import Rendered, cached, render_json
from westandbyyou.service.schemas import SLUG, LangArgs

from . import pages
from .args import ConfigureArgs
from .i18n import DEFAULT, text
from .render import (
    frame_url,
    render_badge_code,
    render_badge_markdown,
    render_counter,
    render_iframe_code,
    render_list,
    render_snippet,
    widget_params,
)
from .views import blueprint

LANGUAGE_NAMES = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "nl": "Nederlands",
    "it": "Italiano",
    "be": "Беларуская",
    "ru": "Русский",
}


def slugify(value: str) -> str:
    """A typed name as the slug it most likely means ("Robin Wagener" -> "robin-wagener")."""
    ascii_ = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


class _Form(ConfigureArgs):
    # People may type a name into the godparent field instead of picking from the list.
    @pre_load
    def _slug(self, data: Any, **_: Any) -> Any:
        raw = data.get("godparent")
        if isinstance(raw, str) and raw:
            return {**data, "godparent": slugify(raw[:200])}
        return data


_form = _Form()


class DemoArgs(LangArgs):
    # "Show all" under a trimmed list group lands here with its parliament.
    parliament = fields.String(validate=[validate.Length(max=80), SLUG])


_demo_args = DemoArgs()
# One parliament's page lists all of its godparents, up to this bound.
PARLIAMENT_PAGE_LIMIT = 10_000


@blueprint.get("/")
def demo() -> Response:
    """The counter and the full list, as the campaign page shows them (live with embed.js);
    `?parliament=` shows one parliament's godparents, all of them."""
    a = _demo_args.load(request.args.to_dict())
    base = pages.base_url()

    def build() -> Rendered:
        lang = a["lang"]
        one = a.get("parliament")
        doc = pages.widget_doc(lang, one, limit=PARLIAMENT_PAGE_LIMIT if one else None)
        query = {k: v for k, v in (("parliament", one), ("lang", lang)) if v and v != DEFAULT}
        page_url = f"{base}/" + (f"?{urlencode(query)}" if query else "")
        return pages.page(
            "wsby_demo.html",
            {"connect": True},
            lang=lang,
            languages=LANGUAGE_NAMES,
            title=text("campaign", lang),
            counter=render_counter(doc, base_url=base),
            listing=render_list(doc, base_url=base),
            oembed=pages.oembed_link(base, page_url),
        )

    return cached(pages.key("demo", a), build)


def _codes(a: dict[str, Any], base: str, headline: str) -> dict[str, str] | None:
    """Every code for the chosen options; None while a card has no godparent yet."""
    if a["view"] == "card" and not a.get("godparent"):
        return None
    params = widget_params(
        view=a["view"],
        lang=a["lang"],
        theme=a["theme"],
        parliament=a.get("parliament") if a["view"] == "list" else None,
        godparent=a.get("godparent") if a["view"] == "card" else None,
    )
    title = text("campaign", a["lang"])
    return {
        "preview": frame_url(base, **params),
        "snippet": render_snippet(base_url=base, headline=headline, **params),
        "iframe": render_iframe_code(base_url=base, title=title, **params),
        "link": frame_url(base, **params),
        "badge": render_badge_code(base_url=base, lang=a["lang"], alt=title),
        "markdown": render_badge_markdown(base_url=base, lang=a["lang"], alt=title),
    }


def _narrowed(a: dict[str, Any]) -> dict[str, Any]:
    """The document for the chosen options (raises NotFound for a typo)."""
    return pages.widget_doc(
        a["lang"],
        a.get("parliament") if a["view"] == "list" else None,
        a.get("godparent") if a["view"] == "card" else None,
    )


@blueprint.get("/embed")
def configure() -> Response:
    """The configurator: a GET form (works without scripts), a live preview, copy buttons."""
    a = _form.load(request.args.to_dict())
    base = pages.base_url()
    try:
        return cached(pages.key("embed", a), lambda: _configure_page(a, base, None))
    except queries.NotFound as exc:
        error = f"No {exc.kind} matches “{exc.slug}”. Pick one from the list."
        rendered = _configure_page(a, base, error)
        return Response(rendered.body, 404, dict(rendered.headers), content_type=pages.HTML)


def _configure_page(a: dict[str, Any], base: str, error: str | None) -> Rendered:
    everything = pages.widget_doc(a["lang"])
    codes = None
    if error is None:
        _narrowed(a)
        codes = _codes(a, base, everything["summary"]["headline"])
    godparents = [
        (g["slug"], g["name"], p["name"])
        for p in everything["parliaments"]
        for g in p["godparents"]
    ]
    return pages.page(
        "wsby_embed.html",
        {"connect": True, "frames": True},
        lang="en",
        form=a,
        error=error,
        languages=LANGUAGE_NAMES,
        parliaments=queries.parliaments(db.session(), a["lang"])["items"],
        godparents=godparents,
        codes=codes,
        headline=everything["summary"]["headline"],
    )


@blueprint.get("/embed/code.json")
def configure_codes() -> Response:
    """The configurator's codes for the options its script sends (the same as the page)."""
    a = _form.load(request.args.to_dict())
    base = pages.base_url()

    def build() -> Rendered:
        _narrowed(a)
        headline = pages.widget_doc(a["lang"])["summary"]["headline"]
        return render_json({"codes": _codes(a, base, headline)})

    return cached(pages.key("codes", a), build)
