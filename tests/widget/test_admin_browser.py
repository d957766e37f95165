"""A real browser walks the admin page end to end, with the keyboard where staff would.

Debian Chromium driven by Playwright, against the production server (granian) over a
temporary instance with the bundled data; what the forms change is read back from the
public API, as a visitor's widget would.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import LiveServer, flask_cli

TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def staff_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    """A server over its own instance (it gets written to) and a staff token for it."""
    env = {"WSBY_INSTANCE_PATH": str(tmp_path_factory.mktemp("admin-instance"))}
    flask_cli(env, "init-db")
    token = flask_cli(env, "create-token", "Browser Staff").strip()
    server = LiveServer(env)
    yield server, token
    server.stop()


@pytest.fixture
def page_factory(browser: Any) -> Any:
    # The session's Chromium (tests/widget/conftest.py): Playwright's sync API cannot start a
    # second instance while that one runs.
    return browser


def summary(url: str) -> dict[str, Any]:
    data: dict[str, Any] = requests.get(f"{url}/api/v1/summary", timeout=10).json()
    return data


def test_staff_walk_the_admin_page(staff_server: tuple[LiveServer, str], page_factory: Any) -> None:
    server, token = staff_server
    context = page_factory.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    count = summary(server.url)["godparents"]

    # Logged out, /admin sends us to the login form; a wrong token is refused.
    page.goto(f"{server.url}/admin")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("Your access token").fill("wsby_wrong-token")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("not valid")

    # Log in with the keyboard alone.
    page.get_by_label("Your access token").fill(token)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Campaign data")).to_be_visible()
    cookie = next(c for c in context.cookies() if c["name"] == "wsby_admin")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/admin"

    # Add a godparenthood with a new politician and a new prisoner (synthetic names).
    page.get_by_label("Name", exact=True).fill("Synthetic Browser Politician")
    page.get_by_label("Party", exact=True).fill("Synthetic Party")
    page.get_by_label("Parliament", exact=True).select_option(label="German Bundestag")
    page.get_by_label("Or the name of a new prisoner (Latin letters)").fill(
        "Synthetic Browser Prisoner"
    )
    page.get_by_label("Since (the day it was announced)").fill("2026-04-01")
    page.get_by_label("Source link (where it was announced)").focus()
    page.keyboard.type("https://example.org/synthetic")
    page.keyboard.press("Tab")  # to the submit button, then press it
    expect(page.get_by_role("button", name="Add the godparenthood")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(
        "Added: Synthetic Browser Politician stands by Synthetic Browser Prisoner."
    )
    assert summary(server.url)["godparents"] == count + 1

    # Mark the prisoner released.
    page.get_by_label("Prisoner", exact=True).select_option(label="Synthetic Browser Prisoner")
    page.get_by_label("Released on").fill("2026-04-02")
    page.get_by_role("button", name="Mark released").click()
    expect(page.get_by_role("status")).to_contain_text("marked released on 2026-04-02")
    prisoner = requests.get(
        f"{server.url}/api/v1/prisoners/synthetic-browser-prisoner", timeout=10
    ).json()
    assert (prisoner["status"], prisoner["released_on"]) == ("released", "2026-04-02")
    assert summary(server.url)["godparents"] == count + 1  # still counted

    # Fix a name; an empty one is refused with the reason, next to the form.
    page.get_by_label("Person").select_option(label="Synthetic Browser Politician")
    page.get_by_label("Correct name").fill("Synthetic Browser Politician (fixed)")
    page.get_by_role("button", name="Save the name").click()
    expect(page.get_by_role("status")).to_contain_text("Renamed Synthetic Browser Politician to")
    godparent = requests.get(
        f"{server.url}/api/v1/godparents/synthetic-browser-politician", timeout=10
    ).json()
    assert godparent["name"] == "Synthetic Browser Politician (fixed)"

    # Read the audit trail: who did what.
    page.get_by_role("link", name="Audit trail", exact=True).click()
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    table = page.get_by_role("table")
    expect(table).to_contain_text("Browser Staff")
    expect(table).to_contain_text("update prisoner")
    expect(table).to_contain_text("Synthetic Browser Politician (fixed)")
    page.screenshot(path=str(Path(os.environ.get("TMPDIR", "/tmp")) / "wsby-admin-audit.png"))

    # Log out: the page is closed again.
    page.get_by_role("button", name="Log out (Browser Staff)").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.goto(f"{server.url}/admin/audit")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    assert errors == []  # no CSP violation, no script error
    context.close()
