"""Database set-up (migrations, bundled data, idempotent init) and the health probes."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, func, select, text

from westandbyyou.service import create_app, db, migrate
from westandbyyou.service.models import Godparenthood
from westandbyyou.widget import i18n


def test_init_db_loads_once_and_never_over_existing_data(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0
    assert "existing data kept" in result.output
    with app.app_context():
        assert db.session().scalar(select(func.count(Godparenthood.id))) == 86


def test_fresh_database_gets_schema_and_bundled_data(tmp_path: Path) -> None:
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite'}",
            "CACHE_DIR": str(tmp_path / "cache"),
        }
    )
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "loaded the bundled campaign data: 19 parliaments, 82 politicians" in result.output
    with app.app_context():
        assert migrate.current_revision(db.engine()) == migrate.head_revision()
    db.engine(app).dispose()


def test_upgrade_from_the_first_migration_keeps_rows(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = create_engine(url)
    migrate.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO parliament (slug, names, country, position) "
                "VALUES ('synthetic', '{\"en\": \"Synthetic\"}', 'DE', 1)"
            )
        )
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT slug FROM parliament")).scalars().all() == ["synthetic"]
    engine.dispose()


def test_models_and_migrations_agree(app: Flask) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from westandbyyou.service.models import Base

    with app.app_context(), db.engine().connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_healthz_and_readyz(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {"status": "ready"}


def test_readyz_reports_an_unreachable_database(tmp_path: Path) -> None:
    app = create_app(
        {
            "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
            "CACHE_DIR": str(tmp_path / "cache"),
        }
    )
    r = app.test_client().get("/readyz")
    assert r.status_code == 503
    assert r.mimetype == "application/problem+json"
    assert "database" in r.get_json()["detail"]
    assert app.test_client().get("/healthz").status_code == 200


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_builtin_plural_rules_and_numbers_agree_with_babel_cldr(lang: str) -> None:
    from babel import Locale
    from babel.numbers import format_decimal

    locale = Locale.parse(lang)
    for n in [*range(0, 1200), 10_000, 100_000, 1_000_000, 2_000_000]:
        assert i18n._builtin_plural(lang, n) == locale.plural_form(n), n
        assert i18n.number(lang, n) == format_decimal(n, locale=lang), n


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_message_has_every_plural_form_the_language_uses(lang: str) -> None:
    for n in [*range(0, 200), 1_000_000]:
        for key in i18n.MESSAGES:
            assert i18n.plural(lang, n) in i18n.MESSAGES[key][lang], (key, n)
            assert i18n.number(lang, n) in i18n.message(key, lang, n)
