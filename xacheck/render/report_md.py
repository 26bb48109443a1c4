"""``xacheck report --format markdown``: the HTML report's content as text — the check report in
Markdown plus the gap plan, the deadlines and the indicator figures."""
from __future__ import annotations

from ..i18n import status_label, t
from . import markdown
from .data import CheckReport, report_dict
from .html import _f, w


def _cell(text) -> str:
    return str("" if text is None else text).replace("|", "\\|").replace("\n", " ")


def render(rep: CheckReport, lang: str) -> str:
    from ..deadlines import collect_deadlines, days_text, group_deadlines, kind_label

    en = lang == "en"
    data = report_dict(rep, lang)  # built once: the gap plans in it are not computed again
    out = [markdown.render_data(data, lang).rstrip("\n"), ""]
    plans = data["gaps"]
    if plans:
        out += ["", f"## {w('gaps', lang)}", "", f"| {t('item', lang)} | {w('change', lang)} | {w('unlocks', lang)} | {w('note', lang)} |",
                "|---|---|---|---|"]
        for p in plans:
            if not p.get("feasible"):
                continue
            changes = ("; " if en else "；").join(c.get("text_en" if en else "text") or "" for c in p.get("changes") or [])
            unlocks = p.get("unlocks_en" if en else "unlocks")
            if isinstance(unlocks, (list, tuple)):
                unlocks = ("; " if en else "；").join(map(str, unlocks))
            out.append(f"| {_cell(p.get('title_en' if en else 'title'))} | {_cell(changes)} | {_cell(unlocks)} | "
                       f"{_cell(p.get('note_en' if en else 'note'))} |")
    wanted = {r.rule.id for r in rep.results}
    items = [d for d in collect_deadlines(list(rep.packs.values()), rep.as_of, rep.profile, rep.registry, include_past=True)
             if d.rule_id in wanted]
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
            prog = f"{_f(float(p['progress']) * 100)}%" if p.get("progress") is not None else "—"
            out.append(f"| {_cell(r.rule.title.get(lang))} | {status_label(r.status, lang)} | {base} | "
                       f"{tg.op} {_f(tg.value)} ({tg.deadline.year}) | {act} | {prog} |")
    return "\n".join(out) + "\n"
