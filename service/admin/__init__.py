"""The admin page, `/admin`: a small server-rendered site for campaign staff.

No JavaScript at all: plain forms, native controls, so it works with the keyboard alone and
under a CSP that allows no script. Staff log in with a token (from `flask create-token`);
the session cookie is scoped to /admin, HttpOnly, SameSite=Strict, and Secure unless the app
runs in DEBUG. Every form carries a CSRF token kept in that session.
"""

from __future__ import annotations

from flask import Blueprint, Flask

blueprint = Blueprint(
    "admin",
    __name__,
    url_prefix="/admin",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def init_app(app: Flask) -> None:
    """Configure the admin session cookie and register the page."""
    secure = app.config.get("ADMIN_COOKIE_SECURE")
    app.config.update(
        SESSION_COOKIE_NAME="wsby_admin",
        SESSION_COOKIE_PATH="/admin",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=(not app.debug) if secure is None else bool(secure),
        PERMANENT_SESSION_LIFETIME=8 * 3600,
    )
    from . import views  # noqa: F401  (views register on the blueprint)

    app.register_blueprint(blueprint)
