"""The command line: parse options, call the library, hand the result to a renderer.

Exit codes: 0 success; 1 findings or failing tests (``validate``, ``test``); 2 bad input or usage,
with a message naming the file, line and field — never a bare traceback.
"""
from __future__ import annotations

import datetime as _dt
import json
import sys
from functools import wraps
from pathlib import Path
from typing import Callable

import click

from . import __version__
from .errors import Location, UsageError, XacheckError
from .model import STATUSES

LANGS = click.Choice(["zh", "en"])


def _today() -> _dt.date:
    """The only place xacheck reads the clock: the default ``--as-of``."""
    return _dt.date.today()


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
    from .fields import registry_from_dirs
    from .packs import load_packs

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xacheck")
def main() -> None:
    """xacheck — check an enterprise, project or region against Xi'an S&T policy measures.

    \b
    xacheck check samples/enterprise-optics.yaml          # what applies, gaps, deadlines
    xacheck check profile.yaml --lang en --format json    # English, machine-readable
    xacheck measures list                                  # browse the encoded measures
    xacheck validate measures/ && xacheck test             # check rule files
    """
    _terminate_cleanly()


def _terminate_cleanly() -> None:
    """SIGTERM unwinds like Ctrl-C, so temporary output files are removed and no half file is left."""
    import signal

    def _stop(signum, frame):  # noqa: ARG001
        raise SystemExit(128 + signum)

    try:
        signal.signal(signal.SIGTERM, _stop)
    except ValueError:  # not the main thread (embedded use): leave the host's handling alone
        pass


@main.command()
@click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as-of", type=DATE, help="Evaluate as of this day (default: today).")
@click.option("--lang", type=LANGS, default="zh", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--pack", "pack_ids", multiple=True, help="Only these packs (repeatable).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="Only results with these statuses (repeatable).")
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE",
              help="What-if: evaluate with FIELD=VALUE (key or Chinese label; repeatable; FIELD+=N adds, FIELD= clears).")
@rules_options
@handle_errors
def check(profile: Path, as_of, lang, fmt, pack_ids, statuses, rules_dirs, no_shipped, sets=()) -> None:
    """Evaluate one PROFILE (YAML or JSON) against every measure that concerns it."""
    from .evaluate import evaluate_profile
    from .profiles import load_profile
    from .render import CheckReport, get_renderer

    as_of = as_of or _today()
    packs, reg = _load(rules_dirs, no_shipped)
    _check_pack_ids(packs, pack_ids)
    prof = load_profile(str(profile), reg)
    if sets:
        from .whatif import with_sets

        prof = with_sets(prof, sets, reg)
    results = evaluate_profile(packs, prof, as_of, reg, pack_ids or None)
    if statuses:
        results = [r for r in results if r.status in statuses]
    report = CheckReport(prof, as_of, results, reg, {p.id: p for p in packs})
    click.echo(get_renderer(fmt)(report, lang), nl=False)


@main.group()
def measures() -> None:
    """Browse the encoded measures, programmes, targets and indicators."""


def _rule_dict(rule, lang: str, as_of) -> dict:
    from .render.data import num

    d = {"pack": rule.pack, "id": rule.id, "kind": rule.kind, "title": rule.title.get(lang),
         "applies_to": list(rule.applies_to), "supports": [s.get(lang) for s in rule.supports],
         "conditions": [c.text for c in rule.when], "qualitative": rule.qualitative,
         "valid_from": num(rule.valid_from), "valid_until": num(rule.valid_until), "deadline": num(rule.deadline),
         "source": rule.source_dict(), "tests": len(rule.tests)}
    if rule.qualitative:
        d["assessment"] = {"criteria": [c.get(lang) for c in rule.criteria], "evidence": [e.get(lang) for e in rule.evidence]}
    if rule.target:
        t = rule.target
        d["target"] = num({"metric": t.metric, "op": t.op, "value": t.value, "unit": t.unit, "deadline": t.deadline,
                           "baseline": t.baseline, "baseline_year": t.baseline_year, "cumulative": t.cumulative})
    if rule.basis:
        d["basis"] = [b.regulation for b in rule.basis]
    if as_of:
        d["in_force"] = _in_force(rule, as_of)
    return d


def _in_force(rule, as_of) -> bool:
    if rule.valid_from and as_of < rule.valid_from:
        return False
    end = rule.deadline
    return not (end and as_of > end)


