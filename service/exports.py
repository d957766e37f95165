"""Exports that round-trip: the dataset document as JSON, and one CSV row per godparenthood.

CSV cells that a spreadsheet would run as a formula (starting with = + - @ tab or CR) get a
leading apostrophe, the convention spreadsheets themselves use for "this is text"; a cell that
already starts with an apostrophe before one of those characters (or another apostrophe) gets
one too, so `unescape_cell` can undo exactly what `escape_cell` did and import gives back the
value that was exported.
"""

from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from . import dataset
from .models import Godparenthood, Politician

CSV_COLUMNS = ("politician", "party", "parliament", "country", "prisoner", "since", "source_url")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_QUOTED = (*_FORMULA, "'")


def escape_cell(value: str) -> str:
    """The cell as written to CSV: inert in any spreadsheet."""
    if value.startswith(_FORMULA) or (value.startswith("'") and value[1:2].startswith(_QUOTED)):
        return "'" + value
    return value


def unescape_cell(cell: str) -> str:
    """The value `escape_cell` was given."""
    if cell.startswith("'") and cell[1:2] and cell[1:2].startswith(_QUOTED):
        return cell[1:]
    return cell


def export_json(s: Session) -> bytes:
    """The whole database as the `westandbyyou/1` document."""
    return dataset.dumps(dataset.export(s))


def export_csv(s: Session) -> bytes:
    """Every godparenthood as a spreadsheet row, UTF-8 with a byte-order mark (which Excel
    needs to read accents and Cyrillic right), in the order the campaign lists them."""
    links = s.scalars(
        select(Godparenthood).options(
            selectinload(Godparenthood.politician).selectinload(Politician.parliament),
            selectinload(Godparenthood.prisoner),
        )
    )
    rows = []
    for g in links:
        pol, parl = g.politician, g.politician.parliament
        rows.append(
            (
                (parl.position, parl.slug, pol.name, pol.slug, g.prisoner.name, g.prisoner.slug),
                [
                    pol.name,
                    pol.party or "",
                    parl.names["en"],
                    pol.country or parl.country,
                    g.prisoner.name,
                    g.since.isoformat() if g.since else "",
                    g.source_url or "",
                ],
            )
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for _, cells in sorted(rows, key=lambda r: r[0]):
        writer.writerow([escape_cell(c) for c in cells])
    return ("\ufeff" + out.getvalue()).encode()
