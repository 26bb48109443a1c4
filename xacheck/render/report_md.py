"""``xacheck report --format markdown`` (or ``-o x.md``): the client report as Markdown — the same
sections as the HTML report (warnings first, what applies, the gap plan, the deadlines, indicator
figures, the items to act on with their clauses), no rule ids or encoding notes outside the
``--audit`` appendix."""
from __future__ import annotations

from ..i18n import STATUS_ORDER, status_label, t
from . import markdown
from .data import CheckReport, report_dict
from .html import ACT_ON, GAP_CHANGES, GAP_PLANS, PAST_DAYS, _f, w


def _cell(text) -> str:
    return str("" if text is None else text).replace("|", "\\|").replace("\n", " ")


def render(rep: CheckReport, lang: str) -> str:
    from ..deadlines import collect_deadlines, days_text, group_deadlines, kind_label

    en = lang == "en"
    sep = "; " if en else "；"
    data = report_dict(rep, lang)  # built once: the gap plans in it are not computed again
    out = markdown._meta(data, lang) + [f"- {w('title', lang)}"]
    out += markdown.warnings_md(data, lang)
    claims = [r for r in data["results"] if r["status"] == "applies"]
    out += ["", f"## {w('what_applies', lang)} ({len(claims)})", ""]
    if not claims:
        out.append(w("none_applies", lang))
    for r in claims:
        dl = f" — {t('deadline', lang)} {r['deadline']}" if r["deadline"] else ""
        out.append(f"- **{_cell(r['source']['clause'])} {_cell(r['title'])}**{_cell(dl)}: {_cell(sep.join(r['supports']))}")
    plans = [p for p in data["gaps"] if p.get("feasible")]
    if plans:
        out += ["", f"## {w('gaps', lang)}", "", w("gaps_intro", lang), "",
                f"| {t('item', lang)} | {w('change', lang)} | {w('unlocks', lang)} |", "|---|---|---|"]
        for p in plans[:GAP_PLANS]:
            chs = [c.get("text_en" if en else "text") or "" for c in p.get("changes") or []]
            changes = sep.join(chs[:GAP_CHANGES]) + (sep + w("changes_more", lang, n=len(chs) - GAP_CHANGES)
                                                     if len(chs) > GAP_CHANGES else "")
            unlocks = sep.join(p.get("unlocks_en" if en else "unlocks") or [])
            mark = " ✔" if p.get("verified") else ""
            out.append(f"| {_cell(p['clause'])} {_cell(p.get('title_en' if en else 'title'))}{mark} | {_cell(changes)} | "
                       f"{_cell(unlocks)} |")
        if len(plans) > GAP_PLANS:
            out += ["", w("gaps_more", lang, n=len(plans) - GAP_PLANS)]
    wanted = {r.rule.id for r in rep.results}
    items = [d for d in collect_deadlines(list(rep.packs.values()), rep.as_of, rep.profile, rep.registry,
                                          include_past=True, renew_lead=rep.renew_lead)
             if (d.rule_id in wanted or d.kind == "renewal") and d.days_left >= -PAST_DAYS]
    out += ["", f"## {w('timeline', lang)}", ""]
    groups = group_deadlines(items)
    if not groups:
        out.append(w("no_deadlines", lang))
    for g in groups:
        soon = " ⚠" if g.soon else ""
        out.append(f"- **{g.date}** {days_text(g.days_left, lang)}{soon} · {kind_label(g.kind, lang)} · "
                   f"{g.pack_title.get(lang)} · {w('items_n', lang, n=len(g.items))}")
    charts = [r for r in rep.results if r.rule.target is not None and r.progress is not None and r.status != "not_applicable"]
    if charts:
        out += ["", f"## {w('indicators', lang)}", "",
                f"| {t('item', lang)} | {t('status', lang)} | {t('baseline', lang)} | {t('target', lang)} | {t('actual', lang)} | {t('progress', lang)} |",
                "|---|---|---|---|---|---|"]
        for r in charts:
            p, tg = r.progress, r.rule.target
            base = f"{_f(tg.baseline)} ({tg.baseline_year})" if tg.baseline is not None else "—"
            act = f"{_f(p.get('actual'))} ({p.get('period')})" if p.get("actual") is not None else "—"
            if r.reason in ("no figure after the baseline", "no figure"):
                prog = t("no_current_figure", lang)
            else:
                prog = f"{_f(float(p['progress']) * 100)}%" if p.get("progress") is not None else "—"
            out.append(f"| {_cell(r.rule.title.get(lang))} | {status_label(r.status, lang)} | {base} | "
                       f"{tg.op} {_f(tg.value)} ({tg.deadline.year}) | {act} | {prog} |")
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    act = sorted((r for r in data["results"] if r["status"] in ACT_ON and r["status"] != "applies"),
                 key=lambda r: order.get(r["status"], 99))
    act = claims + act
    if act:
        out += ["", f"## {w('items', lang)}"]
    for r in act:
        out += ["", f"### {status_label(r['status'], lang)} · {_cell(r['source']['clause'])} {_cell(r['title'])}", ""]
        if r.get("confidence_text"):
            out += [f"**⚠ {_cell(r['confidence_text'])}**", ""]
        if r["supports"]:
            out.append(f"- **{t('supports', lang)}**: " + sep.join(r["supports"]))
        for th in r["thresholds"]:
            if th["met"] is not None:
                out.append(f"- **{t('thresholds', lang)}**: {'✔' if th['met'] else '✘'} {th['text']}")
        if r["missing"]:
            out.append(f"- **{t('missing', lang)}**: " + ("、" if not en else ", ").join(r["missing_labels"]))
        if r["reason"].startswith(("open_list", "year_needed", "successor_not_encoded")):
            out.append(f"- {_cell(r['reason_text'])}")
        a = r.get("assessment")
        if a:
            if a["criteria"]:
                out.append(f"- **{t('criteria', lang)}**: " + sep.join(a["criteria"]))
            if a["evidence"]:
                out.append(f"- **{t('evidence', lang)}**: " + sep.join(a["evidence"]))
        out += ["", f"> {_cell(r['source']['quote_label'])}{': ' if en else '：'}{_cell(r['source']['quote'])}", ">",
                f"> — {_cell(r['source']['cite'])}"]
    rest = [r for r in data["results"] if r["status"] not in ACT_ON]
    if rest:
        out += ["", f"## {w('others', lang)}", ""]
        for r in rest:
            why = f" — {t('why_not', lang)}: {r['reason_text']}" if r["status"] == "not_applicable" and r["reason"] else ""
            out.append(f"- {status_label(r['status'], lang)} · {_cell(r['source']['clause'])} {_cell(r['title'])}{_cell(why)}")
    if rep.view == "all":
        out += ["", f"## {w('audit', lang)}", "", f"| {w('rule_id', lang)} | {t('status', lang)} | {w('fields', lang)} | "
                f"{w('file', lang)} |", "|---|---|---|---|"]
        for r in data["results"]:
            fields = sorted({th["field"] for th in r["thresholds"]} | set(r["missing"]))
            out.append(f"| `{r['id']}` | {status_label(r['status'], lang)} | {' '.join(f'`{x}`' for x in fields)} | "
                       f"{_cell(r['source']['doc'])} {_cell(r.get('notes') or '')} |")
    out += ["", f"*{w('generated', lang)} · {w('disclaimer', lang)}*"]
    return "\n".join(out) + "\n"
