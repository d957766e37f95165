"""The campaign data service: a Flask app factory over SQLAlchemy, serving cached JSON."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the service: config, database, cache, error handlers, then the blueprints."""
    # `westandbyyou` is a namespace package, where Flask cannot guess an instance folder:
    # it is ./instance (next to the checkout under `make run`) unless WSBY_INSTANCE_PATH says.
    instance = os.environ.get("WSBY_INSTANCE_PATH") or os.path.abspath("instance")
    app = Flask(__name__, instance_path=instance)

    # Defaults, then the environment, then what a test passes in.
    from . import config

    config.load(app, test_config)

    # Collaborators bind themselves to this app; none keeps module-level state.
    from . import auth, caching, cli, db, errors, logs, security

    logs.init_app(app)
    db.init_app(app)
    caching.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    cli.init_app(app)
    auth.init_app(app)

    # URLs last: the read API, health probes, staff writes (admin API and page), embeds.
    from westandbyyou.widget import init_app as init_widget

    from . import admin, health
    from .api import blueprint as api_blueprint
    from .api.admin import blueprint as admin_api_blueprint

    app.register_blueprint(api_blueprint)
    app.register_blueprint(health.blueprint)
    app.register_blueprint(admin_api_blueprint)
    admin.init_app(app)
    init_widget(app)

    # Repeat reads are answered before Flask runs (see fastpath.py).
    from .fastpath import FastPath

    app.wsgi_app = FastPath(app)  # type: ignore[method-assign]
    return app
