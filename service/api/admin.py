"""The admin API, `/api/v1/admin/...`: bearer-token writes, import, export, audit trail.

Every request authenticates first (401/429 otherwise; 403 for a read-only token on a write);
every write is one transaction holding the write lock, so a failing request writes nothing
and two writers never lose each other's change. Responses are never cached and carry no
CORS header: only pages on the service's own origin, scripts and the CLI may use this API.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, g, jsonify, request

from .. import audit, auth, db, exports, imports
from ..errors import Problem
from ..writes import (
    SINGULAR,
    Actor,
    Change,
    Index,
    WriteError,
    delete,
    free_slug,
    lock_for_writing,
    put,
    validate_row,
)

blueprint = Blueprint("admin_api", __name__, url_prefix="/api/v1/admin")
KIND = "any(parliaments, politicians, prisoners):kind"
READ_ONLY = {"GET", "HEAD", "OPTIONS"}


@blueprint.before_request
def _authenticate() -> None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    token_value = token.strip() if scheme.lower() == "bearer" and token.strip() else None
    found = auth.authenticate(db.session(), token_value)
    if found.scope != "write" and request.method not in READ_ONLY:
        raise Problem(403, f"The token '{found.name}' may read but not write.")
    g.wsby_actor = Actor(found.name, "api")


@blueprint.after_request
def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers.pop("Access-Control-Allow-Origin", None)
    return response


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise Problem(400, "The body must be a JSON object (Content-Type: application/json).")
    return data


def _fail(exc: WriteError) -> Problem:
    first = next(iter(exc.errors.values()))[0]
    detail = first if exc.status != 422 else "The data is not valid; see 'errors'."
    return Problem(exc.status, detail, errors=exc.errors if exc.status == 422 else None)


def _changes(changes: list[Change], status: int = 200) -> Response:
    response = jsonify(changes=[c.as_dict() for c in changes])
    response.status_code = status
    return response


# ---- records -----------------------------------------------------------------------------


@blueprint.get(f"/<{KIND}>")
def list_records(kind: str) -> Response:
    """Every record of a kind, as the export holds it."""
    idx = Index.load(db.session())
    return jsonify(items=[idx.row(kind, k) for k in sorted(idx.records[kind])])


@blueprint.get(f"/<{KIND}>/<slug>")
def get_record(kind: str, slug: str) -> Response:
    row = Index.load(db.session()).row(kind, slug)
    if row is None:
        raise Problem(404, f"No {kind[:-1]} with the slug '{slug}'.")
    return jsonify(row)


@blueprint.post(f"/<{KIND}>")
def create_record(kind: str) -> Response:
    """Create a record; a missing slug is made from the name."""
    body = _body()
    try:
        with db.transaction() as s:
            lock_for_writing(s)
            idx = Index.load(s)
            if not body.get("slug") and isinstance(body.get("name"), str) and body["name"].strip():
                body = {**body, "slug": free_slug(s, kind, body["name"])}
            row = validate_row(kind, body)
            if idx.get(kind, row["slug"]) is not None:
                raise WriteError({"slug": [f"'{row['slug']}' is taken."]}, status=409)
            change = put(s, idx, g.wsby_actor, kind, row)
    except WriteError as exc:
        raise _fail(exc) from exc
    return _changes([change] if change else [], 201)


def _update(kind: str, key: str, patch: dict[str, Any]) -> Response:
    try:
        with db.transaction() as s:
            lock_for_writing(s)
            idx = Index.load(s)
            current = idx.row(kind, key)
            if current is None:
                raise WriteError({"_": [f"No {kind[:-1]} '{key}'."]}, status=404)
            fixed = ("politician", "prisoner") if kind == "godparenthoods" else ("slug",)
            for name in fixed:
                if name in patch and patch[name] != current[name]:
                    raise WriteError({name: ["Cannot be changed; delete and create instead."]})
            change = put(s, idx, g.wsby_actor, kind, validate_row(kind, {**current, **patch}))
    except WriteError as exc:
        raise _fail(exc) from exc
    return _changes([change] if change else [])


@blueprint.patch(f"/<{KIND}>/<slug>")
def update_record(kind: str, slug: str) -> Response:
    """Change some fields of a record (the slug stays: it is a public URL)."""
    return _update(kind, slug, _body())


@blueprint.delete(f"/<{KIND}>/<slug>")
def delete_record(kind: str, slug: str) -> Response:
    """Delete a record; a politician's or prisoner's godparenthoods go with it."""
    return _delete(kind, slug)


def _delete(kind: str, key: str) -> Response:
    try:
        with db.transaction() as s:
            lock_for_writing(s)
            changes = delete(s, Index.load(s), g.wsby_actor, kind, key)
    except WriteError as exc:
        raise _fail(exc) from exc
    return _changes(changes)


@blueprint.post("/prisoners/<slug>/release")
def release_prisoner(slug: str) -> Response:
    """Mark a prisoner released on `released_on` (default today); their godparenthoods stay
    and keep counting."""
    body = _body() if request.get_data() else {}
    on = body.get("released_on") or dt.datetime.now(dt.UTC).date().isoformat()
    return _update("prisoners", slug, {"status": "released", "released_on": on})


# ---- godparenthoods: keyed by both ends -------------------------------------------------

LINK = "/godparenthoods/<politician>/<prisoner>"


@blueprint.get("/godparenthoods")
def list_links() -> Response:
    return list_records("godparenthoods")


@blueprint.get(LINK)
def get_link(politician: str, prisoner: str) -> Response:
    row = Index.load(db.session()).row("godparenthoods", f"{politician}/{prisoner}")
    if row is None:
        raise Problem(404, f"No godparenthood of '{politician}' for '{prisoner}'.")
    return jsonify(row)


@blueprint.post("/godparenthoods")
def create_link() -> Response:
    body = _body()
    try:
        with db.transaction() as s:
            lock_for_writing(s)
            idx = Index.load(s)
            row = validate_row("godparenthoods", body)
            if idx.get("godparenthoods", f"{row['politician']}/{row['prisoner']}") is not None:
                raise WriteError({"_": ["This godparenthood exists already."]}, status=409)
            change = put(s, idx, g.wsby_actor, "godparenthoods", row)
    except WriteError as exc:
        raise _fail(exc) from exc
    return _changes([change] if change else [], 201)


@blueprint.patch(LINK)
def update_link(politician: str, prisoner: str) -> Response:
    return _update("godparenthoods", f"{politician}/{prisoner}", _body())


@blueprint.delete(LINK)
def delete_link(politician: str, prisoner: str) -> Response:
    return _delete("godparenthoods", f"{politician}/{prisoner}")


# ---- bulk: import, export, audit --------------------------------------------------------


def _flag(name: str) -> bool:
    return request.args.get(name, "").lower() in ("1", "true", "yes")


@blueprint.post("/import")
def import_data() -> Response:
    """Import a JSON document or a CSV file (`?format=`, else from Content-Type), all or
    nothing; `?dry_run=1` only reports; `?replace=1` (JSON) deletes what the file lacks."""
    fmt = request.args.get("format") or ("csv" if "csv" in (request.mimetype or "") else "json")
    if fmt not in ("json", "csv"):
        raise Problem(400, "format must be json or csv.")
    data = request.get_data(cache=False)
    actor = Actor(g.wsby_actor.name, "import")
    try:
        report = imports.run(data, fmt, actor, dry_run=_flag("dry_run"), replace=_flag("replace"))
    except imports.FormatError as exc:
        raise Problem(400, str(exc)) from exc
    if report.errors:
        errors = report.errors
        raise Problem(
            422, f"Nothing was imported: {len(errors)} row(s) have errors.", errors=errors
        )
    return jsonify(report.as_dict())


@blueprint.get("/export.json")
def export_json() -> Response:
    return _download(exports.export_json(db.session()), "application/json", "json")


@blueprint.get("/export.csv")
def export_csv() -> Response:
    return _download(exports.export_csv(db.session()), "text/csv; charset=utf-8", "csv")


def _download(body: bytes, content_type: str, ext: str, name: str = "westandbyyou") -> Response:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    return Response(
        body,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{name}-{stamp}.{ext}"'},
    )


@blueprint.get("/audit")
def audit_list() -> Response:
    """The audit trail, newest first: `?page= &per_page= &kind= &key=`."""
    try:
        page = max(1, int(request.args.get("page", 1)))
        per_page = min(200, max(1, int(request.args.get("per_page", 50))))
    except ValueError as exc:
        raise Problem(400, "page and per_page must be whole numbers.") from exc
    kind, key = request.args.get("kind"), request.args.get("key")
    if kind and kind not in SINGULAR.values():
        raise Problem(400, f"kind must be one of {', '.join(SINGULAR.values())}.")
    if key and (len(key) > 200 or "\x00" in key):
        raise Problem(400, "key is not a record's key.")
    return jsonify(audit.page(db.session(), page=page, per_page=per_page, kind=kind, key=key))


@blueprint.get("/audit.json")
def audit_json() -> Response:
    response = jsonify(items=audit.export_rows(db.session()))
    response.headers["Content-Disposition"] = 'attachment; filename="westandbyyou-audit.json"'
    return response


@blueprint.get("/audit.csv")
def audit_csv() -> Response:
    rows = audit.export_rows(db.session())
    return _download(audit.to_csv(rows), "text/csv; charset=utf-8", "csv", "westandbyyou-audit")
