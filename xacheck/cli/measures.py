"""``xacheck measures list/show`` and ``xacheck schema``: browse the packs, print JSON Schemas."""
from __future__ import annotations

import json

import click

from ..errors import Location, UsageError
from ..i18n import Msg, did_you_mean
from .options import DATE, lang_option, _check_pack_ids, _load, handle_errors, rules_options


@click.group()
def measures() -> None:
    """Browse the encoded measures, programmes, targets and indicators."""


def _rule_dict(rule, lang: str, as_of) -> dict:
    from ..render.data import num

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
@lang_option
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
    import difflib

    packs, reg = _load(rules_dirs, no_shipped)
    rules = {r.id: r for p in packs for r in p.rules}
    rule = rules.get(rule_id)
    if rule is None:
        hint = difflib.get_close_matches(rule_id, list(rules), n=1, cutoff=0.4)
        raise UsageError(Msg("no rule {rule!r}{hint}", rule=rule_id, hint=did_you_mean(hint[0] if hint else None)),
                         Location("RULE_ID"))
    d = _rule_dict(rule, lang, None)
    if fmt == "json":
        click.echo(json.dumps(d, ensure_ascii=False, indent=2))
        return
    click.echo(render_rule_text(rule, lang, reg))


def render_rule_text(rule, lang: str, reg) -> str:
    """One rule as a person reads it: labels in ``lang`` (conditions with field labels, not keys — the keys
    are in ``--format json``), a label column wide enough for either language."""
    from ..i18n import TYPE_WORDS, kind_label, msg, pick
    from ..render.data import labelled, source_line

    reg = reg.extended(rule.derived)
    rows: list[tuple[str, str]] = [
        (msg(lang, "source"), source_line(rule.source_dict(), lang)),
        (msg(lang, "quote"), rule.quote),
        (msg(lang, "applies to"), ("、" if lang != "en" else ", ").join(pick(TYPE_WORDS, t, lang) for t in rule.applies_to)),
    ]
    if rule.valid_from or rule.valid_until:
        rows.append((msg(lang, "in force"), f"{rule.valid_from or '…'} – {rule.valid_until or '…'}"))
    rows += [(msg(lang, "when"), labelled(c.text, reg, lang)) for c in rule.when]
    rows += [(msg(lang, "supports"), s.get(lang)) for s in rule.supports]
    rows += [(msg(lang, "criterion"), c.get(lang)) for c in rule.criteria]
    rows += [(msg(lang, "evidence"), e.get(lang)) for e in rule.evidence]
    if rule.target:
        t = rule.target
        base = f"{t.baseline} ({t.baseline_year})" if t.baseline is not None else "—"
        rows.append((msg(lang, "target"), msg(lang, "{metric} {op} {value} {unit} by {deadline}; baseline {base}",
                                               metric=reg.label(t.metric, lang), op=t.op, value=t.value, unit=t.unit or "",
                                               deadline=t.deadline, base=base)))
    rows += [(msg(lang, "basis"), b.regulation) for b in rule.basis]
    rows.append((msg(lang, "tests"), str(len(rule.tests))))
    from wcwidth import wcswidth

    width = max(wcswidth(k) for k, _ in rows)
    lines = [f"{rule.id}  [{kind_label(rule.kind, lang)}]  {rule.clause} {rule.title.get(lang)}"]
    lines += [f"  {k}{' ' * (width - wcswidth(k))}  {v}" for k, v in rows]
    return "\n".join(lines)


@click.command()
@click.argument("which", type=click.Choice(["rules", "profile"]))
@handle_errors
def schema(which) -> None:
    """Print the JSON Schema of rule packs or of profiles (for editors and other tools)."""
    if which == "rules":
        from ..packs import rules_schema

        click.echo(json.dumps(rules_schema(), ensure_ascii=False, indent=2))
    else:
        from ..fields import default_registry, profile_json_schema

        click.echo(json.dumps(profile_json_schema(default_registry()), ensure_ascii=False, indent=2))
