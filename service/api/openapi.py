"""`/api/v1/openapi.json`: OpenAPI 3.1 generated from the marshmallow schemas (apispec)."""

from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Response

from .. import schemas as s
from ..caching import cached, render_json
from . import blueprint

# (path, operationId, summary, query schema, path parameter, response schema)
READS: list[tuple[str, str, str, type, str | None, type]] = [
    ("/summary", "getSummary", "The counter and its sentence", s.LangArgs, None, s.SummarySchema),
    (
        "/parliaments",
        "listParliaments",
        "Parliaments with godparent counts",
        s.LangArgs,
        None,
        s.ParliamentListSchema,
    ),
    (
        "/parliaments/{slug}",
        "getParliament",
        "One parliament with its godparents",
        s.LangArgs,
        "parliament",
        s.ParliamentDetailSchema,
    ),
    (
        "/godparents",
        "listGodparents",
        "Godparents, paginated (RFC 8288 Link header)",
        s.GodparentArgs,
        None,
        s.GodparentPageSchema,
    ),
    (
        "/godparents/{slug}",
        "getGodparent",
        "One godparent with their godchildren",
        s.LangArgs,
        "godparent",
        s.GodparentSchema,
    ),
    (
        "/prisoners",
        "listPrisoners",
        "Prisoners with godparents, paginated",
        s.PrisonerArgs,
        None,
        s.PrisonerPageSchema,
    ),
    (
        "/prisoners/{slug}",
        "getPrisoner",
        "One prisoner with status and godparents",
        s.LangArgs,
        "prisoner",
        s.PrisonerSchema,
    ),
    (
        "/widget",
        "getWidget",
        "Everything one widget render needs",
        s.WidgetArgs,
        None,
        s.WidgetSchema,
    ),
]

CACHING_HEADERS = {
    "ETag": {"schema": {"type": "string"}, "description": "Strong validator of the body."},
    "Cache-Control": {"schema": {"type": "string"}},
}


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": "Problem"}},
    }


def build_spec() -> dict[str, Any]:
    """The OpenAPI document as a dict."""
    spec = APISpec(
        title="westandbyyou",
        version="1.0.0",
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={
            "description": "Live data of Libereco's #WeStandBYyou campaign: members of European "
            "parliaments who took over a godparenthood for a political prisoner in Belarus.",
        },
        servers=[{"url": "/api/v1"}],
    )
    spec.components.schema("Problem", schema=s.ProblemSchema)
    for path, op_id, summary, args, slug_of, out in READS:
        parameters: list[Any] = [{"in": "query", "schema": args}]
        if slug_of:
            parameters.append(
                {
                    "in": "path",
                    "name": "slug",
                    "required": True,
                    "description": f"The {slug_of}'s slug.",
                    "schema": {"type": "string", "pattern": "^[a-z0-9-]{1,80}$"},
                }
            )
        responses: dict[str, Any] = {
            "200": {
                "description": summary,
                "headers": CACHING_HEADERS,
                "content": {"application/json": {"schema": out}},
            },
            "304": {"description": "Not modified (If-None-Match matched the ETag)."},
            "400": _problem("A query parameter is invalid."),
            "406": _problem("The client does not accept JSON."),
        }
        if slug_of or args in (s.GodparentArgs, s.WidgetArgs):
            responses["404"] = _problem("No such slug.")
        spec.path(
            path=path,
            operations={
                "get": {
                    "operationId": op_id,
                    "summary": summary,
                    "parameters": parameters,
                    "responses": responses,
                }
            },
        )
    return spec.to_dict()


@blueprint.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document of this API."""
    return cached("openapi", lambda: render_json(build_spec()))