@measures.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=LANGS, default="zh", show_default=True)
@click.option("--as-of", type=DATE, help="Only what is in force on this day.")
@click.option("--pack", "pack_ids", multiple=True, help="Only these packs.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["measure", "programme", "target", "indicator"]))
@rules_options
@handle_errors
def measures_list(fmt, lang, as_of, pack_ids, kinds, rules_dirs, no_shipped) -> None:
    """List every rule with its source clause."""
    packs, _ = _load(rules_dirs, no_shipped)
    _check_pack_ids(packs, pack_ids)
    rules = [r for p in packs if not pack_ids or p.id in pack_ids for r in p.rules
             if (not kinds or r.kind in kinds) and (as_of is None or _in_force(r, as_of))]
    if fmt == "json":
        out = {"as_of": as_of.isoformat() if as_of else None,
               "packs": [{"pack": p.id, "title": p.title.get(lang), "doc": p.document.file,
                          "valid_from": p.valid_from.isoformat() if p.valid_from else None,
                          "valid_until": p.valid_until.isoformat() if p.valid_until else None,
                          "kept_for_record": p.kept_for_record, "rules": len(p.rules)} for p in packs
                         if not pack_ids or p.id in pack_ids],
               "rules": [_rule_dict(r, lang, as_of) for r in rules]}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    from tabulate import tabulate

    from .i18n import kind_label

    rows = [(r.id, kind_label(r.kind, lang), r.clause, r.title.get(lang), r.deadline or "") for r in rules]
    heads = ["id", "kind", "clause", "title", "deadline"] if lang == "en" else ["编号", "类别", "条款", "标题", "截止"]
    click.echo(tabulate(rows, headers=heads, tablefmt="simple"))


@measures.command("show")
@click.argument("rule_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=LANGS, default="zh", show_default=True)
@rules_options
@handle_errors
def measures_show(rule_id, fmt, lang, rules_dirs, no_shipped) -> None:
    """Show one rule: clause, quote, conditions, supports, tests."""
    import difflib

    packs, _ = _load(rules_dirs, no_shipped)
    rules = {r.id: r for p in packs for r in p.rules}
    rule = rules.get(rule_id)
    if rule is None:
        hint = difflib.get_close_matches(rule_id, list(rules), n=1, cutoff=0.4)
        raise UsageError(f"no rule '{rule_id}'" + (f" (did you mean '{hint[0]}'?)" if hint else ""), Location("RULE_ID"))
    d = _rule_dict(rule, lang, None)
    if fmt == "json":
        click.echo(json.dumps(d, ensure_ascii=False, indent=2))
        return
    click.echo(f"{rule.id}  [{rule.kind}]  {rule.clause} {rule.title.get(lang)}")
    click.echo(f"  source: {rule.document.file} 《{rule.document.title}》 {rule.clause}")
    click.echo(f"  quote:  {rule.quote}")
    click.echo(f"  applies to: {', '.join(rule.applies_to)}")
    if rule.valid_from or rule.valid_until:
        click.echo(f"  in force: {rule.valid_from or '…'} – {rule.valid_until or '…'}")
    for c in rule.when:
        click.echo(f"  when: {c.text}")
    for s in rule.supports:
        click.echo(f"  supports: {s.get(lang)}")
    for c in rule.criteria:
        click.echo(f"  criterion: {c.get(lang)}")
    for e in rule.evidence:
        click.echo(f"  evidence: {e.get(lang)}")
    if rule.target:
        t = rule.target
        base = f"{t.baseline} ({t.baseline_year})" if t.baseline is not None else "—"
        click.echo(f"  target: {t.metric} {t.op} {t.value} {t.unit or ''} by {t.deadline}; baseline {base}")
    for b in rule.basis:
        click.echo(f"  basis: {b.regulation}")
    click.echo(f"  tests: {len(rule.tests)}")


@main.command()
@click.argument("which", type=click.Choice(["rules", "profile"]))
@handle_errors
def schema(which) -> None:
    """Print the JSON Schema of rule packs or of profiles (for editors and other tools)."""
    if which == "rules":
        from .packs import rules_schema

        click.echo(json.dumps(rules_schema(), ensure_ascii=False, indent=2))
    else:
        from .fields import default_registry, profile_json_schema

        click.echo(json.dumps(profile_json_schema(default_registry()), ensure_ascii=False, indent=2))


# Commands that live in their own modules: one import and one add_command line each.
# (Each module keeps heavy imports inside its functions so `xacheck check` starts fast.)
from .cli_rules import test_cmd, validate  # noqa: E402

main.add_command(validate)
main.add_command(test_cmd)
from .cli_report import deadlines, init, report  # noqa: E402

main.add_command(deadlines)
main.add_command(init)
main.add_command(report)
from .cli_plan import diff_cmd, gaps_cmd  # noqa: E402

main.add_command(gaps_cmd)
main.add_command(diff_cmd)
from .cli_batch import batch  # noqa: E402

main.add_command(batch)
# --- end of command registrations ---


if __name__ == "__main__":  # pragma: no cover
    main()
