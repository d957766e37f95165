"""The caching contract: strong ETags, 304s, gzip, Cache-Control/Vary, and invalidation that
reaches every worker and instance as soon as a write returns."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from westandbyyou.service import create_app

CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=600, stale-if-error=86400"
READS = [
    "/api/v1/summary",
    "/api/v1/summary?lang=de",
    "/api/v1/parliaments",
    "/api/v1/parliaments/bundestag",
    "/api/v1/godparents?per_page=5",
    "/api/v1/godparents/klaus-mindrup",
    "/api/v1/prisoners",
    "/api/v1/prisoners/ihar-losik",
    "/api/v1/widget",
    "/api/v1/openapi.json",
]


@pytest.mark.parametrize("url", READS)
def test_every_read_has_the_caching_headers(client: FlaskClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == CACHE_CONTROL
    assert r.headers["Vary"] == "Accept-Encoding"
    etag = r.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == CACHE_CONTROL


def test_gzip_is_negotiated_and_decodes_to_the_same_body(client: FlaskClient) -> None:
    plain = client.get("/api/v1/widget")
    zipped = client.get("/api/v1/widget", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert zipped.headers["ETag"] != plain.headers["ETag"]  # a strong tag per representation
    refused = client.get("/api/v1/widget", headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers
    # Either tag proves a client's copy current.
    assert (
        client.get(
            "/api/v1/widget",
            headers={"If-None-Match": plain.headers["ETag"], "Accept-Encoding": "gzip"},
        ).status_code
        == 304
    )


def test_if_none_match_with_a_list_or_a_stale_tag(client: FlaskClient) -> None:
    etag = client.get("/api/v1/summary").headers["ETag"]
    assert (
        client.get("/api/v1/summary", headers={"If-None-Match": f'"old", {etag}'}).status_code
        == 304
    )
    assert client.get("/api/v1/summary", headers={"If-None-Match": '"old"'}).status_code == 200


def test_repeat_reads_are_byte_identical(client: FlaskClient) -> None:
    first = client.get("/api/v1/godparents?per_page=3&page=2")
    second = client.get("/api/v1/godparents?page=2&per_page=3&unknown=1")
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]


SYNTHETIC = {
    # Synthetic test record, not campaign data.
    "format": "westandbyyou/1",
    "parliaments": [],
    "politicians": [
        {
            "slug": "synthetic-godparent",
            "name": "Synthetic Godparent",
            "party": None,
            "parliament": "bundestag",
            "country": "DE",
            "role": None,
            "url": None,
        }
    ],
    "prisoners": [
        {
            "slug": "synthetic-prisoner",
            "name": "Synthetic Prisoner",
            "name_original": None,
            "status": "detained",
            "detained_since": None,
            "released_on": None,
            "profile_url": None,
        }
    ],
    "godparenthoods": [
        {
            "politician": "synthetic-godparent",
            "prisoner": "synthetic-prisoner",
            "since": None,
            "ended_on": None,
            "end_reason": None,
            "source_url": None,
        }
    ],
}


def test_a_write_through_one_instance_is_read_at_once_through_another(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A second app over the same database and the same shared cache stands for another
    # worker (file cache) or another machine (Redis, on the PostgreSQL backend).
    other = create_app(
        {
            k: app.config[k]
            for k in ("TESTING", "DATABASE_URL", "CACHE_DIR", "CACHE_REDIS_URL", "CACHE_KEY_PREFIX")
            if k in app.config
        }
    )
    reader = other.test_client()
    before = reader.get("/api/v1/summary").get_json()
    etag = reader.get("/api/v1/summary").headers["ETag"]
    assert reader.get("/api/v1/summary", headers={"If-None-Match": etag}).status_code == 304

    doc = tmp_path / "synthetic.json"
    doc.write_text(json.dumps(SYNTHETIC))
    result = app.test_cli_runner().invoke(args=["load-data", str(doc)])
    assert result.exit_code == 0, result.output

    after = reader.get("/api/v1/summary", headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after.get_json()["godparents"] == before["godparents"] + 1
    godparent = reader.get("/api/v1/godparents/synthetic-godparent")
    assert godparent.status_code == 200
    from westandbyyou.service import db

    db.engine(other).dispose()


def test_a_load_that_changes_nothing_keeps_the_etag(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    doc = tmp_path / "synthetic.json"
    doc.write_text(json.dumps(SYNTHETIC))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["load-data", str(doc)]).exit_code == 0
    etag = client.get("/api/v1/summary").headers["ETag"]
    assert runner.invoke(args=["load-data", str(doc)]).exit_code == 0
    assert client.get("/api/v1/summary").headers["ETag"] == etag


@pytest.mark.parametrize("encoding", ["", "gzip"])
def test_replayed_answers_match_the_first_answer(client: FlaskClient, encoding: str) -> None:
    # The first request goes through Flask, the next ones through the WSGI fast path.
    url = "/api/v1/godparents?per_page=3&page=2&lang=de"
    headers = {"Accept-Encoding": encoding} if encoding else {}
    first, second = client.get(url, headers=headers), client.get(url, headers=headers)
    assert second.data == first.data
    assert sorted(second.headers.items()) == sorted(first.headers.items())
    assert second.headers["X-Content-Type-Options"] == "nosniff"
    not_modified = client.get(url, headers={**headers, "If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304
    assert not_modified.headers["Link"] == first.headers["Link"]
    assert client.get(url, headers={"Accept": "text/html"}).status_code == 406
