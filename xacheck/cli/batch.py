"""``xacheck batch``: score every row of a spreadsheet, CSV, JSON Lines or Parquet file.

Exit codes: 0 every row was read; 1 some rows had errors (their error column says why; the count is
printed); 2 the input could not be read, or a usage error. Polars and pyarrow load only here.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import msg, tr
from .options import DATE, lang_option, _check_pack_ids, _load, _today, guard_outputs, handle_errors, rules_options


@click.command("batch")
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Result file: .csv (UTF-8 with BOM), .xlsx, .jsonl or .parquet.")
@click.option("--as-of", type=DATE, help="Evaluate as of this day (default: today).")
@click.option("--pack", "pack_ids", multiple=True, help="Only these packs (repeatable).")
@rules_options
@click.option("--sheet", help="XLSX sheet name or 0-based number (default: the first).")
@click.option("--encoding", help="Input CSV encoding (default: detect UTF-8, then GBK/GB18030).")
@click.option("--out-encoding", help="Output CSV encoding (default: utf-8-sig, which Excel opens correctly).")
@click.option("--map", "map_file", type=click.Path(exists=True, dir_okay=False),
              help="YAML/JSON/CSV file mapping your column headings to fields (客户收入: revenue_wan).")
@click.option("--sort", type=click.Choice(["opportunity"]), help="Order rows: most applicable rules, then nearest gap.")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False), help="Also write a Markdown summary here.")
@lang_option
@click.option("--quiet", "-q", is_flag=True, help="No summary table on the terminal.")
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE",
              help="What-if: every row reads VALUE for FIELD (repeatable), e.g. --set has_three_firsts_product=是.")
@click.option("--all-rules", is_flag=True,
              help="Also the rules not in force on the as-of day (expired, not yet effective): left out by default.")
@click.option("--to", "to_date", type=DATE,
              help="The book over time: what each row gains, loses or changes between --as-of and this day.")
@click.option("--to-rules", "to_rules", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="The book over time: the after side reads these rule folders too (a pack with the same id "
                   "replaces the one before: this pack version vs that one).")
@click.option("--raw-csv", is_flag=True,
              help="CSV cells exactly as they are: no apostrophe before a cell starting with = + - @ (for programs; "
                   "Excel would run such a cell as a formula).")
@handle_errors
def batch(input_path, output, as_of, pack_ids, rules_dirs, no_shipped, sheet, encoding, out_encoding, map_file,
          sort, summary_path, lang, quiet, sets, all_rules, to_date, to_rules, raw_csv) -> None:
    """Score every row of INPUT against the rules; write one result row per input row to -o.

    \b
    xacheck batch clients.xlsx -o scored.xlsx                 # a workbook for the client, in --lang
    xacheck batch clients.csv -o scored.parquet               # for programs: rule ids and status keys
    xacheck batch clients.xlsx -o changes.xlsx --as-of 2026-12-31 --to 2027-01-01   # who loses what
    xacheck batch clients.xlsx -o changes.csv --to-rules packs-v2/                 # this pack version vs that
    """
    from ..batch.runner import BatchOptions, run

    guard_outputs({"-o": output, "--summary": summary_path}, [input_path, map_file], list(rules_dirs) + list(to_rules))
    opts = BatchOptions(input=input_path, output=output, as_of=as_of or _today(), pack_ids=tuple(pack_ids),
                        sheet=sheet, encoding=encoding, out_encoding=out_encoding, map_file=map_file, sort=sort,
                        lang=lang, sets=tuple(sets), all_rules=all_rules, raw_csv=raw_csv, to=to_date)
    packs, reg = _load(rules_dirs, no_shipped)
    _check_pack_ids(packs, pack_ids)
    if to_rules:  # the after side: the same folders and these (later folders replace packs of the same id)
        opts.to_packs, reg = _load(list(rules_dirs) + list(to_rules), no_shipped)
    with _progress(input_path, lang) as progress:
        summary, _ = run(opts, packs, reg, on_progress=progress)
    for w in opts.warnings:
        click.echo(f"xacheck: {tr(w, lang)}", err=True)
    if not quiet:
        click.echo(summary.render_text(lang), nl=False)
    if summary_path:
        title = msg(lang, "Batch summary")
        from ..atomic import write_atomic

        write_atomic(summary_path, summary.render_markdown(lang, f"{title}: {Path(input_path).name} ({opts.as_of})"),
                     [input_path, output])
    if summary.error_rows:
        for n, problem in summary.first_errors:
            click.echo(f"xacheck: {input_path}: " + msg(lang, "row {n}: {problem}", n=n, problem=problem), err=True)
        click.echo("xacheck: " + msg(lang, "{bad} of {rows} rows had errors (see the error column)",
                                     bad=f"{summary.error_rows:,}", rows=f"{summary.total:,}"), err=True)
        sys.exit(1)


class _progress:
    """Progress on stderr while a batch runs (nothing when stderr is not a terminal): the share of the input
    read — bytes of the file (rows for XLSX, once loaded) — as a bar and a percentage, and the rows scored.
    It shows at once (0 %) and refreshes ten times a second, so the first update comes within a second."""

    def __init__(self, path: str, lang: str = "zh"):
        self.path, self.lang = path, lang

    def __enter__(self):
        self.bar = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

            from rich.markup import escape

            from ..terminal import printable, raw

            # (the bar moves the cursor itself: it writes to the terminal behind the guard of xacheck.terminal,
            # and the one piece of data it shows, the file's name, is made printable first)
            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                                TextColumn(msg(self.lang, "{n} rows", n="{task.fields[rows]:,}")), TimeElapsedColumn(),
                                console=Console(file=raw(sys.stderr)), transient=True, refresh_per_second=10)
            self.bar.start()
            self.task = self.bar.add_task(escape(printable(Path(self.path).name)), total=None, rows=0)
        return self.update

    def update(self, done: int | None, total: int | None, rows: int | None) -> None:
        if self.bar is None:
            return
        if rows is not None:
            self.bar.update(self.task, rows=rows)
        if done is not None and total:
            self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False
