"""The embeds that need no JavaScript on the host: the iframe view, the SVG badge, oEmbed,
and the widget's static files. Thin views: validate, fetch, render, serve cached."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request
from marshmallow import ValidationError

from westandbyyou.service import db, queries
from westandbyyou.service.caching import Rendered, cached, render_bytes, render_json
from westandbyyou.service.errors import Problem
from westandbyyou.service.schemas import LangArgs

from . import assets, badge, i18n, oembed, pages
from .args import BadgeArgs, FrameArgs, OEmbedArgs
from .render import FRAME_PATH, frame_url, render_notice, render_view, unknown, widget_params

blueprint = Blueprint("widget", __name__, template_folder="templates")

_frame_args, _badge_args, _oembed_args = FrameArgs(), BadgeArgs(), OEmbedArgs()
_lang_args = LangArgs()
COLOR_SCHEMES = {"auto": "light dark", "light": "light", "dark": "dark"}


def _load(schema: Any) -> dict[str, Any]:
    loaded: dict[str, Any] = schema.load(request.args.to_dict())
    return loaded


def _params(a: dict[str, Any]) -> dict[str, str]:
    return widget_params(
        view=a["view"],
        lang=a["lang"],
        theme=a["theme"],
        parliament=a.get("parliament"),
        godparent=a.get("godparent"),
    )


@blueprint.get(FRAME_PATH)
def frame() -> Response:
    """One view as a complete page for an `<iframe>`: works sandboxed and without scripts;
    `frame.js` only reports its height to the embedding page."""
    a = _load(_frame_args)
    base = pages.base_url()
    params = _params(a)
    try:
        return cached(pages.key("frame", a), lambda: _frame(params, base))
    except queries.NotFound as exc:
        # A typo in the embed code: say so visibly, in the frame, with a 404 status; not
        # cached, since anyone can invent slugs.
        message = unknown(exc.kind, a["lang"], exc.slug)
        fragment = render_notice(message, lang=a["lang"], theme=a["theme"], view=a["view"])
        context = _frame_context(params, base, fragment) | {"oembed": None}
        body = render_template("wsby_frame.html", asset=assets.asset_url, **context)
        headers = dict(pages.security_headers(framed=True))
        headers["Cache-Control"] = "no-store"
        return Response(body, 404, headers, content_type=pages.HTML)


def _frame_context(params: dict[str, str], base: str, fragment: str) -> dict[str, Any]:
    url = frame_url(base, **params)
    return {
        "lang": params["lang"],
        "theme": params["theme"],
        "color_scheme": COLOR_SCHEMES[params["theme"]],
        "title": i18n.text("campaign", params["lang"]),
        "fragment": fragment,
        "oembed": pages.oembed_link(base, url),
        "origin": base,
    }


def _frame(params: dict[str, str], base: str) -> Rendered:
    doc = pages.widget_doc(params["lang"], params.get("parliament"), params.get("godparent"))
    fragment = render_view(
        params["view"], doc, base_url=base, theme=params["theme"], godparent=params.get("godparent")
    )
    return pages.page("wsby_frame.html", {"framed": True}, **_frame_context(params, base, fragment))


@blueprint.get("/badge.svg")
def badge_svg() -> Response:
    """The counter as an SVG image with `role="img"` and a `<title>`."""
    a = _load(_badge_args)

    def build() -> Rendered:
        summary = queries.summary(db.session(), a["lang"])
        svg = badge.render_badge(summary["headline"], lang=a["lang"], style=a["style"])
        # Opened directly, an SVG is a document: it may run nothing and load nothing.
        headers = (
            ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
            *assets.HEADERS,
        )
        return render_bytes(svg.encode(), "image/svg+xml; charset=utf-8", headers)

    return cached(f"badge?lang={a['lang']}&style={a['style']}", build, fast=True)


@blueprint.get("/oembed")
def oembed_json() -> Response:
    """oEmbed for our demo page and frame URLs (type `rich`, WordPress's allowed shape)."""
    a = _load(_oembed_args)
    if a["format"] != "json":
        raise Problem(501, "Only format=json is offered.")
    base = pages.base_url()
    found = oembed.embeddable(a["url"], base)
    if found is None:
        raise Problem(404, f"Not an embeddable page of this service: {a['url'][:200]}")
    path, query = found
    try:
        if path == "/":  # the demo page embeds as the counter plus the full list
            lang = _lang_args.load(query)["lang"]
            params = widget_params(view="list", lang=lang, theme="auto")
        else:
            params = _params(_frame_args.load(query))
    except ValidationError as exc:
        raise Problem(404, f"Not an embeddable page of this service: {exc.messages}") from exc
    width, height = oembed.size(params["view"], a.get("maxwidth"), a.get("maxheight"))

    def build() -> Rendered:
        # Fails with 404 for an unknown parliament or godparent before anything is cached.
        pages.widget_doc(params["lang"], params.get("parliament"), params.get("godparent"))
        lang = params["lang"]
        link = f"{base}/" + ("" if lang == i18n.DEFAULT else f"?lang={lang}")
        title = i18n.text("campaign", lang)
        return render_json(
            oembed.document(
                base_url=base,
                title=title,
                link=link,
                params=params,
                maxwidth=width,
                maxheight=height,
            )
        )

    return cached(pages.key("oembed", {**params, "w": width, "h": height}), build)


@blueprint.get("/widget/v1/<any(" + ",".join(f'"{n}"' for n in assets.TYPES) + "):name>")
def asset(name: str) -> Response:
    """embed.js, frame.js, the stylesheets: CORS-open, gzip, ETag, versioned caching."""
    return assets.serve(name)


from . import site  # noqa: E402,F401  (the demo page and configurator register here too)
