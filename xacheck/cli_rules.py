"""``xacheck validate`` and ``xacheck test``: rule files checked like code."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .cli import DATE, _today, handle_errors


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@click.option("--as-of", type=DATE, help="Day for expiry warnings (default: today).")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(exists=True, path_type=Path))
@handle_errors
def validate(paths, fmt, strict, as_of, rules_dirs) -> None:
    """Check rule files: YAML, schema, conditions, fields, ids, tests. Default: the shipped packs."""
    from .fields import registry_from_dirs
    from .packs import shipped_pack_dir
    from .validate import validate_paths

    targets = list(paths) + list(rules_dirs) or [shipped_pack_dir()]
    reg = registry_from_dirs([p for p in targets if Path(p).is_dir()])
    _, findings = validate_paths(targets, reg, as_of or _today())
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity == "warning"]
    if fmt == "json":
        click.echo(json.dumps({"findings": [f.as_dict() for f in findings], "errors": len(errors),
                               "warnings": len(warnings)}, ensure_ascii=False, indent=2))
    else:
        for f in findings:
            click.echo(f"{f.location}: {f.code} {f.severity}: {f.message}")
        click.echo(f"{len(errors)} error(s), {len(warnings)} warning(s)", err=True)
    if errors or (strict and warnings):
        sys.exit(1)


@click.command("test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-k", "keyword", help="Only cases whose rule id or name contains this.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="List passing cases too.")
@handle_errors
def test_cmd(paths, keyword, fmt, verbose) -> None:
    """Run the test cases embedded in rule files. Default: the shipped packs."""
    from .fields import registry_from_dirs
    from .packs import load_packs
    from .ruletest import run_pack_tests

    dirs = [p for p in paths if Path(p).is_dir()]
    reg = registry_from_dirs(dirs)
    packs = load_packs(paths, include_shipped=not paths, reg=reg)
    outcomes = run_pack_tests(packs, reg, keyword)
    failed = [o for o in outcomes if not o.ok]
    if fmt == "json":
        click.echo(json.dumps({"passed": len(outcomes) - len(failed), "failed": len(failed),
                               "cases": [{"name": o.name, "ok": o.ok, "problems": o.problems} for o in outcomes]},
                              ensure_ascii=False, indent=2))
    else:
        for o in outcomes:
            if not o.ok:
                click.echo(f"FAIL {o.name}  ({o.rule.path}:{o.case.line})")
                for p in o.problems:
                    click.echo(f"     {p}")
                if o.result and o.result.thresholds:
                    for th in o.result.thresholds:
                        click.echo(f"     threshold {th.expr}: actual {th.actual}, met {th.met}")
            elif verbose:
                click.echo(f"ok   {o.name}")
        click.echo(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed")
    if failed or not outcomes:
        sys.exit(1)
