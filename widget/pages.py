"""What every HTML page of the widget shares: our public base URL, the data, the headers.

Pages are rendered once per (validated arguments, base URL, asset version, data generation)
and served from `caching.cached`, like the API.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from flask import current_app, render_template, request

from westandbyyou.service import db, queries
from westandbyyou.service import schemas as s
from westandbyyou.service.caching import Rendered, render_bytes
from westandbyyou.service.errors import Problem

from . import assets

HTML = "text/html; charset=utf-8"
_widget_out = s.WidgetSchema()
# What a Host header may look like before it goes into links and cache keys.
_HOST = re.compile(r"^[A-Za-z0-9.-]{1,253}(?::[0-9]{1,5})?$")


def base_url() -> str:
    """Our public origin (+ path prefix) for absolute links in codes people copy: PUBLIC_URL
    when configured (set it in production), else the request's own host."""
    configured = str(current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if configured:
        return configured
    if not _HOST.match(request.host):
        raise Problem(400, "The Host header is not a host name.")
    return request.host_url.rstrip("/")


def key(name: str, args: Mapping[str, Any]) -> str:
    """A cache key from validated arguments, our base URL and the assets' version."""
    pairs = sorted((k, str(v)) for k, v in args.items() if v not in (None, ""))
    return f"{name}@{base_url()}@{assets.version()}?{urlencode(pairs)}"


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def widget_doc(
    lang: str,
    parliament: str | None = None,
    godparent: str | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """The `/api/v1/widget` document, exactly as the API serializes it (ISO dates), so the
    server renders from the same input as the SDK and embed.js. `limit` (godparents per
    parliament) defaults to the API's WIDGET_GROUP_LIMIT."""
    doc = queries.widget(
        db.session(),
        lang,
        today(),
        parliament=parliament,
        godparent=godparent,
        limit=limit or int(current_app.config["WIDGET_GROUP_LIMIT"]),
    )
    dumped: dict[str, Any] = _widget_out.dump(doc)
    return dumped


def csp(*, framed: bool = False, connect: bool = False, frames: bool = False) -> str:
    """A Content-Security-Policy without inline code: every script and style is a file of
    ours. Only the frame view may be framed, by anyone."""
    ancestors = "*" if framed else "'none'"
    directives = [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        f"frame-ancestors {ancestors}",
    ]
    if connect:
        directives.append("connect-src 'self'")
    if frames:
        directives.append("frame-src 'self'")
    return "; ".join(directives)


def security_headers(**policy: bool) -> tuple[tuple[str, str], ...]:
    """CSP plus the headers that go with it on an HTML page."""
    headers = [
        ("Content-Security-Policy", csp(**policy)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ]
    if not policy.get("framed"):
        headers.append(("X-Frame-Options", "DENY"))  # for browsers without frame-ancestors
    return tuple(headers)


def page(template: str, policy: Mapping[str, bool], **context: Any) -> Rendered:
    """Render `template` to a cacheable HTML body with its security headers."""
    body = render_template(template, asset=assets.asset_url, **context).encode()
    return render_bytes(body, HTML, security_headers(**policy))


def oembed_link(base: str, page_url: str) -> str:
    """The oEmbed discovery URL for one of our pages."""
    return f"{base}/oembed?{urlencode({'url': page_url, 'format': 'json'})}"
