"""Shared command-line options, types and error handling; imports no command, so every command module
can import it and the import graph points one way (commands -> options, never back)."""
from __future__ import annotations

import datetime as _dt
import os
import sys
from functools import wraps
from pathlib import Path
from typing import Callable

import click

from ..errors import Location, UsageError, XacheckError
from ..i18n import Msg, did_you_mean, tr, ui_lang

LANGS = click.Choice(["zh", "en"])
LANG_HELP = "Language of everything shown: zh or en (default: XACHECK_LANG, then the locale, then zh)."


def _lang_value(ctx, param, value):
    """``--lang`` as given, else the language this run chose (``XACHECK_LANG``, the locale)."""
    return value or ui_lang()


def lang_option(fn: Callable) -> Callable:
    """The ``--lang`` option every command takes; the value is never empty (see :func:`_lang_value`)."""
    return click.option("--lang", type=LANGS, default=None, callback=_lang_value, help=LANG_HELP)(fn)


def _today() -> _dt.date:
    """The default ``--as-of`` (the engine's :func:`xacheck.engine.today`, the one place that reads the clock)."""
    from ..engine import today

    return today()


class DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        from ..condition import DayOutOfRange, parse_day

        if isinstance(value, _dt.date):
            return value
        try:
            return parse_day(value)
        except DayOutOfRange:
            self.fail(tr(day_out_of_range(value)), param, ctx)
        except ValueError:
            self.fail(tr(Msg("{value!r} is not a date YYYY-MM-DD", value=value)), param, ctx)


def day_out_of_range(value) -> Msg:
    from ..condition import FIRST_DAY, LAST_DAY

    return Msg("{value!r} is outside the days xacheck evaluates on ({first} to {last})", value=str(value),
               first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat())


DATE = DateType()


