"""The widget document stays bounded: long parliament groups are trimmed, with their total
and the sentence for "show all", and the list views link to the whole group."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from westandbyyou.widget import render


def test_groups_are_trimmed_to_the_limit_with_their_total(app: Flask, client: FlaskClient) -> None:
    full = client.get("/api/v1/widget?lang=de").get_json()
    assert all(p["total"] == len(p["godparents"]) for p in full["parliaments"])
    assert full["labels"] == {"show_all": "Alle {n} anzeigen"}

    app.config["WIDGET_GROUP_LIMIT"] = 3
    app.extensions["wsby_local_cache"].clear()
    from westandbyyou.service import caching

    with app.app_context():
        caching.invalidate()
    trimmed = client.get("/api/v1/widget?lang=de").get_json()
    bundestag = next(p for p in trimmed["parliaments"] if p["slug"] == "bundestag")
    assert bundestag["total"] == 30
    names = [g["name"] for g in bundestag["godparents"]]
    assert (
        names
        == sorted(
            g["name"]
            for g in next(p for p in full["parliaments"] if p["slug"] == "bundestag")["godparents"]
        )[:3]
    )
    assert trimmed["summary"] == full["summary"]

    html = render.render_list(trimmed, base_url="https://service.example")
    assert "(30)</span>" in html
    assert (
        '<li class="wsby__more" part="more"><a class="wsby__link" part="link" '
        'href="https://service.example/?parliament=bundestag&amp;lang=de" '
        'target="_blank" rel="noopener">Alle 30 anzeigen</a></li>'
    ) in html

    # The link's page shows every godparent of that parliament.
    page = client.get("/?parliament=bundestag&lang=de")
    assert page.status_code == 200
    assert page.get_data(as_text=True).count('part="godparent"') == 30
    assert client.get("/?parliament=nowhere").status_code == 404
    assert client.get("/?parliament=%3Cb%3E").status_code == 400
