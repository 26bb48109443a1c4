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

LANGS = click.Choice(["zh", "en"])


#: Stands in for the clock when set (``XACHECK_TODAY=2027-01-02``): reproducible runs, and the tests that
#: show no result depends on the day (docs/validate.md, "Warnings and the calendar").
TODAY_ENV = "XACHECK_TODAY"


def _today() -> _dt.date:
    """The only place xacheck reads the clock: the default ``--as-of`` (``$XACHECK_TODAY`` when set)."""
    fixed = os.environ.get(TODAY_ENV)
    if fixed is None:
        return _dt.date.today()
    try:
        return _dt.date.fromisoformat(fixed.strip())
    except ValueError:
        raise UsageError(f"{TODAY_ENV}={fixed!r} is not a date YYYY-MM-DD", Location(TODAY_ENV)) from None


class DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, _dt.date):
            return value
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date YYYY-MM-DD", param, ctx)


DATE = DateType()


def handle_errors(fn: Callable) -> Callable:
    """Turn xacheck errors into ``path:line:col: CODE message`` + exit 2, anything else into 'internal error'."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except XacheckError as exc:
            click.echo(f"xacheck: {exc}", err=True)
            sys.exit(2)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            sys.exit(0)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            click.echo(f"xacheck: internal error: {type(exc).__name__}: {exc}", err=True)
            click.echo("please report this with the command and input that caused it", err=True)
            sys.exit(2)

    return wrapper


def rules_options(fn: Callable) -> Callable:
    fn = click.option("--rules", "rules_dirs", multiple=True, type=click.Path(exists=True, path_type=Path),
                      help="Extra folder (or file) of rule packs; a pack with a shipped pack's id replaces it.")(fn)
    fn = click.option("--no-shipped", is_flag=True, help="Use only the packs given with --rules.")(fn)
    return fn


def _load(rules_dirs, no_shipped):
    from ..fields import registry_from_dirs
    from ..packs import load_packs

    reg = registry_from_dirs([d for d in rules_dirs if Path(d).is_dir()])
    packs = load_packs(rules_dirs, include_shipped=not no_shipped, reg=reg)
    return packs, reg


def _check_pack_ids(packs, pack_ids):
    import difflib

    known = [p.id for p in packs]
    for pid in pack_ids:
        if pid not in known:
            hint = difflib.get_close_matches(pid, known, n=1)
            raise UsageError(f"unknown pack '{pid}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")
                             + f"; packs: {', '.join(known)}", Location("--pack"))


def _terminate_cleanly() -> None:
    """SIGTERM unwinds like Ctrl-C, so temporary output files are removed and no half file is left."""
    import signal

    def _stop(signum, frame):  # noqa: ARG001
        raise SystemExit(128 + signum)

    try:
        signal.signal(signal.SIGTERM, _stop)
    except ValueError:  # not the main thread (embedded use): leave the host's handling alone
        pass
