"""Hostile strings imported through the admin API come out of every output as inert text:
JSON, frame HTML, oEmbed, the SDK's renderers, CSV export (formula-escaped), JSON export."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.etree import ElementTree

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.hostile import CORPUS, hostile_dataset
from tests.html_text import parse
from westandbyyou.service import db
from westandbyyou.service.auth import create_token
from westandbyyou.widget import render

SLUGS = {kind: f"synthetic-{kind.replace('_', '-')}" for kind in CORPUS}


def assert_inert(html: str, values: list[str]) -> None:
    page = parse(html)
    for tag, attrs in page.tags:
        assert tag not in ("img", "svg", "b", "i", "iframe") or "alert" not in str(attrs), tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if tag == "script":
            assert (attrs.get("src") or "").startswith(("/widget/", "http")), attrs
    text = "".join(page.text)
    for value in values:
        assert value in text, value[:40]


@pytest.fixture
def hostile(app: Flask, client: FlaskClient) -> dict[str, str]:
    with app.app_context(), db.transaction() as s:
        token = create_token(s, "hostile-corpus-test")
    auth = {"Authorization": f"Bearer {token}"}
    r = client.post(
        "/api/v1/admin/import?format=json",
        data=json.dumps(hostile_dataset()),
        headers={**auth, "Content-Type": "application/json"},
    )
    assert r.status_code in (200, 201), r.get_data(as_text=True)
    return auth


def test_frame_views_show_hostile_names_as_text(
    client: FlaskClient, hostile: dict[str, str]
) -> None:
    page = client.get("/widget/v1/frame?view=list&parliament=bundestag")
    assert page.status_code == 200
    assert_inert(page.get_data(as_text=True), list(CORPUS.values()))
    for kind, slug in SLUGS.items():
        card = client.get(f"/widget/v1/frame?view=card&godparent={slug}&lang=de")
        assert card.status_code == 200
        assert_inert(card.get_data(as_text=True), [CORPUS[kind]])


def test_sdk_renderers_escape_hostile_names(client: FlaskClient, hostile: dict[str, str]) -> None:
    doc: dict[str, Any] = client.get("/api/v1/widget?parliament=bundestag").get_json()
    assert_inert(render.render_list(doc, base_url="http://127.0.0.1:8000"), list(CORPUS.values()))
    for kind, slug in SLUGS.items():
        one = client.get(f"/api/v1/widget?godparent={slug}").get_json()
        html = render.render_card(one, base_url="http://127.0.0.1:8000", godparent=slug)
        assert_inert(html, [CORPUS[kind]])


def test_oembed_and_badge_stay_well_formed(client: FlaskClient, hostile: dict[str, str]) -> None:
    slug = SLUGS["attr_break"]
    url = f"http://localhost/widget/v1/frame?view=card&godparent={slug}"
    r = client.get("/oembed", query_string={"url": url, "format": "json"})
    assert r.status_code == 200
    assert_inert(r.get_json()["html"], [])
    badge = client.get("/badge.svg?lang=ru")
    root = ElementTree.fromstring(badge.data)
    assert root.get("role") == "img"


def test_csv_export_escapes_formulas_and_json_export_keeps_values(
    client: FlaskClient, hostile: dict[str, str]
) -> None:
    exported = client.get("/api/v1/admin/export.csv", headers=hostile)
    assert exported.status_code == 200
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True))))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'" + CORPUS["csv_formula"] in cells
    assert "'" + CORPUS["csv_plus"] in cells

    doc = json.loads(client.get("/api/v1/admin/export.json", headers=hostile).data)
    names = {p["name"] for p in doc["politicians"]}
    assert set(CORPUS.values()) <= names


@pytest.mark.parametrize(
    ("name", "field"),
    [("N" * 10_000, "name"), ("Null\x00Byte", "name"), ("", "name")],
)
def test_oversized_or_invalid_names_are_refused_and_nothing_is_written(
    client: FlaskClient, hostile: dict[str, str], name: str, field: str
) -> None:
    before = client.get("/api/v1/summary").get_json()["godparents"]
    r = client.post(
        "/api/v1/admin/politicians",
        json={"name": name, "party": None, "parliament": "bundestag"},
        headers=hostile,
    )
    assert r.status_code == 422, r.get_data(as_text=True)
    assert r.mimetype == "application/problem+json"
    assert field in r.get_json()["errors"]

    doc = hostile_dataset()
    doc["politicians"][0]["name"] = name
    r = client.post(
        "/api/v1/admin/import?format=json",
        data=json.dumps(doc),
        headers={**hostile, "Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.get_data(as_text=True)
    assert client.get("/api/v1/summary").get_json()["godparents"] == before


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"\xff\xfe\x00garbage", "application/json"),
        (b'{"format": ', "application/json"),
        (b"politician,party\n\xff\xfe,x\n", "text/csv"),
        (b"\x00\x00\x00", "text/csv"),
    ],
)
def test_malformed_uploads_are_4xx_never_500(
    client: FlaskClient, hostile: dict[str, str], body: bytes, content_type: str
) -> None:
    fmt = "csv" if content_type == "text/csv" else "json"
    r = client.post(
        f"/api/v1/admin/import?format={fmt}",
        data=body,
        headers={**hostile, "Content-Type": content_type},
    )
    assert 400 <= r.status_code < 500, r.get_data(as_text=True)
    assert r.mimetype == "application/problem+json"
