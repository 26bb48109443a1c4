"""``xacheck measures list/show`` and ``xacheck schema``: browse the packs, print JSON Schemas."""
from __future__ import annotations

import json

import click

from .options import DATE, LANGS, _engine, handle_errors, rules_options


@click.group()
def measures() -> None:
    """Browse the encoded measures, programmes, targets and indicators."""


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
    answer = _engine(rules_dirs, no_shipped).measures(as_of=as_of, lang=lang, packs=pack_ids, kinds=kinds)
    rules = answer.extra["rules"]
    if fmt == "json":
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    from tabulate import tabulate

    from ..i18n import kind_label

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
    answer = _engine(rules_dirs, no_shipped).measure(rule_id, lang=lang)
    rule = answer.extra["rule"]
    if fmt == "json":
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{rule.id}  [{rule.kind}]  {rule.clause} {rule.title.get(lang)}")
    from ..render.data import cite, confidence_text, quote_label

    src = rule.source_dict()
    click.echo(f"  source: {cite(src)}")
    click.echo(f"  quote:  {quote_label(src, lang) + ': ' if rule.document.quotes != 'text' else ''}{rule.quote}")
    if confidence_text(rule.confidence, lang):
        click.echo(f"  confidence: {confidence_text(rule.confidence, lang)}")
    if rule.successor:
        click.echo(f"  after {rule.valid_until}: {rule.successor.status} — {rule.successor.note.get(lang)}")
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
