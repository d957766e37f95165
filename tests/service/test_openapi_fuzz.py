"""The OpenAPI document is valid 3.1, describes what the API really answers, and fuzzing it
finds no 500 and no response that breaks the document."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate

from westandbyyou.service import create_app
from westandbyyou.service.cli import init_db


def test_document_validates_as_openapi_3_1(client: FlaskClient) -> None:
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    doc = r.get_json()
    assert doc["openapi"] == "3.1.0"
    validate(doc)
    assert set(doc["paths"]) == {
        "/summary",
        "/parliaments",
        "/parliaments/{slug}",
        "/godparents",
        "/godparents/{slug}",
        "/prisoners",
        "/prisoners/{slug}",
        "/widget",
    }
    params = {p["name"] for p in doc["paths"]["/godparents"]["get"]["parameters"]}
    assert params == {"lang", "page", "per_page", "parliament", "country", "q"}


def _fuzz_app() -> Flask:
    # One app for the whole fuzz run, over its own SQLite file with the bundled data.
    folder = Path(tempfile.mkdtemp(prefix="wsby-fuzz-"))
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite'}",
            "CACHE_DIR": str(folder / "cache"),
        }
    )
    with app.app_context():
        init_db()
    return app


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _fuzz_app())


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_fuzzed_requests_get_documented_answers(case: schemathesis.Case) -> None:
    # The in-process WSGI transport does not decode gzip; test_caching_contract covers it.
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
