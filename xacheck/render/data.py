"""The shape every renderer shares: a check report as plain, JSON-ready data.

The JSON output is this structure; its top-level keys and the per-result keys ``pack, id, kind,
status, supports, thresholds, missing, deadline, days_left, source`` are stable (add, never rename).
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..condition import Month
from ..fields import Registry
from ..i18n import fmt_gap, fmt_value, t
from ..model import Profile, Result, Threshold

#: deadlines this close are highlighted
SOON_DAYS = 60

#: a rule whose criteria are less certain than the documents' own words says so wherever its status shows
CONFIDENCE = {
    "low": ("可信度低：所依据的条件出自未经核实的二手资料（如新闻报道的新办法），结论仅供参考，须以正式文件核实",
            "Low confidence: the criteria come from an unverified secondary source (such as press reports of a new "
            "regulation); treat this answer as indicative and check the official text"),
    "medium": ("可信度中等：所依据的条件出自参考摘要，部分细节未经正式文件核实",
               "Medium confidence: the criteria come from a reference summary; some details are not checked against "
               "the official text"),
}
CONFIDENCE_TAG = {"low": ("可信度低", "low confidence"), "medium": ("可信度中等", "medium confidence")}
#: what a quote is: the document's words, or a reference note's summary of them
QUOTE_LABEL = {"text": ("原文", "Text"), "summary": ("摘要（参考资料，非原文）", "Summary (reference note, not the document's words)"),
               # a summary's Chinese rendering (quote_zh), shown to a Chinese reader only
               "summary_zh": ("摘要（本项目据参考资料整理的中文，非原文）", "Summary (the project's Chinese rendering)")}


def confidence_text(level: str | None, lang: str) -> str | None:
    """The words a reader sees for a confidence below high (None for high or unset)."""
    pair = CONFIDENCE.get(level or "")
    return (pair[1] if lang == "en" else pair[0]) if pair else None


def confidence_tag(level: str | None, lang: str) -> str | None:
    pair = CONFIDENCE_TAG.get(level or "")
    return (pair[1] if lang == "en" else pair[0]) if pair else None


def cite(src: dict) -> str:
    """The source as a reader looks it up: 《西安市加快推进硬科技产业化发展若干措施》（五）,
    《高新技术企业认定管理办法》（国科发火〔2016〕32号）第十一条 — the document's title and number, never a file name."""
    reg = src.get("regulation")
    clause = str(src["clause"])
    if reg and "《" in str(reg) and not str(reg).startswith("《"):  # 科技型中小企业评价办法 附件《…》
        name, _, rest = str(reg).partition(" ")
        head = f"《{name}》{rest}"
    elif reg:
        title, _, rest = str(reg).partition("（")
        number, _, article = rest.partition("）")
        head = f"《{title.strip('《》')}》" + (f"（{number}）" if number else "")
        if article and not clause.startswith(article):  # 第十一条 + 第十一条（一）至（八）: said once
            head += article
    else:
        head = f"《{src['doc_title']}》" + (f"（{src['doc_number']}）" if src.get("doc_number") else "")
    return f"{head}{clause}"


def shown_source(src: dict, lang: str) -> dict:
    """A rule's source as a reader in ``lang`` sees it: the citation, and the quote with what it is. A Chinese
    reader of a summary quote with a Chinese rendering (``quote_zh``) reads that, labelled as the project's
    rendering; the summary itself stays under ``quote_reference``."""
    out = {**src, "cite": cite(src), "quote_label": quote_label(src, lang)}
    if lang != "en" and src.get("quote_zh"):
        out.update(quote=src["quote_zh"], quote_reference=src["quote"], quote_label=QUOTE_LABEL["summary_zh"][0])
    return out


def quote_label(src: dict, lang: str) -> str:
    pair = QUOTE_LABEL.get(src.get("quote_kind") or "text", QUOTE_LABEL["text"])
    return pair[1] if lang == "en" else pair[0]


@dataclass
class CheckReport:
    """What the renderers take: the profile, the day, the results and how to show them."""
    profile: Profile
    as_of: _dt.date
    results: list[Result]
    registry: Registry
    packs: dict = field(default_factory=dict)  # pack id -> Pack
    #: "brief" (what to act on: claims, nearest opportunities, what lapses; the rest counted) or "all"
    #: (the audit list: every item with its quote, ids and field keys, expired included)
    view: str = "brief"
    #: quote the clause under each item of the brief view too
    quotes: bool = False
    #: title renewal warning lead in days (None: :func:`xacheck.titles.lead_for`)
    renew_lead: int | None = None


def num(v: Any) -> Any:
    """Decimals as JSON numbers (ints when whole), dates as ISO text."""
    if isinstance(v, Decimal):
        if v == v.to_integral_value():
            return int(v)
        return float(v)
    if isinstance(v, (_dt.date, _dt.datetime, Month)):
        return v.isoformat()
    if isinstance(v, tuple):
        return [num(x) for x in v]
    if isinstance(v, dict):
        return {k: num(x) for k, x in v.items()}
    return v


