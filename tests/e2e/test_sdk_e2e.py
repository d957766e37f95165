"""The SDK and its CLI against the real service (granian on loopback, bundled campaign data),
so the SDK's models and the service's JSON cannot drift apart unnoticed."""

from __future__ import annotations

import json
import math
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests

from westandbyyou.sdk import BadRequestError, Client, NotFoundError, Summary, TransportError

BIN = Path(sys.executable).parent
LiveServer = Any  # tests/conftest.py's LiveServer: `.url` of the running service


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class CountingSession(requests.Session):
    """A real session that counts the requests it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def request(self, method: str | bytes, url: str | bytes, *a: Any, **kw: Any) -> Any:  # type: ignore[override]
        self.urls.append(str(url))
        return super().request(method, url, *a, **kw)


@pytest.fixture(scope="module")
def raw(live_server: LiveServer) -> dict[str, Any]:
    """The service's own summary, fetched without the SDK."""
    response = requests.get(f"{live_server.url}/api/v1/summary", timeout=10)
    response.raise_for_status()
    doc: dict[str, Any] = response.json()
    return doc


@pytest.fixture
def client(live_server: LiveServer) -> Client:
    return Client(live_server.url, timeout=10, max_retries=0)


def test_summary_matches_the_service(client: Client, raw: dict[str, Any]) -> None:
    s = client.summary()
    assert s == Summary.from_dict(raw)
    assert (s.godparents, s.prisoners, s.parliaments) == (
        raw["godparents"],
        raw["prisoners"],
        raw["parliaments"],
    )
    assert s.headline == raw["headline"]
    assert str(s.godparents) in s.headline
    de = client.summary(lang="de")
    assert (de.lang, de.godparents) == ("de", s.godparents)
    assert "Patenschaft" in de.headline


def test_repeat_reads_are_answered_with_304(client: Client) -> None:
    first = client.summary(lang="fr")
    assert client.last_response is not None and client.last_response.status == 200
    assert client.summary(lang="fr") == first
    assert client.last_response is not None
    assert (client.last_response.status, client.last_response.from_cache) == (304, True)


def test_parliaments_add_up_to_the_counter(client: Client, raw: dict[str, Any]) -> None:
    parliaments = client.parliaments()
    assert len(parliaments) == raw["parliaments"]
    assert sum(p.godparents for p in parliaments) == raw["godparents"]
    bundestag = next(p for p in parliaments if p.slug == "bundestag")
    detail = client.parliament("bundestag")
    assert (detail.name, detail.country) == (bundestag.name, bundestag.country)
    assert len(detail.godparents) == bundestag.godparents
    assert {g.parliament.slug for g in detail.godparents} == {"bundestag"}
    assert len(list(client.godparents(parliament="bundestag"))) == bundestag.godparents


