"""Every error leaves as RFC 9457 problem details (`application/problem+json`), one shape."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, current_app, request
from marshmallow import ValidationError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError

from .queries import NotFound
from .schemas import first_errors

PROBLEM = "application/problem+json"

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class Problem(Exception):
    """Raise from anywhere to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}


def problem(
    status: int,
    detail: str,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """Build the problem response for `status`."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    response = Response(
        json.dumps(body, ensure_ascii=False), status, mimetype=PROBLEM, headers=headers or {}
    )
    response.headers["Cache-Control"] = "no-store"
    # Embeds on other origins must be able to read why a request failed (e.g. a typo in
    # `parliament=`), so public errors carry the same CORS header as public reads.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def init_app(app: Flask) -> None:
    """Register handlers that turn every exception into problem details."""

    @app.errorhandler(Problem)
    def _problem(exc: Problem) -> Response:
        return problem(exc.status, exc.detail, exc.errors, exc.headers)

    @app.errorhandler(ValidationError)
    def _invalid_query(exc: ValidationError) -> Response:
        errors = first_errors(exc)
        fields = ", ".join(sorted(errors))
        return problem(400, f"Invalid query parameter(s): {fields}.", errors)

    @app.errorhandler(NotFound)
    def _not_found(exc: NotFound) -> Response:
        return problem(404, str(exc))

    @app.errorhandler(DBAPIError)
    def _database_down(exc: DBAPIError) -> Response:
        # Connection loss, timeouts, a read-only or full disk: the request did nothing (its
        # transaction rolled back), so it is safe to try again later.
        current_app.logger.error(
            "database error on %s %s: %s",
            request.method,
            request.path,
            type(exc.orig).__name__ if exc.orig else type(exc).__name__,
        )
        reason = str(exc.orig or exc).lower()
        if "readonly" in reason or "read-only" in reason or "full" in reason:
            # Waiting will not help here: an operator has to free space or fix permissions.
            detail = (
                "The database cannot be written (its disk is full or read-only); "
                "nothing was changed. Reads still work."
            )
        elif "timeout" in reason or "canceling statement" in reason or "locked" in reason:
            detail = "The database took too long to answer; nothing was changed. Try again."
        else:
            detail = "The database is unavailable; nothing was changed. Try again in a minute."
        return problem(503, detail, headers={"Retry-After": "30"})

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        code = exc.code or 500
        if code == 404:
            detail = f"Nothing is published at {request.path}."
        elif code == 405:
            allowed = exc.valid_methods if hasattr(exc, "valid_methods") else None  # type: ignore[attr-defined]
            detail = f"{request.method} is not allowed here" + (
                f"; use {', '.join(sorted(allowed))}." if allowed else "."
            )
        else:
            detail = exc.description or TITLES.get(code, "Error")
        headers = {k: v for k, v in exc.get_headers() if k.lower() == "allow"}
        return problem(code, detail, headers=headers)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        if isinstance(exc, HTTPException):  # pragma: no cover - handled above
            return _http(exc)
        current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
        detail = InternalServerError.description or "Internal error."
        if current_app.debug:
            detail = f"{type(exc).__name__}: {exc}"
        return problem(500, detail)