def threshold_text(th: Threshold, reg: Registry, lang: str) -> str:
    """研发投入强度 4.2% — 需 > 5%，差 0.8 个百分点（即按当前营业收入，研发费用需再增加 412 万元）."""
    unit = th.unit
    label = reg.label(th.field, lang) if th.field in reg else labelled(th.field, reg, lang)
    req = fmt_value(th.required, unit, lang)
    text = f"{label} {fmt_value(th.actual, unit, lang)} — {t('needs', lang)} {th.op} {req}"
    if th.met is True:
        return text + f"，{t('ok', lang)}" if lang != "en" else text + f", {t('ok', lang)}"
    if th.met is False and th.gap is not None:
        sep = "，" if lang != "en" else ", "
        if th.gap == 0:
            text += sep + t("at_threshold", lang)
        else:
            key = "short_by" if th.op in (">", ">=") else "over_by"
            text += sep + t(key, lang, gap=fmt_gap(th.gap.copy_abs(), unit, lang))
        if th.gap_field and th.gap_amount is not None and th.gap_amount > 0:
            num_label = reg.label(th.gap_field, lang)
            den = next((b for b in reg.expand(th.field) if b != th.gap_field), "")
            amount = fmt_value(th.gap_amount, reg.unit(th.gap_field), lang)
            key = {">": "more_of_strict", ">=": "more_of", "<": "less_of_strict", "<=": "less_of"}[th.op]
            note = t(key, lang, den=_short(reg.label(den, lang)), num=_short(num_label), amount=amount)
            text += f"（{note}）" if lang != "en" else f" ({note})"
    return text


_YEARS = re.compile(r"years_between\(\s*([a-z_][a-z0-9_]*)\s*,\s*as_of\s*\)")
_IDENT = re.compile(r"(?<![\w'\"])([a-z_][a-z0-9_]*)(?![\w'\"(])")


def labelled(text: str, reg: Registry, lang: str) -> str:
    """A condition as a reader sees it: field keys replaced by their labels (研发投入强度 > 5%)."""
    if not text:
        return text
    text = _YEARS.sub(lambda m: (f"full years since {_short(reg.label(m.group(1), lang))}" if lang == "en"
                                 else f"自{_short(reg.label(m.group(1), lang))}起满年数"), text)
    def word(m: re.Match) -> str:
        name = m.group(1)
        if name in reg:
            return _short(reg.label(name, lang))
        return _OPS_ZH.get(name, name) if lang != "en" else name

    return _IDENT.sub(word, text)


#: the condition language's words as a Chinese reader says them
_OPS_ZH = {"and": "且", "or": "或", "not": "非", "in": "属于", "true": "是", "false": "否"}


def reason_text(reason: str, reg: Registry, lang: str) -> str:
    """A result's reason as a reader reads it (the open-list reason in words; conditions with labels)."""
    from ..evaluate import OPEN_LIST, YEAR_NEEDED

    if reason.startswith(OPEN_LIST):
        return t("open_list", lang, cond=labelled(reason[len(OPEN_LIST):], reg, lang))
    m = re.match(re.escape(YEAR_NEEDED) + r"(\d{4}) \(figure for (\d{4})\)", reason)
    if m:
        return t("year_needed", lang, year=m.group(1), period=m.group(2))
    return labelled(reason, reg, lang)


def _short(label: str) -> str:
    """A label without its trailing unit: 营业收入（万元） -> 营业收入; a bracket inside the label stays
    (拥有对主要产品（服务）在技术上… is not cut at its first bracket)."""
    return re.sub(r"\s*[（(][^（）()]*[）)]\s*$", "", label) or label


def threshold_dict(th: Threshold, reg: Registry, lang: str) -> dict:
    return {
        "field": th.field, "op": th.op, "required": num(th.required), "actual": num(th.actual), "gap": num(th.gap),
        "met": th.met, "expr": th.expr, "label": reg.label(th.field, lang), "unit": th.unit,
        "gap_in": ({"field": th.gap_field, "amount": num(th.gap_amount)} if th.gap_field else None),
        "parts": [{"field": p, "label": reg.label(p, lang), "value": num(v), "text": fmt_value(v, reg.unit(p), lang)}
                  for p, v in th.parts],
        "text": threshold_text(th, reg, lang),
    }


