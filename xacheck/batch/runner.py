"""The batch run: one streaming query scores the whole input; each scored batch is finished, counted and
written, in input order, until the input ends.

Memory stays bounded by the pieces in flight (see :data:`CELLS_PER_BATCH`) unless ``--sort`` asks for the
whole result (sorting needs every row) or the output is XLSX (one sheet is built at the end; XLSX holds
at most about a million rows anyway).
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from typing import Callable

from ..errors import Location, UsageError
from ..fields import Registry
from ..i18n import Msg, Pair, msg
from ..model import Pack
from . import headers, readers, writers
from .scorer import RESULT_COLUMNS, Scorer
from .summary import Summary

SORTS = ("opportunity",)


@dataclass
class BatchOptions:
    input: str
    output: str
    as_of: _dt.date
    pack_ids: tuple[str, ...] = ()
    sheet: str | None = None
    encoding: str | None = None
    out_encoding: str | None = None
    map_file: str | None = None
    sort: str | None = None
    lang: str = "zh"
    #: what-if: ``FIELD=VALUE`` applied to every row (``--set``)
    sets: tuple[str, ...] = ()
    #: also the rules not in force on the as-of day (expired, not yet effective): left out by default, as
    #: their columns would say the same on every row (``--all-rules``)
    all_rules: bool = False
    #: CSV cells exactly as they are, no apostrophe before = + - @ (``--raw-csv``, for programs)
    raw_csv: bool = False
    #: the book over time (``--to``): the after day, and the after side's packs (``--to-rules``; None: the
    #: same packs). Either makes the run a comparison (see :mod:`.book`)
    to: _dt.date | None = None
    to_packs: list | None = None
    batch_rows: int = readers.BATCH_ROWS
    warnings: list[str] = field(default_factory=list)


def select_rules(packs: list[Pack], pack_ids, has_type_column: bool, as_of: _dt.date | None = None) -> list:
    """The rules of the run; with ``as_of``, only those in force that day (the version in force of a dated
    rule decides)."""
    wanted = set(pack_ids) if pack_ids else None
    rules = [r for p in packs if wanted is None or p.id in wanted for r in p.rules]
    if not has_type_column:  # every row is an enterprise
        rules = [r for r in rules if "enterprise" in r.applies_to]
    if as_of is not None:
        from ..evaluate import _validity, select_version

        groups: dict[str, list] = {}
        for r in rules:
            groups.setdefault(r.id, []).append(r)
        live = {rid for rid, g in groups.items() if _validity(select_version(g, as_of), as_of) is None}
        rules = [r for r in rules if r.id in live]
    return rules


def run(opts: BatchOptions, packs: list[Pack], reg: Registry,
        on_rows: Callable[[int], None] | None = None, writer=None,
        on_progress: Callable[[int | None, int | None, int | None], None] | None = None) -> tuple[Summary, Scorer]:
    """Score ``opts.input`` into ``opts.output``; return the summary. Raises InputError / UsageError.

    ``writer``: instead of a file, an object with ``write(batch)``, ``commit()``, ``abort()`` (and optionally
    ``prepare(scorer, layout, columns, first_row, reg)``) receives the result batches (``deadlines --book``).
    ``on_rows(n)``: called with each batch's rows as it is finished. ``on_progress(done, total, rows)``:
    called as the input is read (``done`` of ``total`` bytes — rows for XLSX — read so far; ``rows`` None)
    and as batches are finished (``rows`` scored so far; the others None)."""
    n_warnings = len(opts.warnings)
    try:
        return _run(opts, packs, reg, on_rows, writer, on_progress)
    except readers.EncodingGuessWrong:
        # the file starts as UTF-8 but is not (rare: a GBK file whose first MB is ASCII): nothing was
        # written (the output is renamed into place only on success); read it again, detected from the
        # whole file as before, which gives GB18030 or refuses the file
        import dataclasses

        del opts.warnings[n_warnings:]
        again = dataclasses.replace(opts, encoding=readers.detect_encoding(opts.input), warnings=opts.warnings)
        return _run(again, packs, reg, on_rows, writer, on_progress)


def _run(opts: BatchOptions, packs: list[Pack], reg: Registry,
         on_rows: Callable[[int], None] | None = None, writer=None, on_progress=None) -> tuple[Summary, Scorer]:
    import polars as pl

    if writer is None:
        writers.refuse_overwrite_input(opts.input, opts.output)
        writers.ensure_parent(opts.output)
        if writers.output_format(opts.output) == "csv" and opts.out_encoding:
            writers.text_encoding(opts.out_encoding, opts.output)  # (a bad name refused before any work)
    mapping = headers.load_map(opts.map_file) if opts.map_file else None
    src = readers.Source(opts.input, readers.detect_format(opts.input), opts.encoding, sheet=opts.sheet,
                         find_header=lambda rows: headers.header_row(rows, reg, mapping),
                         rate_header=lambda cells: headers.fields_named(cells, reg, mapping))
    batches = readers.read_chunks(src, opts.batch_rows)
    first = next(batches, None)
    if first is None:
        raise readers.InputError(Msg("the input has no header row"), readers.Location(opts.input))
    if src.sheet_note:
        opts.warnings.append(src.sheet_note)
    if src.header_row:
        opts.warnings.append(Msg("the headings are on row {row}: the {n} row(s) above them (a title?) are not data "
                                 "and are left out", row=src.header_row + 1, n=src.header_row))
    columns = list(first.cells.columns)
    readers.check_headings(opts.input, columns)
    from .earlier import earlier_results
    from .template import title_date_columns

    stale = earlier_results(columns, [r for p in packs for r in p.rules])
    if stale:  # a scored workbook scored again: its old results are no input (see earlier.py)
        opts.warnings.append(Msg("the input holds the results of an earlier run ({n} columns, from {first!r} to "
                                 "{last!r}): left out and written afresh", n=len(stale), first=stale[0],
                                 last=stale[-1]))
        columns = [c for c in columns if c not in set(stale)]

    layout, warnings = headers.resolve(columns, reg, mapping, known=set(title_date_columns(columns, packs, reg)))
    opts.warnings.extend(warnings)
    overrides = what_if_columns(opts.sets, reg, layout, columns)
    layout.shifts.update({col: 2 for col in percent_columns(src.percent, layout, reg, opts.warnings)})
    every = select_rules(packs, opts.pack_ids, "type" in layout.fields)
    over_time = opts.to is not None or opts.to_packs is not None
    rules = every if opts.all_rules or over_time else select_rules(packs, opts.pack_ids, "type" in layout.fields,
                                                                   opts.as_of)
    scorer = Scorer(rules, reg, opts.as_of, layout, opts.lang)
    clash = [c for c in layout.passthrough if c in scorer.rule_ids]
    if clash:
        raise UsageError(Msg("input column(s) {cols} would clash with result columns (rule ids); rename them or map "
                             "them with --map", cols=", ".join(clash)), Location("input"))
    # the summary counts what the result columns hold: one rule per id, the version in force on as-of
    first_row = src.header_row + 2 if src.fmt in ("csv", "xlsx") else 1
    who = [layout.fields[k] for k in ("name", "id", "credit_code") if k in layout.fields]
    summary = Summary(scorer.rules, first_row=first_row, who=who)
    if writer is None:
        writer = writers.open_writer(opts.output, opts.out_encoding, raw_csv=opts.raw_csv)
    elif hasattr(writer, "prepare"):
        writer.prepare(scorer, layout, columns, first_row, reg)
    keep_inputs = getattr(writer, "wants_inputs", False) and not over_time
    later = None
    if over_time:  # the book over time: every batch scored on the after side too, and compared
        from . import book

        if opts.sort:
            raise UsageError(Msg("--sort orders scored rows; a comparison (--to, --to-rules) keeps the input's order"),
                             Location("--sort"))
        later = Scorer(select_rules(opts.to_packs if opts.to_packs is not None else packs, opts.pack_ids,
                                    "type" in layout.fields), reg, opts.to or opts.as_of, layout, opts.lang)
        sides = book.Sides(scorer.rules, later.rules, opts.as_of, opts.to or opts.as_of)
        summary = book.Changes(sides, first_row=first_row, who=who)
        lead = [c for c in scorer.output_columns(columns) if c not in {*scorer.rule_ids, *RESULT_COLUMNS}]
        if isinstance(writer, writers.XlsxWriter):
            writer.setup(book.DiffInfo(sides, lead, opts.lang, os.path.basename(opts.input), first_row))
    if keep_inputs:
        from .workbook import BookInfo

        writer.setup(BookInfo(scorer.rules, scorer.reg, layout, columns, opts.lang, opts.as_of,
                              os.path.basename(opts.input), left_out=len({r.id for r in every} - set(scorer.rule_ids)),
                              first_row=first_row))
    keep: list = []
    # one lazy query over the whole input, run by Polars' streaming engine: the reader feeds it batch by
    # batch (a Python generator Polars pulls from), both cores evaluate, and scored batches come back in
    # input order, in bounded memory. Python only finishes each batch (supports and missing-field text, the
    # errors of undecided cells, the rare row-path rows), counts it and hands it to the writer thread.
    failed: list[BaseException] = []
    rows = chunk_rows(opts.batch_rows, len(scorer.rules))
    source = _source(_chain(first, batches), columns, scorer, overrides, failed, rows,
                     (lambda done: on_progress(done, src.total, None)) if on_progress else None)
    sink = None
    scored = _scored(source, scorer, rows, failed)
    try:
        sink = None if opts.sort else _Sink(writer.write, depth=1)
        offset = 0
        for typed in scored:
            out = scorer.finish(typed)
            if later is not None:
                out = _compared(out, typed, later, lead, sides)
            if keep_inputs:
                out = _with_inputs(out, typed, columns, scorer)
            summary.add(out, offset)
            offset += out.height
            if opts.sort:
                keep.append(out)
            else:
                sink.put(out)
            if on_rows:
                on_rows(out.height)
            if on_progress:
                on_progress(None, None, offset)
        if sink is not None:
            if offset == 0:  # headings and no row: the result file still has its headings
                empty = _no_rows(scorer, columns)
                if later is not None:
                    empty = book.compare(empty, _no_rows(later, columns), lead, sides)
                sink.put(_with_inputs(empty, empty, columns, scorer, renamed=False) if keep_inputs else empty)
            sink.close()
        if opts.sort:
            whole = pl.concat(keep, how="vertical") if keep else None
            if whole is None:
                whole = _no_rows(scorer, columns)
                whole = _with_inputs(whole, whole, columns, scorer, renamed=False) if keep_inputs else whole
            writer.write(sort_frame(whole, opts.sort))
        if isinstance(writer, writers.XlsxWriter):
            writer.summary = summary
        writer.commit()
    except BaseException:
        try:
            scored.close()  # stop the streaming query before anything else goes (see _scored)
            if sink is not None:
                sink.stop()
        finally:
            writer.abort()
        raise
    return summary, scorer


def _source(chunks, columns: list[str], scorer: Scorer, overrides: dict[str, str], failed: list, rows: int,
            progress=None):
    """The input as the query reads it: each chunk with the what-if columns added, prepared
    (:meth:`Scorer.prepare`: renamed, each row's kind and error). An exception is kept in ``failed`` (Polars
    would turn it into its own error type) and re-raised by :func:`_scored`."""
    import polars as pl

    try:
        for chunk in chunks:
            df = chunk.cells
            n = df.height if df.width else (len(chunk.errors) if chunk.errors is not None else 0)
            if overrides:  # (a chunk of unreadable rows only has no column: the what-if columns make its frame)
                sets = [pl.Series(col, [text] * n, dtype=pl.String) for col, text in overrides.items()]
                df = df.with_columns(sets) if df.width else pl.DataFrame(sets)
            cells = scorer.prepare(df, chunk.errors, chunk.notes, height=n)
            # the client's own text of a column read in another unit, for the workbook's results (the query
            # reads the same text: the unit is applied as it is read, see cells)
            have = set(df.columns)
            cells = cells.with_columns([df[c].cast(pl.String).alias("@orig:" + c)
                                        for c in dict.fromkeys([*scorer.layout.shifts, *scorer.place_columns])
                                        if c in have])
            if progress:
                progress(chunk.done)
            # Polars evaluates a piece at a time; the width of the query (columns per rule) times the piece
            # bounds the memory each one takes, so a wide rule set gets smaller pieces
            for start in range(0, cells.height, rows):
                yield cells.slice(start, rows)
    except GeneratorExit:  # closed early (the run was stopped): not a reading error
        raise
    except BaseException as exc:
        failed.append(exc)
        raise


def _scored(source, scorer: Scorer, rows: int, failed: list):
    """Run :meth:`Scorer.query` over ``source`` in Polars' streaming engine; yield collected batches of
    about ``rows`` rows, in input order.

    Stopping: the command line handles Ctrl-C and SIGTERM itself (the temporary output is removed and the
    process ends at once, see ``cli/options.py``). Used as a library, with Python's default handlers, the
    signals are *deferred* while the engine runs: Polars calls the Python source from inside its own
    calls, and an exception raised there by a signal handler makes it panic (a Rust backtrace over the
    user's terminal). So a signal only asks the source to end; the engine finishes the batches in flight,
    and the interruption is raised here afterwards — the writer then removes its temporary file as
    before. The same winding-down happens when the consumer stops early (an error downstream).
    """
    import threading

    stop = threading.Event()
    caught: list[int] = []
    with _deferred_signals(stop, caught):  # from here on (collect_schema runs Python inside Polars too)
        yield from _stream(source, scorer, rows, failed, stop, caught)
    if caught:
        import signal

        if caught[0] == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + caught[0])
    if failed:
        raise failed[0]


def _stream(source, scorer: Scorer, rows: int, failed: list, stop, caught: list):
    from polars.io.plugins import register_io_source

    first = next(source, None)
    if first is None or caught:
        return
    schema = first.schema

    def read(with_columns, predicate, n_rows, batch_size):
        for df in _chain(first, source):
            if stop.is_set():
                return
            if with_columns is not None:
                df = df.select(with_columns)
            if predicate is not None:
                df = df.filter(predicate)
            yield df

    lf = scorer.query(register_io_source(read, schema=schema))
    batches = lf.collect_batches(chunk_size=rows, maintain_order=True, engine="streaming")
    try:
        for batch in batches:
            if caught:
                break
            yield batch
    except Exception:
        if failed:  # the reader's own error (InputError, EncodingGuessWrong…), not Polars' wrapper of it
            raise failed[0] from None
        raise
    finally:  # also on GeneratorExit (the consumer stopped): let the engine run dry first
        stop.set()
        try:
            for _ in batches:
                pass
        except Exception:  # noqa: BLE001 - leaving anyway, with the first error
            pass


class _deferred_signals:
    """While active (main thread only), SIGINT and SIGTERM set ``stop`` and are noted in ``caught``."""

    def __init__(self, stop, caught: list):
        self.stop, self.caught, self.old = stop, caught, {}

    def _note(self, signum, frame):  # noqa: ARG002
        self.caught.append(signum)
        self.stop.set()

    def __enter__(self):
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            defaults = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: signal.SIG_DFL}
            for sig, default in defaults.items():
                if signal.getsignal(sig) is default:  # (a handler of the caller's own is left alone)
                    self.old[sig] = signal.signal(sig, self._note)
        return self

    def __exit__(self, *exc):
        import signal

        for sig, handler in self.old.items():
            signal.signal(sig, handler)
        return False


def percent_columns(kinds: dict[str, str], layout, reg: Registry, warnings: list[str]) -> list[str]:
    """The input columns to read ×100: Excel percentages (65% is stored as 0.65, see :mod:`.xlsx_formats`)
    in a column of a field measured in percentage points. A ratio field takes 0.65 as it is; any other
    field, or a column mixing formats, is read as stored, with a warning (never a silent 100× error)."""
    by_column = {col: key for key, col in layout.fields.items()}
    out = []
    for col, kind in kinds.items():
        key = by_column.get(col)
        if key is None:  # carried through untouched
            continue
        unit = reg.fields[key].unit
        if kind == "mixed":
            warnings.append(Msg("column {col!r} mixes Excel percentages and plain numbers in its first rows; its "
                                "cells are read as stored (a cell showing 65% as 0.65) — give the column one number "
                                "format", col=col))
        elif unit == "%":
            out.append(col)
            warnings.append(Msg("column {col!r} holds Excel percentages: a cell showing 65% (stored as 0.65) is read "
                                "as 65 for {label}, which is in %", col=col,
                                label=Pair(reg.fields[key].label_zh, reg.fields[key].label_en)))
        elif unit != "ratio":
            warnings.append(Msg("column {col!r} is formatted as a percentage in Excel, but {label} is in {unit}: its "
                                "cells are read as stored", col=col, unit=unit or Msg("plain numbers"),
                                label=Pair(reg.fields[key].label_zh, reg.fields[key].label_en)))
    return out


def what_if_columns(texts: tuple[str, ...], reg: Registry, layout, columns: list[str] = ()) -> dict[str, str]:
    """``--set FIELD=VALUE`` for a batch: every row reads VALUE for FIELD (a column of its own, named so that
    no input column is one).

    Only ``=`` makes sense across rows of different firms; ``+=`` / ``-=`` are refused.
    """
    from ..errors import Location, UsageError
    from ..whatif import parse_settings

    out: dict[str, str] = {}
    for st in parse_settings(texts, reg):
        if st.op != "=":
            raise UsageError(Msg("--set {raw}: batch takes FIELD=VALUE only (the same value for every row)", raw=st.raw),
                             Location("--set", field=st.field))
        col = f"--set {st.field}"
        while col in columns:
            col += "'"
        layout.fields[st.field] = col
        out[col] = _as_text(st.value)
    return out


def _as_text(value) -> str:
    """A coerced value back as cell text that coerces to the same value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return ",".join(map(str, value))
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


_END = object()


class _Sink:
    """Call ``write`` for each batch on a background thread, in order; an error re-raises in put/close."""

    def __init__(self, write, depth: int = 2):
        import queue
        import threading

        self.write = write
        self.q: queue.Queue = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None
        self.t = threading.Thread(target=self._run, name="xacheck-write", daemon=True)
        self.t.start()

    def _run(self):
        while True:
            item = self.q.get()
            if item is _END:
                return
            if self.error is None:
                try:
                    self.write(item)
                except BaseException as exc:  # noqa: BLE001 - handed to the producer
                    self.error = exc

    def put(self, item) -> None:
        if self.error is not None:
            raise self.error
        self.q.put(item)

    def close(self) -> None:
        self.q.put(_END)
        self.t.join()
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        import queue

        self.error = self.error or RuntimeError("stopped")  # write nothing more
        while self.t.is_alive():
            try:
                self.q.put(_END, timeout=0.1)
                break
            except queue.Full:
                continue
        self.t.join()


#: cells (rows x rules) scored at a time: the intermediate columns and the result strings of a batch grow with
#: both, so a run over every shipped pack takes smaller batches than one over three rules (peak RSS bound)
CELLS_PER_BATCH = 400_000
#: and at most this many rows (Polars holds a few pieces in flight, the writer thread one batch)
MAX_BATCH_ROWS = 50_000


def chunk_rows(batch_rows: int, n_rules: int) -> int:
    return max(5_000, min(batch_rows, MAX_BATCH_ROWS, CELLS_PER_BATCH // max(1, n_rules)))


def _no_rows(scorer: Scorer, columns: list[str]):
    """The result of no rows, typed as a result with rows is (Parquet files of several runs must agree)."""
    import polars as pl

    return scorer.score(pl.DataFrame(schema={c: pl.String for c in columns}))


def _chain(first, rest):
    yield first
    yield from rest


def sort_frame(df, how: str):
    """``opportunity``: most rules that apply first, then the nearest gap; input order breaks ties."""
    if how != "opportunity":
        raise ValueError(how)
    return df.sort(["n_applies", "n_needs_assessment", "nearest_gap_rel"], descending=[True, True, False],
                   nulls_last=True, maintain_order=True)


def _compared(out, typed, later: Scorer, lead: list[str], sides):
    """The book over time for one batch: the same rows scored on the after side (from the input cells the
    query carried, already renamed), compared with the before side's results (see :mod:`.book`)."""
    from . import book

    cells = typed.select([c for c in typed.columns if c.startswith("@") and not c.startswith("@orig:")])
    after = later.finish(later.query(cells.lazy()).collect())  # (the row kinds and read errors travel in @ columns)
    return book.compare(out, after, lead, sides)


def _with_inputs(out, cells, columns: list[str], scorer: Scorer, renamed: bool = True):
    """The result rows with every input column first, in the input's order (the workbook shows the client's
    sheet, then the results): ``cells`` is the scored batch with the input under its query names (see
    :meth:`Scorer.rename`), plus the client's own text of a column read in another unit (``@orig:``)."""
    import polars as pl

    if renamed:
        inputs = cells.select([pl.col(scorer.raw[c]).cast(pl.String).alias(c) for c in columns if c in scorer.raw]
                              + [pl.col(c) for c in cells.columns if c.startswith("@orig:")])
    else:
        inputs = pl.DataFrame(schema={c: pl.String for c in columns})
    inputs_, ids = set(columns), set(scorer.rule_ids)
    rest = out.drop([c for c in out.columns if c in inputs_ and c not in ids])
    return pl.concat([inputs, rest], how="horizontal")
