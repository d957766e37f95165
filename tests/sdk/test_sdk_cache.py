"""Conditional requests: ETag revalidation, the 304 path, serve-stale-on-error, pluggable
caches (SYNTHETIC data)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import requests
import responses

from westandbyyou.sdk import (
    Cache,
    CacheEntry,
    Client,
    MemoryCache,
    NotFoundError,
    ServerError,
    TransportError,
)

BASE = "http://sdk.test"
URL = f"{BASE}/api/v1/summary"


def ok(doc: Any, etag: str = '"v1"', **headers: str) -> tuple[int, dict[str, str], str]:
    return (200, {"ETag": etag, "Content-Type": "application/json", **headers}, json.dumps(doc))


NOT_MODIFIED = (304, {"ETag": '"v1"'}, "")


def test_revalidates_with_if_none_match_and_uses_the_cached_document_on_304(
    mocked: responses.RequestsMock, client: Client, helpers: Any, data: dict[str, Any]
) -> None:
    mocked.add_callback("GET", URL, callback=helpers.seq(ok(data["summary"]), NOT_MODIFIED))
    first = client.summary()
    assert "If-None-Match" not in mocked.calls[0].request.headers
    assert client.last_response is not None and not client.last_response.from_cache
    second = client.summary()
    assert mocked.calls[1].request.headers["If-None-Match"] == '"v1"'
    assert second == first
    info = client.last_response
    assert info is not None
    assert (info.status, info.from_cache, info.stale) == (304, True, False)


def test_a_changed_document_replaces_the_cached_one(
    mocked: responses.RequestsMock, client: Client, helpers: Any, data: dict[str, Any]
) -> None:
    newer = {**data["summary"], "godparents": 4}
    mocked.add_callback(
        "GET",
        URL,
        callback=helpers.seq(ok(data["summary"]), ok(newer, '"v2"'), (304, {}, "")),
    )
    assert client.summary().godparents == 3
    assert client.summary().godparents == 4
    assert client.summary().godparents == 4
    assert mocked.calls[2].request.headers["If-None-Match"] == '"v2"'


def test_the_cache_is_keyed_by_url(
    mocked: responses.RequestsMock, client: Client, data: dict[str, Any]
) -> None:
    mocked.get(URL, json=data["summary"], headers={"ETag": '"en"'})
    client.summary(lang="en")
    client.summary(lang="de")
    assert "If-None-Match" not in mocked.calls[1].request.headers
    client.summary(lang="en")
    assert mocked.calls[2].request.headers["If-None-Match"] == '"en"'


def test_without_a_cache_nothing_is_revalidated(
    mocked: responses.RequestsMock, make_client: Any, data: dict[str, Any]
) -> None:
    mocked.get(URL, json=data["summary"], headers={"ETag": '"v1"'})
    client = make_client(cache=False)
    client.summary()
    client.summary()
    assert "If-None-Match" not in mocked.calls[1].request.headers
    assert client.cache is None


def test_pages_revalidated_with_304_keep_following_links(
    mocked: responses.RequestsMock, client: Client, helpers: Any
) -> None:
    first = {"items": [helpers.godparent(1)], "page": 1, "per_page": 1, "total": 2, "pages": 2}
    second = {**first, "items": [helpers.godparent(2)], "page": 2}
    link = '</api/v1/godparents?per_page=1&page=2>; rel="next"'
    mocked.add_callback(
        "GET",
        f"{BASE}/api/v1/godparents",
        callback=helpers.seq(ok(first, Link=link), ok(second, '"p2"'), NOT_MODIFIED, (304, {}, "")),
    )
    assert len(list(client.godparents(per_page=1))) == 2
    assert [g.slug for g in client.godparents(per_page=1)] == [
        "synthetic-godparent-1",
        "synthetic-godparent-2",
    ]
    assert len(mocked.calls) == 4


@pytest.mark.parametrize(
    "failure",
    [(503, {}, "unavailable"), requests.ConnectionError("[Errno 111] Connection refused")],
)
def test_stale_on_error_serves_the_cached_copy_with_its_age(
    mocked: responses.RequestsMock,
    make_client: Any,
    helpers: Any,
    data: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    failure: Any,
) -> None:
    cache = MemoryCache()
    cache.set(URL, CacheEntry('"v1"', data["summary"], None, time.time() - 120))
    mocked.add_callback("GET", URL, callback=helpers.seq(failure))
    client = make_client(cache=cache, stale_if_error=True, max_retries=1)
    assert client.summary().godparents == 3
    assert len(mocked.calls) == 2  # retried first, then fell back
    info = client.last_response
    assert info is not None
    assert (info.from_cache, info.stale, info.status) == (True, True, None)
    assert 119 < info.age < 130
    assert isinstance(info.error, ServerError | TransportError)
    assert "serving http://sdk.test/api/v1/summary from cache, 120 s old" in caplog.text


def test_stale_is_never_served_for_a_definite_answer(
    mocked: responses.RequestsMock, make_client: Any, data: dict[str, Any]
) -> None:
    cache = MemoryCache()
    cache.set(URL, CacheEntry('"v1"', data["summary"], None, time.time()))
    mocked.get(URL, json={"title": "Not Found", "status": 404}, status=404)
    with pytest.raises(NotFoundError):
        make_client(cache=cache, stale_if_error=True).summary()


def test_without_stale_if_error_failures_raise_even_with_a_cached_copy(
    mocked: responses.RequestsMock, make_client: Any, data: dict[str, Any]
) -> None:
    cache = MemoryCache()
    cache.set(URL, CacheEntry('"v1"', data["summary"], None, time.time()))
    mocked.get(URL, status=503)
    with pytest.raises(ServerError):
        make_client(cache=cache, max_retries=0).summary()


def test_any_object_with_get_and_set_is_a_cache(
    mocked: responses.RequestsMock, make_client: Any, helpers: Any, data: dict[str, Any]
) -> None:
    class DictCache:
        def __init__(self) -> None:
            self.store: dict[str, CacheEntry] = {}

        def get(self, key: str) -> CacheEntry | None:
            return self.store.get(key)

        def set(self, key: str, entry: CacheEntry) -> None:
            self.store[key] = entry

    mine = DictCache()
    assert isinstance(mine, Cache)
    mocked.add_callback("GET", URL, callback=helpers.seq(ok(data["summary"]), NOT_MODIFIED))
    client = make_client(cache=mine)
    client.summary()
    assert list(mine.store) == [URL]
    assert client.summary().godparents == 3


def test_memory_cache_evicts_the_least_recently_used() -> None:
    cache = MemoryCache(max_entries=2)
    for key in "abc":
        cache.set(key, CacheEntry('"x"', key, None, 0.0))
        if key == "b":
            assert cache.get("a") is not None  # touch a: b is now the oldest
    assert (cache.get("a") is not None, cache.get("b"), cache.get("c") is not None) == (
        True,
        None,
        True,
    )
    assert len(cache) == 2
    cache.clear()
    assert len(cache) == 0
    with pytest.raises(ValueError, match="at least 1"):
        MemoryCache(0)


def test_entry_age() -> None:
    entry = CacheEntry('"x"', {}, None, stored_at=100.0)
    assert entry.age(now=130.0) == 30.0
    assert entry.age(now=50.0) == 0.0
