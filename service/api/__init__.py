"""The public read API, `/api/v1/...`: JSON, cached, CORS-open, cookie-free."""

from __future__ import annotations

from flask import Blueprint, request

from ..errors import Problem

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")


@blueprint.before_request
def _accepts_json() -> None:
    # Cheap test first: almost every client sends */* or a JSON type.
    accept = request.headers.get("Accept")
    if accept and "json" not in accept and "*" not in accept:
        raise Problem(406, "This API answers in JSON; send Accept: application/json.")


from . import openapi, reads  # noqa: E402,F401  (views register on the blueprint)
