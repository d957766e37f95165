"""The `westandbyyou` command: tables, `--json`, options and one-line errors (SYNTHETIC data;
tests/e2e runs the installed command against the real service)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import responses
from responses import matchers

from westandbyyou.sdk import cli

BASE = "http://sdk.test"


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WESTANDBYYOU_URL", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main([*argv, "--base-url", BASE] if "--base-url" not in argv else list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_prints_the_headline_then_the_numbers(
    mocked: responses.RequestsMock, capsys: pytest.CaptureFixture[str], data: dict[str, Any]
) -> None:
    mocked.get(
        f"{BASE}/api/v1/summary",
        json=data["summary"],
        match=[matchers.query_param_matcher({"lang": "de"})],
    )
    code, out, err = run(capsys, "summary", "--lang", "de")
    assert (code, err) == (0, "")
    assert out == (
        "3 politicians have taken over a godparenthood so far\n\n"
        "godparents   3\n"
        "prisoners    2\n"
        "parliaments  2\n"
        "updated      2026-01-31\n"
    )


def test_summary_json(
    mocked: responses.RequestsMock, capsys: pytest.CaptureFixture[str], data: dict[str, Any]
) -> None:
    mocked.get(f"{BASE}/api/v1/summary", json=data["summary"])
    code, out, _ = run(capsys, "summary", "--json")
    assert code == 0
    assert json.loads(out) == data["summary"]


def test_parliaments_table(
    mocked: responses.RequestsMock, capsys: pytest.CaptureFixture[str]
) -> None:
    items = [
        {"slug": "synthetic-a", "name": "Synthetic A", "country": "XX", "godparents": 12},
        {
            "slug": "synthetic-bb",
            "name": "Synthetic Parliament B",
            "country": "YY",
            "godparents": 3,
        },
    ]
    mocked.get(f"{BASE}/api/v1/parliaments", json={"items": items})
    code, out, _ = run(capsys, "parliaments")
    assert code == 0
    assert out.splitlines() == [
        "PARLIAMENT              COUNTRY  GODPARENTS  SLUG",
        "Synthetic A             XX               12  synthetic-a",
        "Synthetic Parliament B  YY                3  synthetic-bb",
    ]


def test_godparents_passes_filters_and_reads_every_page(
    mocked: responses.RequestsMock, capsys: pytest.CaptureFixture[str], helpers: Any
) -> None:
    params = {
        "parliament": "synthetic-parliament",
        "country": "XX",
        "q": "synth",
        "per_page": "200",
    }
    second = helpers.godparent(2)
    second["party"] = None
    for n, item in ((1, helpers.godparent(1)), (2, second)):
        mocked.get(
            f"{BASE}/api/v1/godparents",
            json={"items": [item], "page": n, "per_page": 200, "total": 2, "pages": 2},
            match=[matchers.query_param_matcher({**params, **({"page": "2"} if n == 2 else {})})],
        )
    code, out, _ = run(
        capsys,
        "godparents",
        "--parliament",
        "synthetic-parliament",
        "--country",
        "XX",
        "-q",
        "synth",
    )
    assert code == 0
    assert out.splitlines() == [
        "GODPARENT              PARTY            PARLIAMENT            STANDS BY",
        "Synthetic Godparent 1  Synthetic Party  Synthetic Parliament  Synthetic Prisoner 1",
        "Synthetic Godparent 2  -                Synthetic Parliament  Synthetic Prisoner 1",
    ]
    code, out, _ = run(
        capsys,
        "godparents",
        "--json",
        "--parliament",
        "synthetic-parliament",
        "--country",
        "XX",
        "-q",
        "synth",
    )
    assert [g["slug"] for g in json.loads(out)] == [
        "synthetic-godparent-1",
        "synthetic-godparent-2",
    ]
    assert json.loads(out)[0]["prisoners"][0]["since"] == "2024-05-01"


def test_prisoners_by_status(
    mocked: responses.RequestsMock, capsys: pytest.CaptureFixture[str], data: dict[str, Any]
) -> None:
    mocked.get(
        f"{BASE}/api/v1/prisoners",
        json={"items": [data["prisoner"]], "page": 1, "per_page": 200, "total": 1, "pages": 1},
        match=[matchers.query_param_matcher({"status": "detained", "per_page": "200"})],
    )
    code, out, _ = run(capsys, "prisoners", "--status", "detained")
    assert code == 0
    assert out.splitlines() == [
        "PRISONER              STATUS    DETAINED SINCE  DAYS  GODPARENTS",
        "Synthetic Prisoner 1  detained  2021-03-02      1000  Synthetic Godparent 1",
    ]


def test_the_base_url_comes_from_the_environment(
    mocked: responses.RequestsMock,
    capsys: pytest.CaptureFixture[str],
    data: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WESTANDBYYOU_URL", "http://env.sdk.test")
    mocked.get("http://env.sdk.test/api/v1/summary", json=data["summary"])
    assert cli.main(["summary"]) == 0
    monkeypatch.delenv("WESTANDBYYOU_URL")
    assert cli.parser().parse_args(["summary"]).base_url == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["summary", "--base-url", "not a url"],
            "westandbyyou: error: base_url must be an http(s) URL, got 'not a url'\n",
        ),
        (
            ["godparents", "--parliament", "nope", "--base-url", BASE],
            "westandbyyou: error: 404 Not Found: No parliament with the slug 'nope'. "
            f"(GET {BASE}/api/v1/godparents?parliament=nope&per_page=200)\n",
        ),
        (
            ["summary", "--retries", "0", "--base-url", "http://down.sdk.test"],
            "westandbyyou: error: could not reach the service: could not connect "
            "(GET http://down.sdk.test/api/v1/summary)\n",
        ),
    ],
)
def test_errors_are_one_line_on_stderr_and_exit_1(
    mocked: responses.RequestsMock,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    mocked.get(
        f"{BASE}/api/v1/godparents",
        status=404,
        json={"title": "Not Found", "status": 404, "detail": "No parliament with the slug 'nope'."},
    )
    code, out, err = run(capsys, *argv)
    assert (code, out, err) == (1, "", message)


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["nonsense"])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
