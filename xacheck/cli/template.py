"""``xacheck template``: an empty client register (or one filled from profiles) that ``xacheck batch`` reads."""
from __future__ import annotations

from pathlib import Path

import click

from .options import DATE, LANGS, _check_pack_ids, _load, _today, guard_outputs, handle_errors, rules_options
from ..errors import Location, UsageError
from ..i18n import Msg


@click.command("template")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("profiles", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--pack", "pack_ids", multiple=True, help="Only the fields these packs use (repeatable).")
@click.option("--lang", type=LANGS, default="zh", show_default=True, help="Headings and notes in this language.")
@click.option("--as-of", type=DATE, help="The fields of the rules in force on this day (default: today).")
@click.option("--all-rules", is_flag=True, help="The fields of every rule, also those not in force on --as-of.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@rules_options
@handle_errors
def template(output, profiles, pack_ids, lang, as_of, all_rules, force, rules_dirs, no_shipped) -> None:
    """Write a client register with the fields the packs use, which `xacheck batch` reads with no --map.

    \b
    OUTPUT .xlsx: a data sheet (Chinese headings with units, drop-downs for choices and yes/no, date and
    number checks), a notes sheet; .csv: the headings (and rows) only. PROFILES, if given, fill one row each.
    \b
    xacheck template clients.xlsx
    xacheck template book.xlsx samples/enterprise-*.yaml      # the shipped samples as a book
    """
    from ..atomic import write_atomic
    from ..batch import template as tpl
    from ..profiles import load_profile

    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UsageError(Msg("unknown template type {suffix!r}; use .xlsx or .csv", suffix=suffix), Location(str(output)))
    if output.exists() and not force:
        raise UsageError(Msg("the file exists (a register someone may have filled in); give --force to replace it"),
                         Location(str(output)))
    guard_outputs({"OUTPUT": output}, list(profiles), rules_dirs)
    packs, reg = _load(rules_dirs, no_shipped)
    _check_pack_ids(packs, pack_ids)
    profs = [load_profile(str(p), reg) for p in profiles]
    types = tuple(dict.fromkeys(["enterprise"] + [p.type for p in profs])) if profs else ("enterprise",)
    if types == ("enterprise",) and any(p.type != "enterprise" for p in profs):  # pragma: no cover - defensive
        types = tuple({p.type for p in profs})
    cols = tpl.columns(packs, reg, lang, types, pack_ids or None, None if all_rules else (as_of or _today()))
    rows = [tpl.profile_row(cols, p) for p in profs]
    if suffix == ".csv":
        data = tpl.write_csv(str(output), cols, rows)
    else:
        import io

        buf = io.BytesIO()
        tpl.write_xlsx(buf, cols, rows, lang)
        data = buf.getvalue()
    write_atomic(output, data, list(profiles))
    from ..i18n import book

    click.echo(book("tpl_wrote", lang, path=output, cols=len(cols), rows=len(rows)), err=True)