def test_godparents_iterate_every_page(live_server: LiveServer, raw: dict[str, Any]) -> None:
    session = CountingSession()
    client = Client(live_server.url, timeout=10, session=session)
    godparents = list(client.godparents(per_page=7))
    assert len(godparents) == raw["godparents"]
    assert len({g.slug for g in godparents}) == raw["godparents"]
    assert len(session.urls) == math.ceil(raw["godparents"] / 7)
    one = godparents[len(godparents) // 2]
    assert client.godparent(one.slug) == one
    assert all(g.prisoners for g in godparents)


def test_prisoners_iterate_every_page(client: Client, raw: dict[str, Any]) -> None:
    prisoners = list(client.prisoners(per_page=25))
    assert len(prisoners) == raw["prisoners"]
    detained = list(client.prisoners(status="detained"))
    released = list(client.prisoners(status="released"))
    assert len(detained) + len(released) == raw["prisoners"]
    assert {p.status for p in detained} <= {"detained"}
    one = prisoners[0]
    assert client.prisoner(one.slug) == one
    assert one.godparents


def test_widget_document(client: Client, raw: dict[str, Any]) -> None:
    w = client.widget(lang="de")
    assert w.summary == client.summary(lang="de")
    assert sum(len(p.godparents) for p in w.parliaments) == raw["godparents"]
    narrowed = client.widget(parliament="bundestag")
    assert [p.slug for p in narrowed.parliaments] == ["bundestag"]
    slug = narrowed.parliaments[0].godparents[0].slug
    card = client.widget(godparent=slug)
    assert [g.slug for p in card.parliaments for g in p.godparents] == [slug]


def test_unknown_slugs_raise_not_found_with_the_problem_detail(client: Client) -> None:
    with pytest.raises(NotFoundError) as info:
        client.godparent("no-such-godparent")
    assert info.value.status == 404
    assert info.value.detail == "No godparent with the slug 'no-such-godparent'."
    assert info.value.instance == "/api/v1/godparents/no-such-godparent"
    with pytest.raises(NotFoundError, match="No parliament with the slug 'atlantis'"):
        list(client.godparents(parliament="atlantis"))
    with pytest.raises(NotFoundError):
        client.prisoner("no-such-prisoner")


def test_bad_arguments_raise_bad_request_with_field_errors(client: Client) -> None:
    with pytest.raises(BadRequestError) as info:
        list(client.godparents(per_page=500))
    assert list(info.value.errors) == ["per_page"]


def test_an_unreachable_service_is_a_transport_error() -> None:
    with pytest.raises(TransportError, match="connection refused"):
        Client(f"http://127.0.0.1:{free_port()}", max_retries=0).summary()


# ---- server-side rendering: the same markup as the iframe view --------------------------


def _frame_fragment(base: str, **params: str) -> str:
    response = requests.get(f"{base}/widget/v1/frame", params=params, timeout=10)
    assert response.status_code == 200
    match = re.search(r'<main class="wsby-frame__main"[^>]*>(.*)</main>', response.text, re.S)
    assert match, response.text[:500]
    return match.group(1)


@pytest.mark.parametrize("theme", ["auto", "dark"])
def test_render_counter_equals_the_frame(
    client: Client, live_server: LiveServer, theme: str
) -> None:
    html = client.render_counter(lang="de", theme=theme)
    assert html == _frame_fragment(live_server.url, view="counter", lang="de", theme=theme)
    assert "Patenschaft" in html


def test_render_list_and_card_equal_the_frame(client: Client, live_server: LiveServer) -> None:
    html = client.render_list(lang="fr", parliament="bundestag")
    assert html == _frame_fragment(live_server.url, view="list", lang="fr", parliament="bundestag")
    slug = client.parliament("bundestag").godparents[0].slug
    card = client.render_card(slug, lang="nl", theme="light")
    assert card == _frame_fragment(
        live_server.url, view="card", lang="nl", theme="light", godparent=slug
    )


# ---- the installed command ----------------------------------------------------------------


def cli(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "WESTANDBYYOU_URL"}
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False, env=env)


def test_cli_summary_prints_the_headline(live_server: LiveServer, raw: dict[str, Any]) -> None:
    result = cli(str(BIN / "westandbyyou"), "summary", "--base-url", live_server.url)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0] == raw["headline"]
    assert f"godparents   {raw['godparents']}" in result.stdout


def test_cli_json_parses(live_server: LiveServer, raw: dict[str, Any]) -> None:
    for argv in ([str(BIN / "westandbyyou")], [sys.executable, "-m", "westandbyyou.sdk"]):
        result = cli(*argv, "summary", "--json", "--base-url", live_server.url)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == raw
    result = cli(
        str(BIN / "westandbyyou"),
        "godparents",
        "--json",
        "--parliament",
        "bundestag",
        "--base-url",
        live_server.url,
    )
    assert result.returncode == 0, result.stderr
    assert {g["parliament"]["slug"] for g in json.loads(result.stdout)} == {"bundestag"}


def test_cli_tables(live_server: LiveServer, raw: dict[str, Any]) -> None:
    for command, header, rows in [
        ("parliaments", "PARLIAMENT", raw["parliaments"]),
        ("godparents", "GODPARENT", raw["godparents"]),
        ("prisoners", "PRISONER", raw["prisoners"]),
    ]:
        result = cli(str(BIN / "westandbyyou"), command, "--base-url", live_server.url)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines[0].startswith(header)
        assert len(lines) == rows + 1


@pytest.mark.parametrize(
    ("base", "message"),
    [
        ("http://127.0.0.1:{port}", "could not reach the service: connection refused"),
        ("127.0.0.1:{port}", "base_url must be an http(s) URL"),
    ],
)
def test_cli_bad_base_url_is_one_line_and_exit_1(base: str, message: str) -> None:
    url = base.format(port=free_port())
    result = cli(str(BIN / "westandbyyou"), "summary", "--base-url", url)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("westandbyyou: error: ")
    assert message in result.stderr
