"""The widget's static files under /widget/v1/: precompressed, strong ETags, versioned URLs.

`asset_url("embed.js")` gives `/widget/v1/embed.js?v=<content hash>`; a request carrying the
current hash is cacheable for a year (`immutable`), any other (the bare URL in snippets
people pasted, or an old hash) gets the normal short cache, so a release reaches every
embedding site within minutes while our own pages load each file once.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
from importlib import resources
from pathlib import Path

from flask import Flask, Response, current_app, request

from westandbyyou.service.caching import Rendered, cached, render_bytes

from .args import AssetArgs

EXTENSION = "wsby_widget_assets"
IMMUTABLE = "public, max-age=31536000, immutable"
# The files we serve, by name, and how; nothing else under static/ is reachable.
TYPES = {
    "embed.js": "text/javascript; charset=utf-8",
    "frame.js": "text/javascript; charset=utf-8",
    "configure.js": "text/javascript; charset=utf-8",
    "widget.css": "text/css; charset=utf-8",
    "frame.css": "text/css; charset=utf-8",
    "site.css": "text/css; charset=utf-8",
}
# Scripts and styles are loaded from other origins (module scripts and shadow-root
# stylesheets in CORS mode, pages with COEP): say so explicitly.
HEADERS = (("Cross-Origin-Resource-Policy", "cross-origin"),)

_args = AssetArgs()


@dataclasses.dataclass(frozen=True, slots=True)
class Asset:
    body: bytes
    version: str
    stamp: tuple[int, int]


def _path(name: str) -> Path:
    return Path(str(resources.files("westandbyyou.widget").joinpath("static", name)))


def load(name: str) -> Asset:
    """The file's bytes and content hash, re-read when it changes on disk (a deploy, or
    another engineer's edit during development)."""
    store: dict[str, Asset] = current_app.extensions.setdefault(EXTENSION, {})
    path = _path(name)
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    asset = store.get(name)
    if asset is None or asset.stamp != stamp:
        body = path.read_bytes()
        asset = Asset(body, hashlib.blake2b(body, digest_size=8).hexdigest(), stamp)
        store[name] = asset
    return asset


def asset_url(name: str) -> str:
    """Our own pages' URL for an asset: versioned, so browsers keep it for a year."""
    return f"/widget/v1/{name}?v={load(name).version}"


def version() -> str:
    """One hash over every asset, for cache keys of pages that link to them."""
    joined = "".join(load(name).version for name in sorted(TYPES))
    return hashlib.blake2b(joined.encode(), digest_size=6).hexdigest()


def _build(asset: Asset, content_type: str) -> Rendered:
    rendered = render_bytes(asset.body, content_type, HEADERS)
    # Compressed once per version, so the best level costs nothing per request.
    return dataclasses.replace(rendered, gzipped=gzip.compress(asset.body, 9, mtime=0))


def serve(name: str) -> Response:
    """The asset `name`, with CORS, gzip, ETag/304 and the cache lifetime its URL earns."""
    args = _args.load(request.args.to_dict())
    asset = load(name)
    return cached(
        f"asset/{name}/{asset.version}",
        lambda: _build(asset, TYPES[name]),
        fast=True,
        cache_control=IMMUTABLE if args.get("v") == asset.version else None,
    )


def init_app(app: Flask) -> None:
    """Give the app its asset store (filled lazily)."""
    app.extensions.setdefault(EXTENSION, {})
