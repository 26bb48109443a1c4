"""``xacheck replay``: evaluate a logged decision again and say whether today's rules give the same answer.

Exit codes: 0 the same answer; 1 changed (the output says which rules moved and which pack change caused
it); 2 the record could not be read.
"""
from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import click

from .options import DATE, LANGS, _engine, handle_errors, rules_options
from ..errors import Location, UsageError
from ..i18n import Msg

#: a decision log is read whole; a record is a few kilobytes
MAX_LOG_BYTES = 64 * 1024 * 1024


def read_records(path: Path) -> list[dict]:
    """The records of a ``--log`` file (one JSON line each) or of a ``check --format json`` answer."""
    from ..userfiles import read_file

    raw = read_file(path, MAX_LOG_BYTES)  # a regular file, bounded (never a FIFO or /dev/zero)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(Msg("not UTF-8 (byte {at})", at=exc.start), Location(str(path))) from None
    try:  # one JSON document (a check --format json answer, or a log of one line)
        whole = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError:
        whole = None
    lines = [(1, None)] if isinstance(whole, dict) else \
        [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    out = []
    for n, line in lines:
        try:
            data = whole if line is None else json.loads(line, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise UsageError(Msg("line {n} is not JSON: {why}", n=n, why=exc.msg), Location(str(path), n, exc.colno)) from None
        if not isinstance(data, dict):
            raise UsageError(Msg("line {n} is not a decision record", n=n), Location(str(path), n))
        out.append(data)
    if not out:
        raise UsageError(Msg("no decision record in the file"), Location(str(path)))
    return out


@click.command("replay")
@click.argument("record", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as-of", type=DATE, help="Evaluate on this day instead of the record's.")
@click.option("--line", "line_no", type=click.IntRange(min=1),
              help="Only the record on this line of a log (default: every record).")
@click.option("--lang", type=LANGS, default="zh", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@rules_options
@handle_errors
def replay(record, as_of, line_no, lang, fmt, rules_dirs, no_shipped) -> None:
    """Evaluate the decision(s) in RECORD again with today's packs: same, or changed and why.

    RECORD is a file written by `--log` (one decision per line) or a `check --format json` answer.

    \b
    xacheck check firm.yaml --log decisions.jsonl
    xacheck replay decisions.jsonl                      # same (the packs have not changed)
    xacheck replay decisions.jsonl --as-of 2027-01-01   # changed: xa-hardtech-2024 expired
    """
    from ..decision import replay_text

    records = read_records(record)
    if line_no is not None:
        if line_no > len(records):
            raise UsageError(Msg("the file has {n} record(s)", n=len(records)), Location("--line"))
        records = [records[line_no - 1]]
    eng = _engine(rules_dirs, no_shipped)
    results = []
    for n, rec in enumerate(records, 1):
        try:
            results.append(eng.replay(rec, as_of))
        except ValueError as exc:
            raise UsageError(str(exc), Location(str(record), n)) from None
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in results] if len(results) > 1 else results[0].as_dict(),
                              ensure_ascii=False, indent=2))
    else:
        for n, r in enumerate(results, 1):
            head = f"{record}:{line_no or n}: " if len(records) > 1 or line_no else ""
            click.echo(head + replay_text(r, lang), nl=False)
    if not all(r.same for r in results):
        sys.exit(1)
