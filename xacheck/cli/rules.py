"""``xacheck validate`` and ``xacheck test``: rule files checked like code.

Exit codes: 0 clean (warnings allowed unless ``--strict``), 1 findings or failing cases, 2 usage or
internal error. The output formats live in :mod:`xacheck.findings`, one module each.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import DATE, _today, guard_outputs, handle_errors
from ..findings import finding_formats, test_formats

_EXISTING = click.Path(exists=True, path_type=Path)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        from ..atomic import write_atomic

        write_atomic(output, text)


def _registry(dirs):
    """The registry with ``fields/*.yaml`` of the rule folders; a broken field file is a finding, not a crash."""
    from ..errors import XacheckError
    from ..fields import default_registry, registry_from_dirs
    from ..packs import Finding

    try:
        return registry_from_dirs(dirs), []
    except XacheckError as exc:
        return default_registry(), [Finding("XA120", "error", exc.message, exc.location)]


@click.command()
@click.argument("paths", nargs=-1, type=_EXISTING)
@click.option("--format", "fmt", type=click.Choice(finding_formats()), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Warnings fail too (advance notices such as XW002 never do).")
@click.option("--as-of", type=DATE, help="Day for expiry warnings (default: today, and then they fail no run).")
@click.option("--rules", "rules_dirs", multiple=True, type=_EXISTING, help="More rule folders or files.")
@click.option("--sources", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="More folders of source documents (repeatable); the shipped packs' documents are always used.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the report to this file instead of standard output.")
@handle_errors
def validate(paths, fmt, strict, as_of, rules_dirs, sources, output) -> None:
    """Check rule files: YAML, schema, conditions, fields, units, ids, quotes, tests. Default: the shipped packs."""
    from ..findings import FindingsReport, render_findings, use_color
    from ..packs import shipped_pack_dir
    from ..validate import Validation

    shipped = shipped_pack_dir()
    targets = list(paths) + list(rules_dirs) or [shipped]
    guard_outputs({"-o": output}, rules=targets, sources=sources)
    reg, reg_findings = _registry([p for p in targets if Path(p).is_dir()])
    against = not any(Path(p).resolve() == shipped.resolve() for p in targets)
    day = as_of or _today()
    run = Validation(reg, day, list(sources) or None, against_shipped=against).run(targets)
    report = FindingsReport(reg_findings + run.findings, run.files, day, strict, clock=as_of is None)
    color = fmt == "text" and output is None and use_color(sys.stdout)
    _emit(render_findings(fmt, report, color), output)
    if report.failed:
        sys.exit(1)


@click.command("test")
@click.argument("paths", nargs=-1, type=_EXISTING)
@click.option("-k", "keyword", help="Only cases whose rule id or name contains this.")
@click.option("--format", "fmt", type=click.Choice(test_formats()), default="text", show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="List passing cases too.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the report to this file instead of standard output.")
@handle_errors
def test_cmd(paths, keyword, fmt, verbose, output) -> None:
    """Run the test cases in rule files and stand-alone test files. Default: the shipped packs.

    A stand-alone test file has a top-level `tests:` list whose entries name their `rule:`; rules are
    looked up in the PATHS given and in the shipped packs.
    """
    from ..errors import RulePackError
    from ..findings import TestReport, render_tests, use_color
    from ..findings import text as text_format
    from ..packs import shipped_pack_dir
    from ..ruletest import run_pack_tests
    from ..validate import Validation

    shipped = shipped_pack_dir()
    targets = list(paths) or [shipped]
    guard_outputs({"-o": output}, rules=targets)
    reg, reg_findings = _registry([p for p in targets if Path(p).is_dir()])
    against = not any(Path(p).resolve() == shipped.resolve() for p in targets)
    # the cases carry their own days (no clock here); quotes and numbers are `xacheck validate`'s business
    run = Validation(reg, None, against_shipped=against, texts=False)
    run.run(targets)
    errors = [f for f in reg_findings + run.findings if f.severity == "error"]
    if errors:
        f = errors[0]
        more = f" (and {len(errors) - 1} more; run `xacheck validate`)" if len(errors) > 1 else ""
        raise RulePackError(f.message + more, f.location, code=f.code)
    outcomes = run_pack_tests(run.packs, reg, keyword, run.standalone_cases)
    report = TestReport(outcomes, keyword)
    color = fmt == "text" and output is None and use_color(sys.stdout)
    if fmt == "text":
        _emit(text_format.render_tests(report, color, verbose=verbose), output)
    else:
        _emit(render_tests(fmt, report, color), output)
    if report.failures or not outcomes:
        sys.exit(1)
