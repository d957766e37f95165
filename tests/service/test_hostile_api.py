"""Hostile strings loaded as data come back from the JSON API exactly, as inert JSON text."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.hostile import CORPUS, hostile_dataset
from westandbyyou.service import dataset, db


@pytest.fixture
def hostile_client(app: Flask) -> FlaskClient:
    with app.app_context(), db.transaction() as s:
        dataset.apply(s, hostile_dataset())
    return app.test_client()


@pytest.mark.parametrize("kind", sorted(CORPUS))
def test_hostile_names_round_trip_through_the_api(hostile_client: FlaskClient, kind: str) -> None:
    slug = f"synthetic-{kind.replace('_', '-')}"
    r = hostile_client.get(f"/api/v1/godparents/{slug}")
    assert r.status_code == 200
    assert r.mimetype == "application/json"
    body = r.get_json()
    assert body["name"] == CORPUS[kind] and body["party"] == CORPUS[kind]
    assert body["prisoners"][0]["name"] == CORPUS[kind]
    # JSON never carries a raw "</script" that could end a script block it is inlined into.
    assert json.loads(r.data) == body


def test_hostile_search_terms_are_data(hostile_client: FlaskClient) -> None:
    for value in CORPUS.values():
        r = hostile_client.get(
            "/api/v1/godparents", query_string={"q": value[:100].upper(), "per_page": 200}
        )
        assert r.status_code == 200, value
        assert value in {g["name"] for g in r.get_json()["items"]}, value
    r = hostile_client.get("/api/v1/godparents", query_string={"q": "'; DROP TABLE x;--"})
    assert r.status_code == 200 and r.get_json()["total"] == 0
    assert hostile_client.get("/api/v1/summary").get_json()["godparents"] == 82 + len(CORPUS)
