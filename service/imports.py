"""Bulk import, all or nothing: the JSON document (`westandbyyou/1`) or a spreadsheet CSV.

Every row goes through the same validation and `writes.put` as a single admin write, inside
one transaction that holds the write lock. Any row error rolls everything back and the
report lists each error with its row; a dry run rolls back after computing the changes, so
it lists exactly what a real import would do. Rows already equal to the database change
nothing, so a re-import neither writes nor moves `updated`.

CSV columns (header names, any order, case-insensitive; other columns are ignored):
politician, party, parliament, country, prisoner, since, source_url. See docs/staff.md for
how names map to records.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from . import dataset, db
from .exports import CSV_COLUMNS, unescape_cell
from .writes import Actor, Change, Index, WriteError, lock_for_writing, put, slugify, validate_row
from .writes import delete as delete_record

Rows = list[tuple[str, str, Any]]  # (where, kind, raw row)


@dataclass
class Report:
    """What an import did (or would do), or why it did nothing."""

    dry_run: bool
    changes: list[Change] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def applied(self) -> bool:
        return not self.dry_run and not self.errors

    def counts(self) -> dict[str, int]:
        out = {"create": 0, "update": 0, "delete": 0}
        for c in self.changes:
            out[c.action] += 1
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "applied": self.applied,
            "dry_run": self.dry_run,
            "counts": self.counts(),
            "changes": [c.as_dict() for c in self.changes],
            "errors": self.errors,
        }


class _Abort(Exception):
    """Raised inside the transaction to roll it back (errors, or a dry run)."""


class FormatError(ValueError):
    """The file as a whole cannot be read (not JSON, not UTF-8, missing CSV columns)."""


def run(
    data: bytes, fmt: str, actor: Actor, *, dry_run: bool = False, replace: bool = False
) -> Report:
    """Import `data` ("json" or "csv") in one transaction. With `replace` (JSON only), records
    the document does not hold are deleted, so the database becomes exactly the document."""
    report = Report(dry_run=dry_run)
    try:
        with db.transaction() as s:
            lock_for_writing(s)
            idx = Index.load(s)
            if fmt == "json":
                rows = parse_json(data, report.errors)
            elif fmt == "csv":
                rows = parse_csv(s, idx, data, report.errors)
            else:
                raise FormatError(f"Unknown format '{fmt}'; use json or csv.")
            _apply(s, idx, actor, rows, report, replace=replace and fmt == "json")
            if report.errors or dry_run:
                raise _Abort
            _pause_for_tests()
    except _Abort:
        pass
    return report


def _apply(s: Session, idx: Index, actor: Actor, rows: Rows, report: Report, replace: bool) -> None:
    seen: dict[tuple[str, str], str] = {}
    for where, kind, raw in rows:
        try:
            row = validate_row(kind, raw)
            key = dataset.row_key(kind, row)
            if (kind, key) in seen:
                raise WriteError({"_": [f"Same record as {seen[kind, key]}."]})
            seen[kind, key] = where
            change = put(s, idx, actor, kind, row)
        except WriteError as exc:
            report.errors.setdefault(where, []).extend(
                f"{k}: {m}" if k not in ("_", "_schema") else m
                for k, ms in exc.errors.items()
                for m in ms
            )
            continue
        if change is not None:
            report.changes.append(change)
    if replace and not report.errors:
        for kind in reversed(dataset.KINDS):
            for key in [k for k in idx.records[kind] if (kind, k) not in seen]:
                if key in idx.records[kind]:  # a cascade may have taken it already
                    report.changes += delete_record(s, idx, actor, kind, key)
    s.flush()


def _pause_for_tests() -> None:
    # The crash test kills the process here, after every row is written and before the
    # commit; the env var is only ever set by tests/service/test_import_crash.py.
    marker = os.environ.get("WSBY_TEST_PAUSE_BEFORE_COMMIT")
    if marker:
        with open(marker, "w") as f:
            f.write("paused\n")
        time.sleep(60)


# ---- JSON --------------------------------------------------------------------------------


def parse_json(data: bytes, errors: dict[str, list[str]]) -> Rows:
    """The rows of a `westandbyyou/1` document, each named like `politicians[3]` (from 0)."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise FormatError("The file is not UTF-8 text.") from exc
    except json.JSONDecodeError as exc:
        raise FormatError(f"Not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}).") from exc
    if not isinstance(doc, dict) or doc.get("format") != dataset.FORMAT:
        raise FormatError(f"Not a dataset document: 'format' must be '{dataset.FORMAT}'.")
    rows: Rows = []
    for kind in dataset.KINDS:
        items = doc.get(kind, [])
        if not isinstance(items, list):
            errors[kind] = ["Must be a list."]
            continue
        rows += [(f"{kind}[{i}]", kind, item) for i, item in enumerate(items)]
    return rows


# ---- CSV ---------------------------------------------------------------------------------


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


