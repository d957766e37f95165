"""Alembic environment: runs on the connection the service hands it (see `migrate.py`)."""

from __future__ import annotations

from alembic import context

from westandbyyou.service.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through `migrate.upgrade`
    raise RuntimeError("run migrations through `flask init-db` / `westandbyyou.service.migrate`")

# render_as_batch lets SQLite alter tables by copying them, so migrations keep its data.
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
