"""A rule as plain, JSON-ready data (``measures list/show --format json``, the HTTP API's /measures) and as
text a person reads (``measures show``)."""
from __future__ import annotations

import datetime as _dt

from ..model import Rule
from .data import num


def in_force(rule: Rule, as_of: _dt.date) -> bool:
    """Inside the rule's window on ``as_of`` (both ends inclusive)."""
    if rule.valid_from and as_of < rule.valid_from:
        return False
    end = rule.deadline
    return not (end and as_of > end)


def rule_dict(rule: Rule, lang: str, as_of: _dt.date | None) -> dict:
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
        d["in_force"] = in_force(rule, as_of)
    return d


def rule_text(rule: Rule, lang: str, reg) -> str:
    """One rule as a person reads it: labels in ``lang`` (conditions with field labels, not keys — the keys
    are in ``--format json``), a label column wide enough for either language."""
    from ..i18n import STATUS, TYPE_WORDS, kind_label, msg, pick
    from .data import cite, confidence_text, labelled, quote_label

    reg = reg.extended(rule.derived)
    src = rule.source_dict()
    rows: list[tuple[str, str]] = [
        (msg(lang, "source"), cite(src)),
        (quote_label(src, lang) if rule.document.quotes != "text" else msg(lang, "quote"), rule.quote),
    ]
    if confidence_text(rule.confidence, lang):
        rows.append((msg(lang, "confidence"), confidence_text(rule.confidence, lang)))
    rows.append((msg(lang, "applies to"), ("、" if lang != "en" else ", ").join(pick(TYPE_WORDS, t, lang)
                                                                              for t in rule.applies_to)))
    if rule.valid_from or rule.valid_until:
        rows.append((msg(lang, "in force"), f"{rule.valid_from or '…'} – {rule.valid_until or '…'}"))
    if rule.successor:
        rows.append((msg(lang, "after {day}", day=rule.valid_until),
                     f"{pick(STATUS, rule.successor.status, lang)} — {rule.successor.note.get(lang)}"))
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
