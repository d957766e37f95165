"""The admin page's views: log in, add a godparenthood, release, rename, read the audit."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from typing import Any

from flask import flash, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from .. import audit, auth, db
from ..errors import Problem
from ..models import ApiToken
from ..writes import Actor, Index, WriteError, free_slug, lock_for_writing, put, validate_row
from . import CSP, blueprint

OPEN = {"admin.login", "admin.static"}


def csrf_token() -> str:
    """This session's CSRF token, created on first use."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return str(session["csrf"])


@blueprint.app_context_processor
def _helpers() -> dict[str, Any]:
    return {"csrf_token": csrf_token}


@blueprint.before_request
def _guard() -> Response | None:
    if request.method == "POST":
        sent = request.form.get("csrf", "")
        if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
            raise Problem(400, "The form has expired or did not come from this site; reload it.")
    if request.endpoint in OPEN:
        return None
    token_id = session.get("token_id")
    found = db.session().get(ApiToken, token_id) if isinstance(token_id, int) else None
    if found is None:  # never logged in, or the token was revoked since
        session.pop("token_id", None)
        return redirect(url_for("admin.login"))
    if request.method == "POST" and found.scope != "write":
        raise Problem(403, f"The token '{found.name}' may read but not write.")
    g.wsby_actor = Actor(found.name, "admin")
    return None


@blueprint.after_request
def _headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers.pop("Access-Control-Allow-Origin", None)
    return response


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    """Log in with a token."""
    if request.method == "GET":
        return render_template("admin/login.html")
    token = request.form.get("token", "").strip()
    try:
        found = auth.authenticate(db.session(), token or None)
    except Problem as exc:
        return render_template("admin/login.html", error=exc.detail), exc.status
    session.clear()  # a fresh session (and CSRF token) after logging in
    session.permanent = True
    session["token_id"] = found.id
    return redirect(url_for("admin.dashboard"))


@blueprint.post("/logout")
def logout() -> Response:
    session.clear()
    return redirect(url_for("admin.login"))


def _choices() -> dict[str, Any]:
    idx = Index.load(db.session())
    by_name = lambda kind: sorted(  # noqa: E731
        idx.records[kind].values(), key=lambda o: (o.name.casefold(), o.slug)
    )
    parliaments = sorted(idx.records["parliaments"].values(), key=lambda p: (p.position, p.slug))
    return {
        "politicians": by_name("politicians"),
        "prisoners": by_name("prisoners"),
        "parliaments": parliaments,
        "detained": [p for p in by_name("prisoners") if p.status == "detained"],
        "recent": audit.page(db.session(), per_page=10)["items"],
        "today": dt.datetime.now(dt.UTC).date().isoformat(),
    }


def _page(
    form: str | None = None, errors: list[str] | None = None, status: int = 200
) -> tuple[str, int]:
    values = request.form if form else {}
    return render_template(
        "admin/dashboard.html",
        form=form,
        errors=errors or [],
        values=values,
        **_choices(),
    ), status


@blueprint.get("")
def dashboard() -> tuple[str, int]:
    """The forms and the latest changes."""
    return _page()


def _messages(exc: WriteError, labels: dict[str, str] | None = None) -> list[str]:
    labels = labels or {}
    return [
        m if k in ("_", "_schema") else f"{labels.get(k, k.replace('_', ' '))}: {m}"
        for k, ms in exc.errors.items()
        for m in ms
    ]


def _done(message: str) -> Response:
    # Post/redirect/get: reloading the page never sends a form twice.
    flash(message)
    return redirect(url_for("admin.dashboard") + "#done")


@blueprint.post("/godparenthood")
def add_godparenthood() -> Response | tuple[str, int]:
    """Add a godparenthood, choosing or creating the politician and the prisoner."""
    f = request.form
    try:
        with db.transaction() as s:
            lock_for_writing(s)
            idx = Index.load(s)
            actor: Actor = g.wsby_actor
            politician = f.get("politician", "")
            if not politician:
                name = f.get("politician_name", "").strip()
                if not name:
                    raise WriteError({"politician": ["Choose one, or type a new name."]})
                row: dict[str, str | None] = {
                    "slug": free_slug(s, "politicians", name),
                    "name": name,
                    "party": f.get("party"),
                    "parliament": f.get("parliament", ""),
                    "country": (f.get("country") or "").upper() or None,
                }
                put(s, idx, actor, "politicians", validate_row("politicians", row))
                politician = str(row["slug"])
            elif idx.get("politicians", politician) is None:
                raise WriteError({"politician": ["Choose one from the list."]})
            prisoner = f.get("prisoner", "")
            if not prisoner:
                name = f.get("prisoner_name", "").strip()
                if not name:
                    raise WriteError({"prisoner": ["Choose one, or type a new name."]})
                row = {"slug": free_slug(s, "prisoners", name), "name": name}
                put(s, idx, actor, "prisoners", validate_row("prisoners", row))
                prisoner = str(row["slug"])
            elif idx.get("prisoners", prisoner) is None:
                raise WriteError({"prisoner": ["Choose one from the list."]})
            if idx.get("godparenthoods", f"{politician}/{prisoner}") is not None:
                raise WriteError({"_": ["This godparenthood is already recorded."]})
            link = {
                "politician": politician,
                "prisoner": prisoner,
                "since": f.get("since"),
                "source_url": f.get("source_url"),
            }
            put(s, idx, actor, "godparenthoods", validate_row("godparenthoods", link))
            pol_name = idx.get("politicians", politician).name
            pr_name = idx.get("prisoners", prisoner).name
    except WriteError as exc:
        labels = {"source_url": "source link", "url": "link"}
        return _page("godparenthood", _messages(exc, labels), 422)
    return _done(f"Added: {pol_name} stands by {pr_name}.")


@blueprint.post("/release")
def release() -> Response | tuple[str, int]:
    """Mark a prisoner released on a date; their godparenthoods keep counting."""
    slug = request.form.get("prisoner", "")
    try:
        with db.transaction() as s:
            lock_for_writing(s)
            idx = Index.load(s)
            current = idx.row("prisoners", slug)
            if current is None:
                raise WriteError({"prisoner": ["Choose one from the list."]})
            row = {**current, "status": "released", "released_on": request.form.get("released_on")}
            put(s, idx, g.wsby_actor, "prisoners", validate_row("prisoners", row))
    except WriteError as exc:
        return _page("release", _messages(exc, {"released_on": "date of release"}), 422)
    return _done(f"{current['name']} is marked released on {row['released_on']}.")


@blueprint.post("/rename")
def rename() -> Response | tuple[str, int]:
    """Fix the spelling of a politician's or a prisoner's name (the web address stays)."""
    kind, _, slug = request.form.get("record", "").partition(":")
    try:
        if kind not in ("politicians", "prisoners"):
            raise WriteError({"record": ["Choose a person from the list."]})
        with db.transaction() as s:
            lock_for_writing(s)
            idx = Index.load(s)
            current = idx.row(kind, slug)
            if current is None:
                raise WriteError({"record": ["Choose a person from the list."]})
            row = {**current, "name": request.form.get("name", "")}
            put(s, idx, g.wsby_actor, kind, validate_row(kind, row))
    except WriteError as exc:
        return _page("rename", _messages(exc, {"name": "new name"}), 422)
    return _done(f"Renamed {current['name']} to {row['name'].strip()}.")


@blueprint.get("/audit")
def audit_trail() -> str:
    """Every change, newest first, 50 a page."""
    try:
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page = 1
    data = audit.page(db.session(), page=page, per_page=50)
    return render_template("admin/audit.html", **data)
