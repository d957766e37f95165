"""Fixtures for the SDK's unit tests: a mocked HTTP layer (`responses`), a client whose
`sleep` only records, and SYNTHETIC documents.

Every name below is made up ("Synthetic ...", `synthetic-*` slugs, host `sdk.test`); the
shapes follow `service/schemas.py`. The live suite (tests/e2e) checks the real data.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import responses

from westandbyyou.sdk import Client

BASE = "http://sdk.test"

SUMMARY: dict[str, Any] = {
    "godparents": 3,
    "prisoners": 2,
    "parliaments": 2,
    "updated": "2026-01-31",
    "headline": "3 politicians have taken over a godparenthood so far",
    "lang": "en",
}

GODPARENT: dict[str, Any] = {
    "slug": "synthetic-godparent-1",
    "name": "Synthetic Godparent 1",
    "party": "Synthetic Party",
    "parliament": {"slug": "synthetic-parliament", "name": "Synthetic Parliament"},
    "prisoners": [
        {
            "slug": "synthetic-prisoner-1",
            "name": "Synthetic Prisoner 1",
            "status": "detained",
            "since": "2024-05-01",
        }
    ],
}

PRISONER: dict[str, Any] = {
    "slug": "synthetic-prisoner-1",
    "name": "Synthetic Prisoner 1",
    "name_original": None,
    "status": "detained",
    "detained_since": "2021-03-02",
    "released_on": None,
    "days_detained": 1000,
    "profile_url": None,
    "godparents": [
        {
            "slug": "synthetic-godparent-1",
            "name": "Synthetic Godparent 1",
            "party": None,
            "parliament": {"slug": "synthetic-parliament", "name": "Synthetic Parliament"},
            "since": None,
        }
    ],
}

WIDGET: dict[str, Any] = {
    "summary": SUMMARY,
    "parliaments": [
        {
            "slug": "synthetic-parliament",
            "name": "Synthetic Parliament",
            "country": "XX",
            "godparents": [
                {
                    **GODPARENT,
                    "prisoners": [
                        {
                            **GODPARENT["prisoners"][0],
                            "detained_since": "2021-03-02",
                            "released_on": None,
                            "days_detained": 1000,
                        }
                    ],
                }
            ],
        }
    ],
}


def godparent_doc(n: int) -> dict[str, Any]:
    """Synthetic godparent number `n`."""
    doc = copy.deepcopy(GODPARENT)
    doc["slug"], doc["name"] = f"synthetic-godparent-{n}", f"Synthetic Godparent {n}"
    return doc


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    """Every request goes to `responses`; an unregistered URL is a connection error."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def sleeps() -> list[float]:
    """The delays the client asked to sleep, in order (nothing actually waits)."""
    return []


@pytest.fixture
def make_client(sleeps: list[float]) -> Callable[..., Client]:
    """A client factory whose sleep records and whose backoff is 0.1 s × retry number."""

    def make(**kw: Any) -> Client:
        kw.setdefault("sleep", sleeps.append)
        kw.setdefault("backoff", lambda n: 0.1 * n)
        return Client(kw.pop("base_url", BASE), **kw)

    return make


@pytest.fixture
def client(make_client: Callable[..., Client]) -> Client:
    return make_client(max_retries=3)


def sequence(*answers: Any) -> Callable[[Any], Any]:
    """A `responses` callback answering with each of `answers` in turn (the last repeats):
    an exception instance is raised, a tuple is `(status, headers, body)`."""
    calls = iter(answers)
    last: list[Any] = []

    def callback(request: Any) -> Any:
        answer = next(calls, None)
        if answer is None:
            answer = last[0]
        last[:] = [answer]
        if isinstance(answer, BaseException):
            raise answer
        return answer

    return callback


@pytest.fixture
def data() -> dict[str, Any]:
    """Deep copies of the synthetic documents, safe to mutate in a test."""
    return copy.deepcopy(
        {"summary": SUMMARY, "godparent": GODPARENT, "prisoner": PRISONER, "widget": WIDGET}
    )


@pytest.fixture
def helpers() -> Any:
    """Module-level helpers, reachable from test modules under --import-mode=importlib."""

    class H:
        base = BASE
        seq = staticmethod(sequence)
        godparent = staticmethod(godparent_doc)

    return H
