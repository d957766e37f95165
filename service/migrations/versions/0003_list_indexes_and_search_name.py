"""List indexes and a case-folded search column for politicians.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("politician") as batch:
        batch.add_column(
            sa.Column("search_name", sa.String(200), nullable=False, server_default="")
        )
    # Fill it for existing rows, with the same folding the application uses.
    politician = sa.table(
        "politician",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("search_name", sa.String),
    )
    conn = op.get_bind()
    rows = conn.execute(sa.select(politician.c.id, politician.c.name)).all()
    for row_id, name in rows:
        conn.execute(
            politician.update()
            .where(politician.c.id == row_id)
            .values(search_name=(name or "").casefold())
        )
    op.drop_index("ix_politician_parliament_id", table_name="politician")
    op.create_index(
        "ix_politician_parliament_name", "politician", ["parliament_id", "name", "slug"]
    )
    op.create_index("ix_parliament_position", "parliament", ["position"])


def downgrade() -> None:
    op.drop_index("ix_parliament_position", table_name="parliament")
    op.drop_index("ix_politician_parliament_name", table_name="politician")
    op.create_index("ix_politician_parliament_id", "politician", ["parliament_id"])
    with op.batch_alter_table("politician") as batch:
        batch.drop_column("search_name")
