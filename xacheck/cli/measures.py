"""``xacheck measures list/show`` and ``xacheck schema``: browse the packs, print JSON Schemas."""
from __future__ import annotations

import json

import click

from .options import DATE, _engine, handle_errors, lang_option, rules_options


@click.group()
def measures() -> None:
    """Browse the encoded measures, programmes, targets and indicators."""


@measures.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@lang_option
@click.option("--as-of", type=DATE, help="Only what is in force on this day.")
@click.option("--pack", "pack_ids", multiple=True, help="Only these packs.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["measure", "programme", "target", "indicator"]))
@rules_options
@handle_errors
def measures_list(fmt, lang, as_of, pack_ids, kinds, rules_dirs, no_shipped) -> None:
    """List every rule with its source clause."""
    answer = _engine(rules_dirs, no_shipped).measures(as_of=as_of, lang=lang, packs=pack_ids, kinds=kinds)
    rules = answer.extra["rules"]
    if fmt == "json":
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    from tabulate import tabulate

    from ..i18n import kind_label

    rows = [(r.id, kind_label(r.kind, lang), r.clause, r.title.get(lang), r.deadline or "") for r in rules]
    from ..i18n import msg

    heads = [msg(lang, "id"), msg(lang, "kind"), msg(lang, "clause"), msg(lang, "title"), msg(lang, "deadline")]
    click.echo(tabulate(rows, headers=heads, tablefmt="simple"))


@measures.command("show")
@click.argument("rule_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@lang_option
@rules_options
@handle_errors
def measures_show(rule_id, fmt, lang, rules_dirs, no_shipped) -> None:
    """Show one rule: clause, quote, conditions, supports, tests."""
    eng = _engine(rules_dirs, no_shipped)
    answer = eng.measure(rule_id, lang=lang)
    rule = answer.extra["rule"]
    reg = eng.registry
    if fmt == "json":
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    from ..render.rules import rule_text

    click.echo(rule_text(rule, lang, reg))


@click.command()
@click.argument("which", type=click.Choice(["rules", "profile"]))
@handle_errors
def schema(which) -> None:
    """Print the JSON Schema of rule packs or of profiles (for editors and other tools)."""
    if which == "rules":
        from ..packs import rules_schema

        click.echo(json.dumps(rules_schema(), ensure_ascii=False, indent=2))
    else:
        from ..engine import Engine

        click.echo(json.dumps(Engine().profile_schema(), ensure_ascii=False, indent=2))
