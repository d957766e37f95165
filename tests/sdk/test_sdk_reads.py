"""Each read method: the request it sends and the typed models it returns (SYNTHETIC data)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
import responses
from responses import matchers

import westandbyyou.sdk as sdk
from westandbyyou.sdk import Client, InvalidResponseError

BASE = "http://sdk.test"


def page(items: list[Any], n: int, pages: int, per_page: int = 2, total: int = 5) -> dict[str, Any]:
    return {"items": items, "page": n, "per_page": per_page, "total": total, "pages": pages}


def test_summary_is_typed_with_a_real_date(
    mocked: responses.RequestsMock, client: Client, data: dict[str, Any]
) -> None:
    mocked.get(
        f"{BASE}/api/v1/summary",
        json=data["summary"],
        match=[matchers.query_param_matcher({"lang": "de"})],
    )
    s = client.summary(lang="de")
    assert s == sdk.Summary(
        3, 2, 2, dt.date(2026, 1, 31), "3 politicians have taken over a godparenthood so far", "en"
    )
    assert isinstance(s.updated, dt.date)


def test_requests_say_who_they_are_and_what_they_accept(
    mocked: responses.RequestsMock, make_client: Any, data: dict[str, Any]
) -> None:
    mocked.get(f"{BASE}/api/v1/summary", json=data["summary"])
    make_client(user_agent="my-ngo-site/1.0").summary()
    headers = mocked.calls[0].request.headers
    assert headers["User-Agent"] == "my-ngo-site/1.0"
    assert headers["Accept"] == "application/json"
    mocked.calls.reset()
    make_client().summary()
    assert mocked.calls[0].request.headers["User-Agent"].startswith("westandbyyou-python/")


def test_unknown_fields_are_ignored(
    mocked: responses.RequestsMock, client: Client, data: dict[str, Any]
) -> None:
    doc = {**data["godparent"], "added_in_v2": {"x": 1}}
    doc["prisoners"][0]["photo"] = "later"
    mocked.get(f"{BASE}/api/v1/godparents/synthetic-godparent-1", json=doc)
    g = client.godparent("synthetic-godparent-1")
    assert g.name == "Synthetic Godparent 1"
    assert g.parliament == sdk.ParliamentRef("synthetic-parliament", "Synthetic Parliament")
    assert g.prisoners == (
        sdk.Godchild(
            "synthetic-prisoner-1", "Synthetic Prisoner 1", "detained", dt.date(2024, 5, 1)
        ),
    )


def test_parliaments_list(mocked: responses.RequestsMock, client: Client) -> None:
    items = [
        {
            "slug": "synthetic-parliament",
            "name": "Synthetic Parliament",
            "country": "XX",
            "godparents": 3,
        }
    ]
    mocked.get(f"{BASE}/api/v1/parliaments", json={"items": items})
    assert client.parliaments() == [
        sdk.Parliament("synthetic-parliament", "Synthetic Parliament", "XX", 3)
    ]


def test_slugs_are_quoted_into_one_path_segment(
    mocked: responses.RequestsMock, client: Client, data: dict[str, Any]
) -> None:
    detail = {"slug": "x", "name": "Synthetic", "country": "XX", "godparents": [data["godparent"]]}
    mocked.get(f"{BASE}/api/v1/parliaments/a%2F..%2Fb", json=detail)
    p = client.parliament("a/../b")
    assert p.godparents[0].slug == "synthetic-godparent-1"


def test_prisoner_and_widget(
    mocked: responses.RequestsMock, client: Client, data: dict[str, Any]
) -> None:
    mocked.get(f"{BASE}/api/v1/prisoners/synthetic-prisoner-1", json=data["prisoner"])
    mocked.get(
        f"{BASE}/api/v1/widget",
        json=data["widget"],
        match=[matchers.query_param_matcher({"lang": "fr", "parliament": "synthetic-parliament"})],
    )
    p = client.prisoner("synthetic-prisoner-1")
    assert (p.detained_since, p.days_detained, p.released_on) == (dt.date(2021, 3, 2), 1000, None)
    assert p.godparents[0].parliament.slug == "synthetic-parliament"
    w = client.widget(lang="fr", parliament="synthetic-parliament")
    assert w.summary.godparents == 3
    child = w.parliaments[0].godparents[0].prisoners[0]
    assert (child.days_detained, child.detained_since) == (1000, dt.date(2021, 3, 2))


def test_godparents_follow_link_next_lazily_across_three_pages(
    mocked: responses.RequestsMock, client: Client, helpers: Any
) -> None:
    pages = [
        [helpers.godparent(1), helpers.godparent(2)],
        [helpers.godparent(3), helpers.godparent(4)],
        [helpers.godparent(5)],
    ]
    for n, items in enumerate(pages, 1):
        link = f'</api/v1/godparents?per_page=2&parliament=p&page={n + 1}>; rel="next"'
        mocked.get(
            f"{BASE}/api/v1/godparents",
            json=page(items, n, 3),
            headers={"Link": link} if n < 3 else {"Link": '</x?page=1>; rel="first"'},
            match=[
                matchers.query_param_matcher(
                    {"per_page": "2", "parliament": "p", **({"page": str(n)} if n > 1 else {})}
                )
            ],
        )
    it = client.godparents(parliament="p", per_page=2)
    assert len(mocked.calls) == 0  # nothing fetched before iteration
    assert next(it).slug == "synthetic-godparent-1"
    assert len(mocked.calls) == 1
    rest = [g.slug for g in it]
    assert rest == [f"synthetic-godparent-{n}" for n in range(2, 6)]
    assert len(mocked.calls) == 3


def test_pages_are_counted_when_a_proxy_strips_the_link_header(
    mocked: responses.RequestsMock, client: Client, helpers: Any, data: dict[str, Any]
) -> None:
    prisoner = data["prisoner"]
    for n in (1, 2):
        mocked.get(
            f"{BASE}/api/v1/prisoners",
            json=page([prisoner], n, 2, per_page=1, total=2),
            match=[
                matchers.query_param_matcher(
                    {"status": "detained", "per_page": "1", **({"page": "2"} if n == 2 else {})}
                )
            ],
        )
    assert len(list(client.prisoners(status="detained", per_page=1))) == 2


def test_an_empty_list_makes_one_request(mocked: responses.RequestsMock, client: Client) -> None:
    mocked.get(f"{BASE}/api/v1/godparents", json=page([], 1, 0, total=0))
    assert list(client.godparents(q="nobody")) == []
    assert len(mocked.calls) == 1


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ('<http://elsewhere.test/api/v1/godparents?page=2>; rel="next"', "leaves the service"),
        ('</api/v1/godparents>; rel="next"', "pagination links loop"),
    ],
)
def test_bad_next_links_are_refused(
    mocked: responses.RequestsMock, client: Client, helpers: Any, link: str, message: str
) -> None:
    mocked.get(
        f"{BASE}/api/v1/godparents", json=page([helpers.godparent(1)], 1, 2), headers={"Link": link}
    )
    with pytest.raises(InvalidResponseError, match=message):
        list(client.godparents())


def test_links_stay_under_a_base_path_prefix(
    mocked: responses.RequestsMock, make_client: Any, helpers: Any
) -> None:
    base = f"{BASE}/campaign"
    mocked.get(
        f"{base}/api/v1/godparents",
        json=page([helpers.godparent(1)], 1, 2),
        headers={"Link": '</api/v1/godparents?page=2>; rel="next"'},
        match=[matchers.query_param_matcher({})],
    )
    mocked.get(
        f"{base}/api/v1/godparents",
        json=page([helpers.godparent(2)], 2, 2),
        match=[matchers.query_param_matcher({"page": "2"})],
    )
    client = make_client(base_url=base + "/")
    assert [g.slug for g in client.godparents()] == [
        "synthetic-godparent-1",
        "synthetic-godparent-2",
    ]


@pytest.mark.parametrize("url", ["", "sdk.test", "ftp://sdk.test", "http://"])
def test_a_base_url_that_is_not_http_is_refused_at_once(url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        Client(url)


def test_negative_retries_are_refused() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        Client(BASE, max_retries=-1)


def test_the_client_closes_only_its_own_session(monkeypatch: pytest.MonkeyPatch) -> None:
    import requests

    closed: list[requests.Session] = []
    monkeypatch.setattr(requests.Session, "close", lambda self: closed.append(self))
    theirs = requests.Session()
    with Client(BASE, session=theirs) as client:
        assert repr(client) == "Client('http://sdk.test')"
    assert closed == []
    with Client(BASE) as client:
        pass
    assert len(closed) == 1


def test_models_are_frozen_and_slotted() -> None:
    models = [
        sdk.Summary,
        sdk.Parliament,
        sdk.ParliamentRef,
        sdk.ParliamentDetail,
        sdk.Godparent,
        sdk.Godchild,
        sdk.Prisoner,
        sdk.PrisonerGodparent,
        sdk.Widget,
    ]
    for model in models:
        assert dataclasses.is_dataclass(model)
        assert "__slots__" in vars(model), model
        assert model.__dataclass_params__.frozen, model  # type: ignore[attr-defined]
    s = sdk.Summary(1, 1, 1, None, "x", "en")
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.godparents = 2  # type: ignore[misc]
