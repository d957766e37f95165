"""`flask` commands for operators: create or upgrade the database, load data."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask

from . import dataset, db, migrate


def init_db(load_bundled: bool = True) -> str:
    """Upgrade the schema to the newest migration; load the bundled campaign data into a
    database that has no campaign data yet (never over existing data). Returns what it did."""
    migrate.upgrade(db.engine())
    if not load_bundled:
        return "schema up to date; no data loaded"
    with db.transaction() as s:
        if not dataset.is_empty(s):
            return "schema up to date; existing data kept"
        counts = dataset.apply(s, dataset.bundled())
    return "schema up to date; loaded the bundled campaign data: " + ", ".join(
        f"{n} {k}" for k, n in counts.items()
    )


def load_file(path: Path) -> dict[str, int]:
    """Upsert a dataset document from `path` in one transaction."""
    doc = json.loads(path.read_text("utf-8"))
    with db.transaction() as s:
        return dataset.apply(s, doc)


def init_app(app: Flask) -> None:
    """Register the commands on `app`."""

    @app.cli.command("init-db")
    @click.option("--no-data", is_flag=True, help="Create the schema only.")
    def init_db_command(no_data: bool) -> None:
        """Create or upgrade the database; load the bundled data into an empty one."""
        click.echo(init_db(load_bundled=not no_data))

    @app.cli.command("load-data")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    def load_data_command(path: Path) -> None:
        """Insert or update the records of a dataset JSON file (all or nothing)."""
        try:
            counts = load_file(path)
        except (dataset.DatasetError, ValueError, KeyError) as exc:
            raise click.ClickException(f"{path}: {exc}") from exc
        click.echo("loaded " + ", ".join(f"{n} {k}" for k, n in counts.items()))
