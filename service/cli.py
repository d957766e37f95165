"""`flask` commands for operators: create or upgrade the database, load data, tokens,
import/export, the audit trail, backup and restore."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import Flask

from . import dataset, db, migrate
from .writes import Actor


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

    _register_staff_commands(app)


def _register_staff_commands(app: Flask) -> None:
    from . import audit, auth, backup, exports, imports

    @app.cli.command("create-token")
    @click.argument("name")
    @click.option("--read-only", is_flag=True, help="May export and read the audit trail only.")
    def create_token_command(name: str, read_only: bool) -> None:
        """Create a token for NAME (a person or a script) and print it, once."""
        migrate.upgrade(db.engine())
        try:
            with db.transaction() as s:
                token = auth.create_token(s, name, "read" if read_only else "write")
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(token)
        click.echo(f"(token '{name}' created; it is shown only now - keep it safe)", err=True)

    @app.cli.command("revoke-token")
    @click.argument("name")
    def revoke_token_command(name: str) -> None:
        """Revoke the token named NAME: it stops working at once."""
        with db.transaction() as s:
            if not auth.revoke_token(s, name):
                raise click.ClickException(f"no token named '{name}'")
        click.echo(f"revoked '{name}'")

    @app.cli.command("list-tokens")
    def list_tokens_command() -> None:
        """List the tokens' names, scopes and creation dates (never the tokens)."""
        for t in auth.list_tokens(db.session()):
            click.echo(f"{t['name']}\t{t['scope']}\t{t['created_at']:%Y-%m-%d %H:%M}")

    @app.cli.command("import")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--format", "fmt", type=click.Choice(["json", "csv"]), help="Default: by suffix.")
    @click.option("--dry-run", is_flag=True, help="Only list what would change.")
    @click.option("--replace", is_flag=True, help="JSON: delete records the file does not hold.")
    @click.option(
        "--as", "actor", default="cli", show_default=True, help="Name in the audit trail."
    )
    def import_command(
        path: Path, fmt: str | None, dry_run: bool, replace: bool, actor: str
    ) -> None:
        """Import a JSON document or a CSV file, all or nothing."""
        fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "json")
        try:
            report = imports.run(
                path.read_bytes(), fmt, Actor(actor, "import"), dry_run=dry_run, replace=replace
            )
        except imports.FormatError as exc:
            raise click.ClickException(f"{path}: {exc}") from exc
        for c in report.changes:
            click.echo(f"{c.action} {c.kind[:-1]} {c.key}")
        for where, messages in report.errors.items():
            for m in messages:
                click.echo(f"{path}: {where}: {m}", err=True)
        counts = ", ".join(f"{n} {k}" for k, n in report.counts().items())
        if report.errors:
            raise click.ClickException(f"nothing imported: {len(report.errors)} row(s) with errors")
        click.echo(("dry run, would " if dry_run else "imported: ") + counts)

    @app.cli.command("export")
    @click.argument("path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
    @click.option("--format", "fmt", type=click.Choice(["json", "csv"]), help="Default: by suffix.")
    def export_command(path: Path, fmt: str | None) -> None:
        """Export the data as JSON (everything) or CSV (one row per godparenthood); - for stdout."""
        fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "json")
        s = db.session()
        data = exports.export_csv(s) if fmt == "csv" else exports.export_json(s)
        _write(path, data)

    @app.cli.command("audit")
    @click.argument("path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
    @click.option("--format", "fmt", type=click.Choice(["json", "csv"]), help="Default: by suffix.")
    def audit_command(path: Path, fmt: str | None) -> None:
        """Export the whole audit trail (oldest first) as JSON or CSV; - for stdout."""
        fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "json")
        rows = audit.export_rows(db.session())
        if fmt == "csv":
            data = audit.to_csv(rows)
        else:
            data = (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode()
        _write(path, data)

    @app.cli.command("backup")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    def backup_command(path: Path) -> None:
        """Write a consistent snapshot to PATH, safe while the service runs."""
        click.echo(f"wrote {backup.backup(path)} to {path}")

    @app.cli.command("restore")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option(
        "--as", "actor", default="cli", show_default=True, help="Name in the audit trail."
    )
    def restore_command(path: Path, actor: str) -> None:
        """Bring back the snapshot at PATH (the data becomes exactly the snapshot's)."""
        try:
            click.echo(backup.restore(path, Actor(actor, "restore")))
        except (ValueError, imports.FormatError) as exc:
            raise click.ClickException(f"{path}: {exc}") from exc


def _write(path: Path, data: bytes) -> None:
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        path.write_bytes(data)
