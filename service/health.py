"""Probes for process supervisors and load balancers."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import text

from . import db
from .errors import problem

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz() -> Response:
    """The process is alive and answering."""
    response = jsonify(status="ok")
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/readyz")
def readyz() -> Response:
    """The database answers: a load balancer may send traffic here."""
    try:
        with db.engine().connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means "not ready"
        current_app.logger.warning("readiness check failed: %s", type(exc).__name__)
        return problem(503, "The database is not reachable.")
    response = jsonify(status="ready")
    response.headers["Cache-Control"] = "no-store"
    return response