class _CsvMapper:
    """Turns spreadsheet rows (names) into document rows (slugs), matching existing records."""

    def __init__(self, s: Session, idx: Index) -> None:
        self.idx = idx
        self.parliaments: dict[str, str] = {}
        for p in idx.records["parliaments"].values():
            self.parliaments[p.slug] = p.slug
            for name in p.names.values():
                self.parliaments.setdefault(_norm(name), p.slug)
        self.bundled = {}
        for row in dataset.bundled()["parliaments"]:
            self.bundled[row["slug"]] = row
            for name in row["names"].values():
                self.bundled.setdefault(_norm(name), row)
        self.politicians = self._by_name("politicians")
        self.prisoners = self._by_name("prisoners")
        self.taken = {k: set(idx.records[k]) for k in ("parliaments", "politicians", "prisoners")}
        positions = [p.position for p in idx.records["parliaments"].values()]
        self.position = max(positions, default=0)
        self.out: dict[str, dict[str, tuple[str, dict[str, Any]]]] = {k: {} for k in dataset.KINDS}

    def _by_name(self, kind: str) -> dict[str, list[str]]:
        names: dict[str, list[str]] = {}
        for obj in self.idx.records[kind].values():
            names.setdefault(_norm(obj.name), []).append(obj.slug)
        return names

    def _slug(self, kind: str, name: str) -> str:
        base, n = slugify(name), 2
        slug = base
        while slug in self.taken[kind]:
            slug, n = f"{base}-{n}", n + 1
        self.taken[kind].add(slug)
        return slug

    def parliament(self, where: str, value: str, country: str) -> str:
        slug = self.parliaments.get(value) or self.parliaments.get(_norm(value))
        if slug:
            return slug
        known = self.bundled.get(value) or self.bundled.get(_norm(value))
        if known is not None and known["slug"] not in self.taken["parliaments"]:
            row = dict(known)
            self.position = max(self.position, row["position"])
        else:
            if not country:
                raise WriteError({"country": ["Needed to create the new parliament."]})
            self.position += 1
            row = {
                "slug": self._slug("parliaments", value),
                "country": country,
                "position": self.position,
                "names": {"en": value},
            }
        self.taken["parliaments"].add(row["slug"])
        self.parliaments[row["slug"]] = self.parliaments[_norm(value)] = row["slug"]
        self.out["parliaments"][row["slug"]] = (where, row)
        return str(row["slug"])

    def _one(self, kind: str, names: dict[str, list[str]], name: str) -> str | None:
        slugs = names.get(_norm(name), [])
        if len(slugs) > 1:
            raise WriteError(
                {kind[:-1]: [f"'{name}' matches several records ({', '.join(sorted(slugs))})."]}
            )
        return slugs[0] if slugs else None

    def row(self, where: str, cells: dict[str, str]) -> None:
        name, prisoner_name = cells["politician"], cells["prisoner"]
        errors = {
            c: ["Required."] for c in ("politician", "parliament", "prisoner") if not cells[c]
        }
        if errors:
            raise WriteError(errors)
        parliament = self.parliament(where, cells["parliament"], cells["country"])
        parl_country = self._parliament_country(parliament)

        slug = self._one("politicians", self.politicians, name)
        if slug is None:
            slug = self._slug("politicians", name)
            self.politicians[_norm(name)] = [slug]
            pol: dict[str, Any] = {"slug": slug, "name": name, "country": cells["country"] or None}
            pol.update(role=None, url=None)
        else:
            pol = self._current("politicians", slug)
            # Exported rows show the parliament's country where the politician has none.
            if cells["country"] and not (
                pol["country"] is None and cells["country"] == parl_country
            ):
                pol["country"] = cells["country"]
        pol.update(party=cells["party"] or None, parliament=parliament)
        self._emit("politicians", slug, where, pol)

        pslug = self._one("prisoners", self.prisoners, prisoner_name)
        if pslug is None:
            pslug = self._slug("prisoners", prisoner_name)
            self.prisoners[_norm(prisoner_name)] = [pslug]
            self._emit("prisoners", pslug, where, {"slug": pslug, "name": prisoner_name})

        key = f"{slug}/{pslug}"
        link = self._current("godparenthoods", key) or {"politician": slug, "prisoner": pslug}
        link.update(since=cells["since"] or None, source_url=cells["source_url"] or None)
        self._emit("godparenthoods", key, where, link)

    def _parliament_country(self, slug: str) -> str | None:
        if slug in self.out["parliaments"]:
            return str(self.out["parliaments"][slug][1]["country"])
        p = self.idx.get("parliaments", slug)
        return p.country if p is not None else None

    def _current(self, kind: str, key: str) -> dict[str, Any]:
        if key in self.out[kind]:
            return dict(self.out[kind][key][1])
        return dict(self.idx.row(kind, key) or {})

    def _emit(self, kind: str, key: str, where: str, row: dict[str, Any]) -> None:
        earlier = self.out[kind].get(key)
        if earlier is not None and earlier[1] != row:
            fields = sorted(f for f in row if row.get(f) != earlier[1].get(f))
            raise WriteError(
                {f: [f"Differs from {earlier[0]} for the same {kind[:-1]}."] for f in fields}
            )
        if earlier is None:
            self.out[kind][key] = (where, row)


def parse_csv(s: Session, idx: Index, data: bytes, errors: dict[str, list[str]]) -> Rows:
    """Document rows for a spreadsheet, each named `row N` as the spreadsheet numbers it
    (the header is row 1)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError("The file is not UTF-8 text (save it as 'CSV UTF-8').") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().casefold() for h in next(reader, [])]
    except csv.Error as exc:
        raise FormatError(f"Not CSV: {exc}.") from exc
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise FormatError(f"Missing column(s): {', '.join(missing)}.")
    mapper = _CsvMapper(s, idx)
    number = 1
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue  # spreadsheets leave blank lines at the end
            values = dict(zip(header, cells, strict=False))
            row = {c: unescape_cell(values.get(c, "")).strip() for c in CSV_COLUMNS}
            try:
                mapper.row(f"row {number}", row)
            except WriteError as exc:
                errors.setdefault(f"row {number}", []).extend(
                    f"{k}: {m}" for k, ms in exc.errors.items() for m in ms
                )
    except csv.Error as exc:
        errors.setdefault(f"row {number + 1}", []).append(f"Not CSV: {exc}.")
    rows: Rows = []
    for kind in dataset.KINDS:
        rows += [(where, kind, row) for where, row in mapper.out[kind].values()]
    return rows
