"""A process killed with SIGKILL in the middle of an import leaves all-old data; the same
import run to the end leaves all-new data."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from flask import Flask

from westandbyyou.service import db
from westandbyyou.service.exports import export_json
from westandbyyou.service.models import CampaignState

BUNDLED = Path(__file__).parents[2] / "service" / "data" / "campaign.json"


def big_document(n: int) -> bytes:
    """The bundled data plus `n` synthetic politicians, each with a godparenthood."""
    doc = json.loads(BUNDLED.read_text("utf-8"))
    for i in range(n):
        slug = f"synthetic-politician-{i:05d}"
        doc["politicians"].append(
            {"slug": slug, "name": f"Synthetic Politician {i}", "parliament": "bundestag"}
        )
        doc["godparenthoods"].append({"politician": slug, "prisoner": "ala-zuyeva"})
    doc["prisoners"][0]["name"] = "Renamed by the synthetic import"
    return json.dumps(doc).encode()


def state(app: Flask) -> tuple[bytes, int]:
    with app.app_context():
        s = db.session()
        row = s.get(CampaignState, 1)
        return export_json(s), row.revision if row else 0


def run_import(app: Flask, path: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    flask = str(Path(sys.executable).parent / "flask")
    env = {
        **os.environ,
        **env,
        "DATABASE_URL": app.config["DATABASE_URL"],
        "WSBY_INSTANCE_PATH": app.instance_path,
    }
    if app.config.get("CACHE_REDIS_URL"):
        env["CACHE_REDIS_URL"] = app.config["CACHE_REDIS_URL"]
    with log.open("wb") as out:  # a file, not a pipe: a killed child leaves nothing open
        return subprocess.Popen(
            [flask, "--app", "westandbyyou.service.wsgi:app", "import", str(path)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def test_sigkill_mid_import_leaves_all_old_then_a_full_run_all_new(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(big_document(3000))
    old_export, old_revision = state(app)

    marker = tmp_path / "paused"
    log = tmp_path / "import.log"
    proc = run_import(app, path, {"WSBY_TEST_PAUSE_BEFORE_COMMIT": str(marker)}, log)
    try:
        deadline = time.monotonic() + 90
        while not marker.exists():  # every row written, the commit not yet made
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the import never reached its commit"
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    db.engine(app).dispose()  # reopen, as a restarted service would
    assert state(app) == (old_export, old_revision)

    proc = run_import(app, path, {}, log)
    assert proc.wait(timeout=120) == 0, log.read_text()
    assert "imported: 6000 create, 1 update, 0 delete" in log.read_text()
    db.engine(app).dispose()
    new_export, new_revision = state(app)
    doc = json.loads(new_export)
    assert len(doc["politicians"]) == 82 + 3000
    assert len(doc["godparenthoods"]) == 86 + 3000
    assert doc["prisoners"][0]["name"] == "Renamed by the synthetic import"
    assert new_revision == old_revision + 1  # one import, one commit