def result_dict(res: Result, reg: Registry, lang: str) -> dict:
    r = res.rule
    reg = reg.extended(r.derived)  # a pack's own quantities (scores) have labels too
    out = {
        "pack": r.pack,
        "id": r.id,
        "kind": r.kind,
        "status": res.status,
        "title": r.title.get(lang),
        "supports": [s.get(lang) for s in r.supports],
        "thresholds": [threshold_dict(th, reg, lang) for th in res.thresholds],
        "missing": list(res.missing),
        "missing_labels": [reg.label(m, lang) for m in res.missing],
        "deadline": num(r.deadline),
        "days_left": res.days_left,
        "deadline_soon": res.days_left is not None and 0 <= res.days_left <= SOON_DAYS,
        "source": shown_source(r.source_dict(), lang),
        "applies_to": list(r.applies_to),
        "reason": res.reason,
        "reason_text": (r.successor.note.get(lang) if r.successor and res.reason == "successor_not_encoded"
                        else reason_text(res.reason, reg, lang)),
    }
    if confidence_text(r.confidence, lang):
        out["confidence"] = r.confidence
        out["confidence_text"] = confidence_text(r.confidence, lang)
    if r.qualitative:
        out["assessment"] = {"criteria": [c.get(lang) for c in r.criteria], "evidence": [e.get(lang) for e in r.evidence]}
    if r.basis:
        out["basis"] = [{"regulation": b.regulation, "note": b.note.get(lang) if b.note else None} for b in r.basis]
    if r.notes:
        out["notes"] = r.notes.get(lang)
    if res.progress is not None:
        out["progress"] = num(res.progress)
        # only the baseline year's figure (or none) is known: no progress to show, not "0 %"
        out["progress"]["no_current_figure"] = res.reason in ("no figure after the baseline", "no figure")
    return out


def report_dict(rep: CheckReport, lang: str) -> dict:
    from ..i18n import STATUS_ORDER

    counts = {s: 0 for s in STATUS_ORDER}
    for res in rep.results:
        counts[res.status] = counts.get(res.status, 0) + 1
    prof = rep.profile
    return {
        "profile": {"name": prof.name, "type": prof.type, "source": prof.source, "values": num(dict(prof.values)),
                    "title_dates": {k: v.isoformat() for k, v in prof.title_dates.items()}},
        "as_of": rep.as_of.isoformat(),
        "lang": lang,
        "counts": {k: v for k, v in counts.items() if v},
        "warnings": [{"field": n.field, "severity": n.severity, "message": n.message(lang), "path": n.path,
                      "line": n.line} for n in prof.notes],
        "results": [result_dict(r, rep.registry, lang) for r in rep.results],
        "gaps": gaps_of(rep),
        "titles": (titles := titles_of(rep)),
        "alerts": alerts_of(rep, titles, lang),
    }


def titles_of(rep: CheckReport) -> list[dict]:
    """Titles the profile holds with a date, and when each lapses (from the packs' title_lifetimes)."""
    from ..titles import title_lapses

    return [{"title": t.title, "granted": t.granted.isoformat(), "lapses": t.lapses.isoformat(),
             "days_left": t.days_left, "status": t.status, "pack": t.pack, "basis": t.basis,
             "confidence": t.confidence, "lead_days": t.lead_days, "renew_by": t.renew_by.isoformat(),
             "renew_soon": t.renew_soon}
            for t in title_lapses(rep.packs.values(), rep.profile, rep.as_of, rep.renew_lead)]


#: statuses of what a profile holds or can apply for: their end is a warning
HELD = ("applies", "needs_assessment")


def alerts_of(rep: CheckReport, titles: list[dict], lang: str) -> list[dict]:
    """What lapses or must be renewed soon, most urgent first: titles inside their renewal lead (or lapsed
    within the last year), and measures the profile holds (applies / needs assessment) that end within
    :data:`SOON_DAYS`, one warning per document and day."""
    out: list[dict] = []
    for x in titles:
        if x["renew_soon"] or -365 <= x["days_left"] < 0:
            out.append({"kind": "title_lapses" if x["days_left"] >= 0 else "title_lapsed", "title": x["title"],
                        "date": x["lapses"], "days_left": x["days_left"], "lead_days": x["lead_days"],
                        "renew_by": x["renew_by"], "basis": x["basis"]})
    ending: dict[tuple, list[Result]] = {}
    for res in rep.results:
        d = res.days_left
        if res.status in HELD and res.rule.deadline is not None and d is not None and 0 <= d <= SOON_DAYS:
            ending.setdefault((res.rule.deadline, res.rule.pack), []).append(res)
    for (day, pack), items in sorted(ending.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        p = rep.packs.get(pack)
        out.append({"kind": "measures_end", "pack": pack, "pack_title": p.title.get(lang) if p else pack,
                    "date": day.isoformat(), "days_left": items[0].days_left,
                    "count": {s: sum(r.status == s for r in items) for s in HELD},
                    "titles": [r.rule.title.get(lang) for r in items]})
    out.sort(key=lambda w: w["days_left"])
    return out


def gaps_of(rep: CheckReport) -> list[dict]:
    """The ranked gap plans (xacheck.gaps.plan_gaps): both languages in each plan, JSON-ready."""
    from ..gaps import plan_gaps

    return plan_gaps(rep.results, rep.profile, rep.registry, list(rep.packs.values()) or None, rep.as_of)
