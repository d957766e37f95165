"""The server-side embeds through the Flask test client, over the bundled campaign data (and,
for escaping, one SYNTHETIC godparent loaded with `flask load-data`)."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from tests.html_text import parse, text_of
from westandbyyou.widget import i18n

BASE = "http://localhost"


VIEW_LANGS = ["en", "de", "fr", "ru"]


def api(client: FlaskClient, path: str) -> Any:
    r = client.get(path)
    assert r.status_code == 200
    return r.get_json()


def body_of(client: FlaskClient, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, r.get_data(as_text=True)[:500]
    return r.get_data(as_text=True)


def main_of(html: str) -> str:
    """The widget fragment inside the frame page's <main>."""
    return html[html.index('<main class="wsby-frame__main"') : html.index("</main>")]


@pytest.mark.parametrize("lang", VIEW_LANGS)
@pytest.mark.parametrize("theme", ["auto", "light", "dark"])
def test_counter_frame_shows_the_api_count(client: FlaskClient, lang: str, theme: str) -> None:
    summary = api(client, f"/api/v1/summary?lang={lang}")
    html = body_of(client, f"/widget/v1/frame?view=counter&lang={lang}&theme={theme}")
    fragment = main_of(html)
    assert f'class="wsby wsby--counter wsby--{theme}" part="root" lang="{lang}"' in fragment
    count = i18n.number(lang, summary["godparents"])
    assert f'<strong class="wsby__count" part="count">{count}</strong>' in fragment
    assert summary["headline"] in text_of(fragment)
    assert f'<html lang="{lang}"' in html


@pytest.mark.parametrize("lang", VIEW_LANGS)
@pytest.mark.parametrize("theme", ["auto", "light", "dark"])
def test_list_frame_shows_every_godparent_by_parliament(
    client: FlaskClient, lang: str, theme: str
) -> None:
    doc = api(client, f"/api/v1/widget?lang={lang}")
    fragment = main_of(body_of(client, f"/widget/v1/frame?view=list&lang={lang}&theme={theme}"))
    assert f"wsby--list wsby--{theme}" in fragment
    text = text_of(fragment)
    assert doc["summary"]["headline"] in text
    names = [g["name"] for p in doc["parliaments"] for g in p["godparents"]]
    assert len(names) == doc["summary"]["godparents"]
    for p in doc["parliaments"]:
        assert f"{p['name']} ({i18n.number(lang, len(p['godparents']))})" in text
    assert fragment.count('part="godparent"') == len(names)
    for name in names:
        assert name in text


@pytest.mark.parametrize("lang", VIEW_LANGS)
@pytest.mark.parametrize("theme", ["auto", "light", "dark"])
def test_card_frame_names_godparent_and_prisoners(
    client: FlaskClient, lang: str, theme: str
) -> None:
    g = api(client, "/api/v1/godparents?per_page=1")["items"][0]
    url = f"/widget/v1/frame?view=card&godparent={g['slug']}&lang={lang}&theme={theme}"
    text = text_of(main_of(body_of(client, url)))
    prisoners = "; ".join(p["name"] for p in g["prisoners"])
    assert i18n.text("stands_by", lang, name=g["name"], prisoner="") in text
    assert prisoners.split(";")[0] in text


def test_parliament_narrows_the_list(client: FlaskClient) -> None:
    item = api(client, "/api/v1/parliaments?lang=de")["items"][0]
    text = text_of(
        main_of(body_of(client, f"/widget/v1/frame?view=list&lang=de&parliament={item['slug']}"))
    )
    assert f"{item['name']} ({item['godparents']})" in text
    assert text.count("(") >= item["godparents"]


SYNTHETIC = {
    "format": "westandbyyou/1",
    "parliaments": [
        {
            "slug": "synthetic-test-parliament",
            "country": "EU",
            "position": 999,
            "names": {"en": "SYNTHETIC <i>Parliament</i>"},
        }
    ],
    "politicians": [
        {
            "slug": "synthetic-script-godparent",
            "name": "SYNTHETIC <script>alert('x')</script> \"Test\" & Co",
            "party": "<img src=x onerror=alert(1)>",
            "parliament": "synthetic-test-parliament",
        }
    ],
    "prisoners": [
        {
            "slug": "synthetic-test-prisoner",
            "name": "SYNTHETIC </li><script>alert(2)</script>",
            "status": "detained",
            "detained_since": "2020-08-09",
        }
    ],
    "godparenthoods": [
        {"politician": "synthetic-script-godparent", "prisoner": "synthetic-test-prisoner"}
    ],
}


