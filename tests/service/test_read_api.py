"""The public read API over the bundled campaign data: paths, fields, languages, pagination."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
from flask.testing import FlaskClient


def bundled() -> dict[str, Any]:
    text = resources.files("westandbyyou.service").joinpath("data/campaign.json").read_text()
    doc: dict[str, Any] = json.loads(text)
    return doc


DATA = bundled()
GODPARENTS = {g["politician"] for g in DATA["godparenthoods"]}
PRISONERS = {g["prisoner"] for g in DATA["godparenthoods"]}
PARLIAMENT_OF = {p["slug"]: p["parliament"] for p in DATA["politicians"]}
PARLIAMENTS = {PARLIAMENT_OF[s] for s in GODPARENTS}


def get(client: FlaskClient, url: str, status: int = 200) -> Any:
    r = client.get(url)
    assert r.status_code == status, r.get_data(as_text=True)
    return r.get_json()


def test_summary_counts_distinct_godparents_from_the_bundled_data(client: FlaskClient) -> None:
    body = get(client, "/api/v1/summary")
    assert set(body) == {"godparents", "prisoners", "parliaments", "updated", "headline", "lang"}
    assert body["godparents"] == len(GODPARENTS)
    assert body["prisoners"] == len(PRISONERS)
    assert body["parliaments"] == len(PARLIAMENTS)
    assert body["lang"] == "en"
    assert body["headline"] == (
        f"{len(GODPARENTS)} politicians have taken over a godparenthood so far"
    )
    assert len(body["updated"]) == 10  # an ISO date


@pytest.mark.parametrize(
    ("lang", "expected_lang", "sentence"),
    [
        ("de", "de", "{n} Politiker*innen haben bisher eine Patenschaft übernommen"),
        ("de-CH", "de", "{n} Politiker*innen haben bisher eine Patenschaft übernommen"),
        ("fr", "fr", "{n} responsables politiques ont parrainé un prisonnier politique à ce jour"),
        ("nl", "nl", "{n} politici hebben tot nu toe een peterschap op zich genomen"),
        ("it", "it", "{n} politici hanno finora assunto un padrinato"),
        ("ru", "ru", "{n} политика уже стали крёстными родителями политзаключённых"),
        ("be", "be", "{n} палітыкі ўжо сталі хроснымі бацькамі палітвязняў"),
        ("xx", "en", "{n} politicians have taken over a godparenthood so far"),
        ("", "en", "{n} politicians have taken over a godparenthood so far"),
    ],
)
def test_headline_is_localized_and_pluralized(
    client: FlaskClient, lang: str, expected_lang: str, sentence: str
) -> None:
    body = get(client, f"/api/v1/summary?lang={lang}")
    assert body["lang"] == expected_lang
    n = body["godparents"]
    # The bundled count (82) takes the "few" form in be/ru: 82 % 10 == 2.
    assert n % 10 == 2 and n % 100 != 12
    assert body["headline"] == sentence.format(n=n)


def test_parliaments_list_counts_and_localizes(client: FlaskClient) -> None:
    items = get(client, "/api/v1/parliaments")["items"]
    assert {i["slug"] for i in items} == PARLIAMENTS
    assert all(set(i) == {"slug", "name", "country", "godparents"} for i in items)
    assert sum(i["godparents"] for i in items) == len(GODPARENTS)
    assert items[0]["slug"] == "european-parliament" and items[0]["country"] == "EU"
    bundestag = next(
        i for i in get(client, "/api/v1/parliaments?lang=de")["items"] if i["slug"] == "bundestag"
    )
    assert bundestag["name"] == "Deutscher Bundestag"


def test_parliament_detail_lists_its_godparents(client: FlaskClient) -> None:
    body = get(client, "/api/v1/parliaments/house-of-lords")
    assert set(body) == {"slug", "name", "country", "godparents"}
    assert body["country"] == "GB"
    expected = {s for s in GODPARENTS if PARLIAMENT_OF[s] == "house-of-lords"}
    assert {g["slug"] for g in body["godparents"]} == expected
    russell = next(g for g in body["godparents"] if "Russell" in g["name"])
    assert {p["slug"] for p in russell["prisoners"]} == {"alena-maushuk", "siarhei-maushuk"}


def test_godparent_detail_has_exactly_the_contract_fields(client: FlaskClient) -> None:
    body = get(client, "/api/v1/godparents/klaus-mindrup")
    assert body == {
        "slug": "klaus-mindrup",
        "name": "Klaus Mindrup",
        "party": "SPD",
        "parliament": {"slug": "bundestag", "name": "German Bundestag"},
        "prisoners": [
            {"slug": "viktar-siadou", "name": "Viktar Siadou", "status": "detained", "since": None}
        ],
    }


def test_released_prisoners_still_count_and_say_so(client: FlaskClient) -> None:
    released = get(client, "/api/v1/prisoners?status=released&per_page=200")
    names = {p["name"] for p in released["items"]}
    assert "Maryia Kalesnikava" in names
    assert all(p["status"] == "released" for p in released["items"])
    total = get(client, "/api/v1/prisoners?per_page=1")["total"]
    assert total == len(PRISONERS)


def test_prisoner_detail(client: FlaskClient) -> None:
    body = get(client, "/api/v1/prisoners/ihar-losik")
    assert set(body) == {
        "slug",
        "name",
        "name_original",
        "status",
        "detained_since",
        "released_on",
        "days_detained",
        "profile_url",
        "godparents",
    }
    # Handed over from Manuel Sarrazin to Robin Wagener: both stay on record.
    assert {g["name"] for g in body["godparents"]} == {"Manuel Sarrazin", "Robin Wagener"}


def test_godparents_pagination_walks_every_godparent_once(client: FlaskClient) -> None:
    seen: list[str] = []
    url = "/api/v1/godparents?per_page=7"
    pages = 0
    while url:
        r = client.get(url)
        assert r.status_code == 200
        body = r.get_json()
        assert body["per_page"] == 7 and body["total"] == len(GODPARENTS)
        seen += [g["slug"] for g in body["items"]]
        links = {
            part.split('rel="')[1].rstrip('"'): part.split(">")[0].lstrip("<")
            for part in r.headers.get("Link", "").split(", ")
            if part
        }
        url = links.get("next", "")
        pages += 1
    assert pages == body["pages"] == -(-len(GODPARENTS) // 7)
    assert sorted(seen) == sorted(GODPARENTS)
    assert 'rel="first"' in r.headers["Link"] and 'rel="last"' in r.headers["Link"]


def test_godparents_filters(client: FlaskClient) -> None:
    body = get(client, "/api/v1/godparents?parliament=bundestag&per_page=200")
    assert body["total"] == sum(1 for s in GODPARENTS if PARLIAMENT_OF[s] == "bundestag")
    assert {g["parliament"]["slug"] for g in body["items"]} == {"bundestag"}
    irish = get(client, "/api/v1/godparents?country=ie&per_page=200")
    assert {g["name"] for g in irish["items"]} >= {"Billy Kelleher", "Neale Richmond"}
    found = get(client, "/api/v1/godparents?q=SCHÄFER")["items"]
    assert [g["name"] for g in found] == ["Jamila Schäfer"]
    found = get(client, "/api/v1/godparents?q=mindrup")["items"]
    assert [g["name"] for g in found] == ["Klaus Mindrup"]
    assert get(client, "/api/v1/godparents?q=%25")["total"] == 0  # LIKE wildcards are literal
    assert get(client, "/api/v1/godparents?page=999")["items"] == []


def test_widget_document_narrows_to_a_parliament_or_a_godparent(client: FlaskClient) -> None:
    full = get(client, "/api/v1/widget?lang=de")
    assert full["summary"]["lang"] == "de"
    assert sum(len(p["godparents"]) for p in full["parliaments"]) == len(GODPARENTS)
    one = get(client, "/api/v1/widget?parliament=scottish-parliament")
    assert [p["slug"] for p in one["parliaments"]] == ["scottish-parliament"]
    card = get(client, "/api/v1/widget?godparent=humza-yousaf")
    (group,) = card["parliaments"]
    (gp,) = group["godparents"]
    assert gp["prisoners"][0]["name"] == "Dzmitryi Halavacz"
    assert {"days_detained", "detained_since", "released_on"} <= set(gp["prisoners"][0])


def test_public_reads_set_no_cookies_and_allow_any_origin(client: FlaskClient) -> None:
    for url in (
        "/api/v1/summary",
        "/api/v1/godparents",
        "/api/v1/widget",
        "/api/v1/openapi.json",
        "/api/v1/nope",
    ):
        r = client.get(url, headers={"Origin": "https://mp.example"})
        assert "Set-Cookie" not in r.headers
        assert r.headers["Access-Control-Allow-Origin"] == "*"
