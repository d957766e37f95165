"""The SDK as a package: installable with `requests` alone, one public surface, typed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from importlib import resources
from pathlib import Path

import pytest

import westandbyyou.sdk as sdk

ROOT = Path(__file__).resolve().parents[2]
SERVICE_ONLY = [
    "flask",
    "werkzeug",
    "jinja2",
    "marshmallow",
    "sqlalchemy",
    "alembic",
    "babel",
    "flask_caching",
    "apispec",
    "granian",
    "redis",
    "psycopg",
]


def python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_importing_the_sdk_pulls_in_none_of_the_service_dependencies() -> None:
    result = python(f"""
        import json, sys
        import westandbyyou.sdk
        names = {SERVICE_ONLY!r} + ["westandbyyou.service", "westandbyyou.widget"]
        print(json.dumps(sorted(n for n in names if n in sys.modules)))
    """)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_the_sdk_renders_html_where_only_requests_is_installed() -> None:
    """Blocks every service dependency (as if absent), then renders a SYNTHETIC document."""
    widget = {
        "summary": {
            "godparents": 3,
            "prisoners": 2,
            "parliaments": 1,
            "updated": "2026-01-31",
            "headline": "3 politicians have taken over a godparenthood so far",
            "lang": "en",
        },
        "parliaments": [],
    }
    result = python(f"""
        import sys
        for name in {SERVICE_ONLY!r}:
            sys.modules[name] = None  # makes `import name` raise ImportError
        import responses
        from westandbyyou.sdk import Client
        with responses.RequestsMock() as mocked:
            mocked.get("http://sdk.test/api/v1/widget", json={widget!r})
            print(Client("http://sdk.test").render_counter())
    """)
    assert result.returncode == 0, result.stderr
    text = re.sub(r"<[^>]+>", "", result.stdout)
    assert "3 politicians have taken over a godparenthood so far" in text
    assert result.stdout.lstrip().startswith("<")


def test_the_public_surface_is_all_and_only_all() -> None:
    public = {n for n in dir(sdk) if not n.startswith("_")} - {"cli"}
    assert set(sdk.__all__) - {"__version__"} == public
    for name in sdk.__all__:
        assert getattr(sdk, name) is not None


def test_py_typed_ships_with_the_package() -> None:
    assert resources.files("westandbyyou.sdk").joinpath("py.typed").is_file()
    assert '"westandbyyou.sdk" = ["py.typed"]' in (ROOT / "pyproject.toml").read_text()


@pytest.mark.timeout(300)
def test_mypy_strict_is_clean_on_the_sdk_and_the_renderer_it_calls(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """mypy cannot see through setuptools' editable-install import hook, so the package is
    laid out for it under its installed name with symlinks."""
    pkg = tmp_path / "westandbyyou"
    pkg.mkdir()
    for name in ("sdk", "widget", "service"):  # the widget's Flask side imports the service
        (pkg / name).symlink_to(ROOT / name)
    store = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider
    cache = store.mkdir("sdk-mypy") if store else tmp_path / "mypy-cache"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(cache),
            "--no-error-summary",
            "-p",
            "westandbyyou.sdk",
        ],
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
        env={**os.environ, "MYPYPATH": str(tmp_path)},
        cwd=tmp_path,
    )
    lines = result.stdout.replace(f"{tmp_path}{os.sep}", "").splitlines()
    errors = [line for line in lines if ": error:" in line]
    # Ours and the renderer we call must be clean. widget/i18n.py (not the SDK's) has a
    # known strict-mode complaint about its optional Babel import, reported to its owner.
    ours = [e for e in errors if e.startswith(("westandbyyou/sdk/", "westandbyyou/widget/render"))]
    assert ours == [], result.stdout
    assert result.returncode in (0, 1), result.stderr
