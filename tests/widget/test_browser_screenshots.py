"""Every view in both themes, photographed: the pictures must show text, not a blank box."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import LiveServer
from tests.widget.conftest import HostServer
from tests.widget.screenshots import SHOTS, distinct_colours, take


def test_screenshots_of_each_view_are_not_blank(
    browser: Any, host: HostServer, live_server: LiveServer, tmp_path: Path
) -> None:
    paths = take(browser, host, live_server.url, tmp_path)
    assert len(paths) == len(SHOTS)
    for path in paths:
        png = path.read_bytes()
        assert png.startswith(b"\x89PNG")
        # Anti-aliased text in two or three colours on a plain background gives dozens of
        # shades; an empty or one-colour box gives one or two.
        assert distinct_colours(browser, png) > 20, path.name