@pytest.fixture
def hostile(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> dict[str, Any]:
    """The app with one SYNTHETIC godparent whose name, party and prisoner contain markup."""
    path = tmp_path / "synthetic.json"
    path.write_text(json.dumps(SYNTHETIC), "utf-8")
    result = runner.invoke(args=["load-data", str(path)])
    assert result.exit_code == 0, result.output
    return SYNTHETIC


@pytest.mark.parametrize(
    "url",
    [
        "/widget/v1/frame?view=list",
        "/widget/v1/frame?view=list&parliament=synthetic-test-parliament&theme=dark",
        "/widget/v1/frame?view=card&godparent=synthetic-script-godparent",
        "/",
        "/embed?view=card&godparent=synthetic-script-godparent",
    ],
)
def test_markup_in_names_is_text(client: FlaskClient, hostile: dict[str, Any], url: str) -> None:
    html = body_of(client, url)
    assert "<script>alert" not in html and "<img src=x" not in html and "<i>Parl" not in html
    name = hostile["politicians"][0]["name"]
    assert name in unescape(html)  # shown, as text


def test_markup_in_names_is_text_in_the_codes(client: FlaskClient, hostile: dict[str, Any]) -> None:
    codes = api(client, "/embed/code.json?view=card&godparent=synthetic-script-godparent")["codes"]
    assert "<script>alert" not in codes["snippet"]
    assert codes["preview"].endswith("godparent=synthetic-script-godparent")


def test_frame_page_headers_allow_framing_only_there(client: FlaskClient) -> None:
    r = client.get("/widget/v1/frame?view=list")
    csp = r.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "X-Frame-Options" not in r.headers
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    html = r.get_data(as_text=True)
    assert "<style" not in html and "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # every script is a file
    assert "Set-Cookie" not in r.headers


@pytest.mark.parametrize("url", ["/", "/embed", "/embed?view=card"])
def test_other_pages_cannot_be_framed(client: FlaskClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200
    csp = r.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "unsafe" not in csp
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    html = r.get_data(as_text=True)
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def discovery(html: str) -> str:
    head = html[: html.index("</head>")]
    links = [a for t, a in parse(head).tags if t == "link" and a.get("rel") == "alternate"]
    assert len(links) == 1 and links[0]["type"] == "application/json+oembed"
    return str(links[0]["href"])


@pytest.mark.parametrize(
    ("page", "view"),
    [("/?lang=de", "list"), ("/widget/v1/frame?view=counter&lang=fr&theme=dark", "counter")],
)
def test_discovery_link_leads_to_a_wordpress_shaped_oembed(
    client: FlaskClient, page: str, view: str
) -> None:
    href = discovery(body_of(client, page))
    parts = urlsplit(href)
    assert parse_qs(parts.query)["url"] == [BASE + page]
    doc = api(client, f"{parts.path}?{parts.query}&maxwidth=500&maxheight=750&dnt=1")
    assert doc["version"] == "1.0" and doc["type"] == "rich"
    assert isinstance(doc["width"], int) and isinstance(doc["height"], int)
    assert doc["width"] <= 500 and doc["height"] <= 750
    html = doc["html"]
    # WordPress keeps only what matches this (wp_filter_oembed_result), blockquote first.
    match = re.fullmatch(
        r'<blockquote><a href="[^"<>]+">[^<>]+</a></blockquote>'
        r'<iframe src="([^"<>]+)" width="(\d+)" height="(\d+)" title="[^"<>]+" '
        r'frameborder="0" marginwidth="0" marginheight="0" scrolling="no"></iframe>',
        html,
    )
    assert match, html
    src = unescape(match.group(1))
    assert src.startswith(BASE + "/widget/v1/frame?") and "#" not in src
    assert parse_qs(urlsplit(src).query)["view"] == [view]
    assert (int(match.group(2)), int(match.group(3))) == (doc["width"], doc["height"])
    # The frame it points to renders.
    assert client.get(src.removeprefix(BASE)).status_code == 200


def test_oembed_html_is_stable_while_numbers_change(client: FlaskClient) -> None:
    doc = api(client, "/oembed?url=http%3A%2F%2Flocalhost%2F")
    count = str(api(client, "/api/v1/summary")["godparents"])
    assert count not in doc["html"] and count not in doc["title"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/oembed?url=https%3A%2F%2Fevil.example%2F", 404),
        ("/oembed?url=http%3A%2F%2Flocalhost%2Fapi%2Fv1%2Fsummary", 404),
        ("/oembed?url=http%3A%2F%2Flocalhost%2Fwidget%2Fv1%2Fframe%3Fview%3Dnope", 404),
        ("/oembed?url=http%3A%2F%2Flocalhost%2Fwidget%2Fv1%2Fframe%3Fparliament%3Dno-such", 404),
        ("/oembed?url=javascript%3Aalert(1)", 404),
        ("/oembed?url=http%3A%2F%2Flocalhost%2F&format=xml", 501),
        ("/oembed?url=http%3A%2F%2Flocalhost%2F&format=yaml", 400),
        ("/oembed", 400),
        ("/oembed?url=http%3A%2F%2Flocalhost%2F&maxwidth=-1", 400),
        ("/oembed?url=http%3A%2F%2Flocalhost%2F&maxwidth=abc", 400),
        ("/widget/v1/frame?view=table", 400),
        ("/widget/v1/frame?view=card", 400),
        ("/widget/v1/frame?theme=%3Cscript%3E", 400),
        ("/widget/v1/frame?lang=%3Cscript%3E", 400),
        ("/widget/v1/frame?parliament=Not%20A%20Slug", 400),
        ("/widget/v1/frame?godparent=" + "a" * 81, 400),
        ("/badge.svg?style=neon", 400),
        ("/badge.svg?lang=" + "x" * 40, 400),
        ("/widget/v1/embed.js?v=not-hex", 400),
        ("/widget/v1/secret.py", 404),
        ("/embed?view=x", 400),
        ("/embed/code.json?theme=x", 400),
        ("/embed/code.json?view=list&parliament=no-such", 404),
        ("/?lang=%00", 400),
    ],
)
def test_bad_input_is_a_problem_not_a_crash(client: FlaskClient, url: str, status: int) -> None:
    r = client.get(url)
    assert r.status_code == status, r.get_data(as_text=True)[:300]
    assert r.mimetype == "application/problem+json"
    assert r.get_json()["detail"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/widget/v1/frame?parliament=no-such&lang=de", "Unbekanntes Parlament „no-such“"),
        ("/widget/v1/frame?view=card&godparent=no-one", "Unknown godparent “no-one”"),
    ],
)
def test_unknown_slug_in_the_frame_is_a_visible_notice(
    client: FlaskClient, url: str, message: str
) -> None:
    r = client.get(url)
    assert r.status_code == 404 and r.mimetype == "text/html"
    assert "frame-ancestors *" in r.headers["Content-Security-Policy"]
    assert r.headers["Cache-Control"] == "no-store"
    fragment = main_of(r.get_data(as_text=True))
    assert 'class="wsby__notice" part="notice" role="status"' in fragment
    assert message in text_of(fragment)


