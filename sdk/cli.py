"""`westandbyyou summary|parliaments|godparents|prisoners`: the campaign data in a terminal.

Tables by default, `--json` for scripts; any failure is one line on stderr and exit code 1.
The service is `--base-url`, else `$WESTANDBYYOU_URL`, else http://127.0.0.1:8000.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ._client import Client
from ._errors import WestandbyyouError

DEFAULT_URL = "http://127.0.0.1:8000"
Row = Sequence[object]


def _table(headers: Row | None, rows: Sequence[Row]) -> str:
    """Columns two spaces apart: text left-aligned, numbers right-aligned."""
    width = len(headers) if headers else len(rows[0]) if rows else 0
    numeric = [
        any(isinstance(r[i], int) for r in rows)
        and all(isinstance(r[i], int) or r[i] is None for r in rows)
        for i in range(width)
    ]
    cells = [[_cell(v) for v in row] for row in ([headers] if headers else []) + list(rows)]
    widths = [max(len(r[i]) for r in cells) for i in range(width)]
    lines = [
        "  ".join(
            c.rjust(w) if num else c.ljust(w) for c, w, num in zip(r, widths, numeric, strict=True)
        ).rstrip()
        for r in cells
    ]
    return "\n".join(lines)


def _cell(value: object) -> str:
    if value is None:
        return "-"
    return " ".join(str(value).split())  # a stray newline must not break the table


def _json(value: Any) -> str:
    def default(o: object) -> str:
        if isinstance(o, dt.date):
            return o.isoformat()
        raise TypeError(type(o).__name__)

    plain = (
        [dataclasses.asdict(v) for v in value]
        if isinstance(value, list)
        else dataclasses.asdict(value)
    )
    return json.dumps(plain, ensure_ascii=False, indent=2, default=default)


def _summary(client: Client, args: argparse.Namespace) -> str:
    s = client.summary(lang=args.lang)
    if args.json:
        return _json(s)
    rows = [
        ("godparents", s.godparents),
        ("prisoners", s.prisoners),
        ("parliaments", s.parliaments),
        ("updated", s.updated),
    ]
    return f"{s.headline}\n\n{_table(None, rows)}"


def _parliaments(client: Client, args: argparse.Namespace) -> str:
    items = client.parliaments(lang=args.lang)
    if args.json:
        return _json(items)
    rows = [(p.name, p.country, p.godparents, p.slug) for p in items]
    return _table(("PARLIAMENT", "COUNTRY", "GODPARENTS", "SLUG"), rows)


def _godparents(client: Client, args: argparse.Namespace) -> str:
    items = list(
        client.godparents(
            parliament=args.parliament,
            country=args.country,
            q=args.q,
            lang=args.lang,
            per_page=200,
        )
    )
    if args.json:
        return _json(items)
    rows = [
        (g.name, g.party, g.parliament.name, ", ".join(p.name for p in g.prisoners)) for g in items
    ]
    return _table(("GODPARENT", "PARTY", "PARLIAMENT", "STANDS BY"), rows)


def _prisoners(client: Client, args: argparse.Namespace) -> str:
    items = list(client.prisoners(status=args.status, lang=args.lang, per_page=200))
    if args.json:
        return _json(items)
    rows = [
        (
            p.name,
            p.status,
            p.detained_since,
            p.days_detained,
            ", ".join(g.name for g in p.godparents),
        )
        for p in items
    ]
    return _table(("PRISONER", "STATUS", "DETAINED SINCE", "DAYS", "GODPARENTS"), rows)


COMMANDS: dict[str, tuple[Callable[[Client, argparse.Namespace], str], str]] = {
    "summary": (_summary, "the counter and its headline"),
    "parliaments": (_parliaments, "parliaments with their number of godparents"),
    "godparents": (_godparents, "godparents, optionally filtered"),
    "prisoners": (_prisoners, "political prisoners with godparents"),
}


def parser() -> argparse.ArgumentParser:
    """The command line parser."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", help="language of names and sentences (en de fr nl it be ru)")
    common.add_argument("--json", action="store_true", help="print JSON instead of a table")
    common.add_argument(
        "--base-url",
        default=os.environ.get("WESTANDBYYOU_URL") or DEFAULT_URL,
        help="the service (default: $WESTANDBYYOU_URL or %(default)s)",
    )
    common.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    common.add_argument(
        "--retries", type=int, default=2, help="retries on connection errors, 429 and 502-504"
    )
    top = argparse.ArgumentParser(
        prog="westandbyyou", description="The #WeStandBYyou campaign data from the command line."
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_, help_) in COMMANDS.items():
        cmd = sub.add_parser(name, parents=[common], help=help_, description=help_)
        if name == "godparents":
            cmd.add_argument("--parliament", help="parliament slug, e.g. bundestag")
            cmd.add_argument("--country", help="ISO 3166-1 alpha-2 code, or EU")
            cmd.add_argument("-q", help="part of the name")
        if name == "prisoners":
            cmd.add_argument("--status", choices=("detained", "released"))
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 error, 2 usage)."""
    args = parser().parse_args(argv)
    run, _ = COMMANDS[args.command]
    try:
        with Client(args.base_url, timeout=args.timeout, max_retries=args.retries) as client:
            output = run(client, args)
    except (WestandbyyouError, ValueError) as exc:
        print(f"westandbyyou: error: {_cell(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    try:
        print(output)
        sys.stdout.flush()
    except BrokenPipeError:  # `westandbyyou godparents | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
