"""The embeddable widget: views rendered to HTML (pure `render`), and, with the service, the
embeds that serve them (`/widget/v1/...`, `/badge.svg`, `/oembed`, `/embed`, `/`).

Importing this package needs nothing beyond the standard library; Flask is imported only
when `init_app` registers the views, so the SDK can use `westandbyyou.widget.render`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    """Register the widget's pages and assets on the service `app`."""
    from . import assets
    from .views import blueprint

    assets.init_app(app)
    app.register_blueprint(blueprint)