def test_unknown_godparent_in_the_configurator_keeps_the_form(client: FlaskClient) -> None:
    r = client.get("/embed?view=card&godparent=No%20Such%20Person")
    assert r.status_code == 404 and r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert "No godparent matches “no-such-person”" in html
    assert '<form class="options"' in html


@pytest.mark.parametrize(("lang", "style"), [("en", "flat"), ("de", "light"), ("be", "dark")])
def test_badge_is_a_localized_accessible_svg(client: FlaskClient, lang: str, style: str) -> None:
    r = client.get(f"/badge.svg?lang={lang}&style={style}")
    assert r.status_code == 200 and r.mimetype == "image/svg+xml"
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "default-src 'none'" in r.headers["Content-Security-Policy"]
    root = ET.fromstring(r.data)
    headline = api(client, f"/api/v1/summary?lang={lang}")["headline"]
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.find(f"{ns}title").text == f"#WeStandBYyou: {headline}"  # type: ignore[union-attr]
    assert root.get("aria-label") == f"#WeStandBYyou: {headline}"


def test_badge_revalidates(client: FlaskClient) -> None:
    first = client.get("/badge.svg")
    again = client.get("/badge.svg", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def embed_js() -> bytes:
    """The file as it is now (its author may be editing it while these tests run)."""
    return (Path(i18n.__file__).parent / "static" / "embed.js").read_bytes()


def test_embed_js_is_cors_open_gzipped_and_revalidated(client: FlaskClient) -> None:
    expected = embed_js()
    r = client.get("/widget/v1/embed.js", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/javascript")
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert r.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(r.data) == expected
    etag = r.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert "immutable" not in r.headers["Cache-Control"]
    assert "max-age=60" in r.headers["Cache-Control"]
    again = client.get(
        "/widget/v1/embed.js", headers={"Accept-Encoding": "gzip", "If-None-Match": etag}
    )
    assert again.status_code == 304 and again.data == b""
    plain = client.get("/widget/v1/embed.js", headers={"Accept-Encoding": "identity"})
    assert plain.data == expected and "Content-Encoding" not in plain.headers


def test_versioned_embed_js_is_immutable(client: FlaskClient) -> None:
    expected = embed_js()
    page = body_of(client, "/")
    src = re.search(r'<script type="module" src="(/widget/v1/embed\.js\?v=[0-9a-f]+)"', page)
    assert src, "the demo page loads the versioned script"
    r = client.get(src.group(1))
    assert r.status_code == 200 and r.data == expected
    assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    stale = client.get("/widget/v1/embed.js?v=0123456789abcdef")
    assert stale.status_code == 200 and "immutable" not in stale.headers["Cache-Control"]


@pytest.mark.parametrize(
    "name", ["frame.js", "configure.js", "widget.css", "frame.css", "site.css"]
)
def test_own_assets_are_served_with_their_types(client: FlaskClient, name: str) -> None:
    r = client.get(f"/widget/v1/{name}")
    assert r.status_code == 200 and r.data
    kind = "text/javascript" if name.endswith(".js") else "text/css"
    assert r.headers["Content-Type"].startswith(kind)
    assert r.headers["Access-Control-Allow-Origin"] == "*"


def test_demo_page_shows_counter_and_full_list(client: FlaskClient) -> None:
    doc = api(client, "/api/v1/widget?lang=it")
    html = body_of(client, "/?lang=it")
    assert '<html lang="it">' in html
    assert '<wsby-widget view="counter" lang="it" theme="auto">' in html
    assert '<wsby-widget view="list" lang="it" theme="auto">' in html
    text = text_of(html)
    assert doc["summary"]["headline"] in text
    assert html.count('part="godparent"') == doc["summary"]["godparents"]


def test_configurator_offers_every_choice_and_the_codes(client: FlaskClient) -> None:
    html = body_of(client, "/embed?view=list&lang=nl&theme=dark&parliament=bundestag")
    tags = parse(html).tags
    radios = {(a["name"], a["value"]) for t, a in tags if t == "input" and a.get("type") == "radio"}
    assert radios == {
        ("view", "counter"),
        ("view", "list"),
        ("view", "card"),
        ("theme", "auto"),
        ("theme", "light"),
        ("theme", "dark"),
    }
    options = [a for t, a in tags if t == "option"]
    assert {a["value"] for a in options} >= set(i18n.LANGUAGES)
    parliaments = api(client, "/api/v1/parliaments")["items"]
    assert {p["slug"] for p in parliaments} <= {a["value"] for a in options}
    datalist = [a["value"] for a in options if a.get("label")]
    assert len(datalist) == api(client, "/api/v1/summary")["godparents"]
    preview = next(a for t, a in tags if t == "iframe" and a.get("id") == "preview")
    assert preview["src"] == (
        f"{BASE}/widget/v1/frame?view=list&lang=nl&theme=dark&parliament=bundestag"
    )
    codes = api(client, "/embed/code.json?view=list&lang=nl&theme=dark&parliament=bundestag")
    codes = codes["codes"]
    text = unescape(html)
    for key in ("link", "snippet", "iframe", "badge", "markdown"):
        assert codes[key] in text
    assert codes["snippet"].startswith(
        '<wsby-widget view="list" lang="nl" theme="dark" parliament="bundestag">'
    )
    buttons = [a for t, a in tags if t == "button" and "data-copy" in a]
    assert len(buttons) == 5 and all("hidden" in a for a in buttons)  # shown by its script


def test_configurator_card_waits_for_a_godparent_and_accepts_a_typed_name(
    client: FlaskClient,
) -> None:
    assert api(client, "/embed/code.json?view=card")["codes"] is None
    g = api(client, "/api/v1/godparents?per_page=1")["items"][0]
    typed = g["name"].upper()
    codes = api(client, f"/embed/code.json?view=card&godparent={typed}")["codes"]
    assert codes and f'godparent="{g["slug"]}"' in codes["snippet"]