def handle_errors(fn: Callable) -> Callable:
    """Turn xacheck errors into ``path:line:col: CODE message`` + exit 2, anything else into 'internal error'."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except XacheckError as exc:
            for err in exc.errors:  # a profile with three bad lines: all three, each with its place
                click.echo(f"xacheck: {err.text(ui_lang())}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:  # (the handler of _terminate_cleanly normally ends the process first)
            _stopped(signal_name(2))
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except BrokenPipeError:
            sys.exit(0)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            from ..atomic import os_cause, write_reason

            cause = os_cause(exc, chained=False)
            if cause is not None:  # the system's refusal (a full disk, a read-only temporary folder): no bug, exit 2
                where = f"{cause.filename}: " if getattr(cause, "filename", None) else ""
                click.echo("xacheck: " + where + tr(Msg("the system refused: {reason}", reason=write_reason(cause))),
                           err=True)
                sys.exit(2)
            _internal(exc)
        except BaseException as exc:  # a Rust library's panic (pyo3's PanicException is no Exception): the same
            if type(exc).__name__ != "PanicException":
                raise
            _internal(exc)

    return wrapper


def _internal(exc: BaseException) -> None:
    click.echo("xacheck: " + tr(Msg("internal error: {kind}: {error}", kind=type(exc).__name__, error=str(exc))),
               err=True)
    click.echo(tr("please report this with the command and input that caused it"), err=True)
    sys.exit(2)


def renew_lead_option(fn: Callable) -> Callable:
    """``--renew-lead DAYS``: how early a title renewal is warned (default: xacheck.titles.lead_for)."""
    return click.option("--renew-lead", "renew_lead", type=click.IntRange(min=0), metavar="DAYS",
                        help="Warn this many days before a title (高企 certificate…) lapses "
                             "(default 180: time to prepare the application; a quarter of a shorter lifetime).")(fn)


AUDIT_HELP = "Show rule ids (and pack ids) beside the items, for checking the encoding."


def audit_option(fn: Callable) -> Callable:
    """``--audit``: rule ids in the text output (they are always in ``--format json``)."""
    return click.option("--audit", is_flag=True, help=AUDIT_HELP)(fn)


def rules_options(fn: Callable) -> Callable:
    fn = click.option("--rules", "rules_dirs", multiple=True, type=click.Path(exists=True, path_type=Path),
                      help="Extra folder (or file) of rule packs; a pack with a shipped pack's id replaces it.")(fn)
    fn = click.option("--no-shipped", is_flag=True, help="Use only the packs given with --rules.")(fn)
    return fn


def _engine(rules_dirs, no_shipped):
    """The engine every command asks: the packs (shipped and ``--rules``) and the field registry, loaded once."""
    from ..engine import Engine

    return Engine(rules_dirs, shipped=not no_shipped)


def _load(rules_dirs, no_shipped):
    """(packs, registry) for the commands that work on rule files rather than answers (``init``, ``batch``)."""
    eng = _engine(rules_dirs, no_shipped)
    return list(eng.packs), eng.registry


def _check_pack_ids(packs, pack_ids):
    from ..hints import first

    known = [p.id for p in packs]
    for pid in pack_ids:
        if pid not in known:
            raise UsageError(Msg("unknown pack {pack!r}{hint}; packs: {packs}", pack=pid,
                                 hint=did_you_mean(first(pid, known)), packs=", ".join(known)),
                             Location("--pack"))


def guard_outputs(outputs: dict[str, "str | Path | None"], inputs=(), rules=(), sources=()) -> None:
    """Before any work: refuse an output that is any input of the run — the main input, ``--map``, a
    profile, every pack and ``fields/*.yaml`` file of ``--rules`` (files or folders), every file of
    ``--sources`` folders — by path or by identity (a link, a hard link) — or that is another output.

    ``outputs``: ``{option: path or None}`` (the option names the message); ``inputs``: files named."""
    from ..atomic import refuse_overwrite, refuse_same_outputs

    given = {k: v for k, v in outputs.items() if v is not None}
    if not given:
        return
    refuse_same_outputs(given)
    files = [p for p in inputs if p is not None]
    if rules:
        from ..packs import rule_input_files

        files += rule_input_files([Path(r) for r in rules])
    for d in sources:  # (every name in the folder: what a link names is compared by identity)
        try:
            files += [Path(d) / name for name in sorted(os.listdir(d))]
        except OSError:
            continue
    for path in given.values():
        refuse_overwrite(path, files)


def log_options(fn: Callable) -> Callable:
    """``--log FILE`` (one JSON line per decision) and ``--log-identities`` (do not mask name and credit code)."""
    fn = click.option("--log-identities", is_flag=True,
                      help="Write name, id and credit code into the --log record unmasked.")(fn)
    fn = click.option("--log", "log_path", type=click.Path(dir_okay=False, path_type=Path),
                      help="Append a decision record (JSON line: packs with sha256, profile, statuses) to this "
                           "file; `xacheck replay` evaluates it again.")(fn)
    return fn


def write_log(path: Path | None, command: str, answer, identities: bool, inputs=()) -> None:
    """Append one decision record to ``path`` (one line, written whole; never over an input file)."""
    if path is None:
        return
    import json

    from ..atomic import append_line
    from ..decision import make_record

    stamp = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    rec = make_record(command, answer.decision, answer.profile, answer.results, stamp, identities, answer.lang)
    append_line(path, json.dumps(rec, ensure_ascii=False, separators=(",", ":")), [i for i in inputs if i])


#: the signals that end a run early: each removes the temporary output files and exits 128 + its number
#: (130 for Ctrl-C), with a message — never 1, which says "finished, some rows had errors"
STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")


def signal_name(signum: int) -> str:
    import signal

    try:
        return "Ctrl-C" if signum == signal.SIGINT else signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def _stopped(what: str, code: int = 130) -> None:
    """The end of an interrupted run: temporary files removed, one line on stderr, exit ``code``."""
    import os

    from ..atomic import discard_temporaries

    discard_temporaries()
    try:
        sys.stderr.write("xacheck: " + tr(Msg("interrupted ({what}); stopped, no partial output left", what=what)) + "\n")
        sys.stderr.flush()
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def _terminate_cleanly() -> Callable[[], None]:
    """Ctrl-C, SIGTERM, SIGHUP and SIGQUIT end the process at once: the temporary output files are removed
    (atomic.discard_temporaries), a line says so, and the exit code is 128 + the signal's number.

    At once, not by unwinding: the main thread may be waiting inside Polars, or finishing a batch, when the
    signal comes, and a run must stop within a second. Returns a function that puts the previous handlers
    back (the command line calls it when the command is done, so a test runner keeps its own)."""
    import signal

    def _stop(signum, frame):  # noqa: ARG001
        from ..atomic import when_safe

        when_safe(lambda: _stopped(signal_name(signum), 128 + signum))

    old = {}
    for name in STOP_SIGNALS:
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        try:
            old[sig] = signal.signal(sig, _stop)
        except (ValueError, OSError):  # not the main thread (embedded use): leave the host's handling alone
            pass

    def restore() -> None:
        for sig, handler in old.items():
            try:
                signal.signal(sig, handler)
            except (ValueError, OSError, TypeError):
                pass

    return restore
