"""Synthetic campaign datasets for benchmarks and tests: never real people, never mixed in.

Every record is plainly fake ("Synthetic Godparent 00042", parliaments in the ISO 3166
user-assigned country range XA-XZ) and every document carries `"synthetic": true`, which
`dataset.apply` ignores, so a synthetic file can never pass for campaign data. The output is
deterministic for a given size, so two benchmark runs load the same bytes.

    .venv/bin/python -m bench.synthetic 10000 > /tmp/synthetic-10k.json
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from typing import Any

from westandbyyou.service.dataset import FORMAT

PARLIAMENTS = 20
LANGS = ("en", "de", "fr", "nl", "it", "be", "ru")


def parliament_slug(i: int) -> str:
    """The slug of synthetic parliament `i` (0-based)."""
    return f"synthetic-parliament-{i:02d}"


def godparent_slug(i: int) -> str:
    """The slug of synthetic godparent `i` (0-based)."""
    return f"synthetic-godparent-{i:06d}"


def prisoner_slug(i: int) -> str:
    """The slug of synthetic prisoner `i` (0-based)."""
    return f"synthetic-prisoner-{i:06d}"


def _parliaments() -> list[dict[str, Any]]:
    return [
        {
            "slug": parliament_slug(i),
            # XA..XT: user-assigned ISO 3166 codes, which no real country holds.
            "country": "X" + chr(ord("A") + i),
            "position": i + 1,
            "names": {lang: f"Synthetic Parliament {i:02d} ({lang})" for lang in LANGS},
            "synthetic": True,
        }
        for i in range(PARLIAMENTS)
    ]


def generate(godparents: int, seed: int = 42) -> dict[str, Any]:
    """A `westandbyyou/1` document with `godparents` politicians, about half as many
    prisoners, one godparenthood each and a second one for every fifth politician."""
    rng = random.Random(seed)
    prisoners = max(godparents // 2, 1)
    start = dt.date(2021, 1, 1)
    doc: dict[str, Any] = {
        "format": FORMAT,
        "synthetic": True,
        "parliaments": _parliaments(),
        "politicians": [
            {
                "slug": godparent_slug(i),
                "name": f"Synthetic Godparent {i:05d}",
                "party": f"Synthetic Party {i % 7}",
                "parliament": parliament_slug(i % PARLIAMENTS),
                "country": None,
                "role": None,
                "url": None,
            }
            for i in range(godparents)
        ],
        "prisoners": [
            {
                "slug": prisoner_slug(i),
                "name": f"Synthetic Prisoner {i:05d}",
                "name_original": None,
                "status": "released" if i % 10 == 0 else "detained",
                "detained_since": (start + dt.timedelta(days=i % 900)).isoformat(),
                "released_on": (start + dt.timedelta(days=1000)).isoformat()
                if i % 10 == 0
                else None,
                "profile_url": None,
            }
            for i in range(prisoners)
        ],
        "godparenthoods": [],
    }
    links = doc["godparenthoods"]
    for i in range(godparents):
        chosen = {i % prisoners}
        if i % 5 == 0:
            chosen.add(rng.randrange(prisoners))
        for p in sorted(chosen):
            since = start + dt.timedelta(days=rng.randrange(1200))
            links.append(
                {
                    "politician": godparent_slug(i),
                    "prisoner": prisoner_slug(p),
                    "since": since.isoformat(),
                    "ended_on": None,
                    "end_reason": None,
                    "source_url": None,
                }
            )
    return doc


def delta(step: int, base_godparents: int) -> dict[str, Any]:
    """A small changing document for write loops: renames one existing synthetic godparent
    and adds one new synthetic godparent with one godparenthood (so the counter moves)."""
    doc = generate(0)
    doc["prisoners"] = []
    target = step % max(base_godparents, 1)
    new = base_godparents + step
    doc["politicians"] = [
        {
            "slug": godparent_slug(target),
            "name": f"Synthetic Godparent {target:05d} (edit {step})",
            "party": f"Synthetic Party {step % 7}",
            "parliament": parliament_slug(target % PARLIAMENTS),
        },
        {
            "slug": godparent_slug(new),
            "name": f"Synthetic Godparent {new:05d}",
            "party": "Synthetic Party 0",
            "parliament": parliament_slug(new % PARLIAMENTS),
        },
    ]
    doc["godparenthoods"] = [
        {"politician": godparent_slug(new), "prisoner": prisoner_slug(0), "since": "2024-01-01"}
    ]
    return doc


def main(argv: list[str]) -> None:
    """Print a synthetic document of the size given as the first argument (default 1000)."""
    size = int(argv[1]) if len(argv) > 1 else 1000
    json.dump(generate(size), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv)
