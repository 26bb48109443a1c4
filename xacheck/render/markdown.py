"""``--format markdown``: the same report as a document to paste into a memo."""
from __future__ import annotations

from ..i18n import STATUS_ORDER, kind_label, status_label, t
from .data import CheckReport, confidence_tag, report_dict


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(rep: CheckReport, lang: str) -> str:
    return render_data(report_dict(rep, lang), lang)


def render_data(data: dict, lang: str) -> str:
    """The markdown of an already built report dict (the client report adds sections to it)."""
    prof = data["profile"]
    lines = [f"# {_cell(prof['name'])}", "", f"- {t('profile', lang)}: {prof['type']}",
             f"- {t('as_of', lang)}: {data['as_of']}", ""]
    for n in data.get("warnings") or []:
        lines.append(f"> ⚠ {_cell(n['message'])}")
    if data.get("warnings"):
        lines.append("")
    lines += [f"| {t('status', lang)} | {t('clause', lang)} | {t('item', lang)} | {t('deadline', lang)} |",
              "|---|---|---|---|"]
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    results = sorted(data["results"], key=lambda r: order.get(r["status"], 99))
    for r in results:
        dl = r["deadline"] or ""
        if r["days_left"] is not None and r["days_left"] >= 0:
            dl += f" ({t('days_left', lang, n=r['days_left'])})"
        tag = confidence_tag(r.get("confidence"), lang)
        lines.append(f"| {status_label(r['status'], lang)}{f'（{tag}）' if tag and lang != 'en' else f' ({tag})' if tag else ''} | {_cell(r['source']['clause'])} | "
                     f"{_cell(r['title'])} | {_cell(dl)} |")
    lines.append("")
    for r in results:
        lines += ["", f"## {status_label(r['status'], lang)} · {_cell(r['source']['clause'])} {_cell(r['title'])}", "",
                  f"*{kind_label(r['kind'], lang)}* · `{r['id']}`", ""]
        if r.get("confidence_text"):
            lines += [f"**⚠ {r['confidence_text']}**", ""]
        if r["supports"]:
            lines.append(f"- **{t('supports', lang)}**: " + "；".join(r["supports"]))
        for th in r["thresholds"]:
            lines.append(f"- **{t('thresholds', lang)}**: {th['text']}")
        if r["reason"].startswith(("open_list", "year_needed", "successor_not_encoded")):
            lines.append(f"- {r['reason_text']}")
        if r["missing"]:
            lines.append(f"- **{t('missing', lang)}**: " + ", ".join(
                f"{lab} (`{key}`)" for lab, key in zip(r["missing_labels"], r["missing"])))
        if r.get("assessment"):
            if r["assessment"]["criteria"]:
                lines.append(f"- **{t('criteria', lang)}**: " + "；".join(r["assessment"]["criteria"]))
            if r["assessment"]["evidence"]:
                lines.append(f"- **{t('evidence', lang)}**: " + "；".join(r["assessment"]["evidence"]))
        for b in r.get("basis", []):
            lines.append(f"- **{t('basis', lang)}**: {b['regulation']}")
        src = r["source"]
        lines += ["", f"> {src['quote_label']}{': ' if lang == 'en' else '：'}{src['quote']}", ">", f"> — {src['cite']}"]
    lines += _nearest(data.get("gaps") or [], lang)
    return "\n".join(lines) + "\n"


def _nearest(plans: list[dict], lang: str, shown: int = 5) -> list[str]:
    """## 最近的机会 / Nearest opportunities: the feasible gap plans, nearest first."""
    feasible = [p for p in plans if p["feasible"]]
    if not plans:
        return []
    en = lang == "en"
    out = ["", f"## {'Nearest opportunities' if en else '最近的机会'} ({len(feasible)})", ""]
    for i, p in enumerate(feasible[:shown], 1):
        title = p["title_en"] if en else p["title"]
        out.append(f"{i}. **{_cell(p['clause'])} {_cell(title)}** · `{p['rule_id']}`"
                   + (" ✔" if p["verified"] else ""))
        for ch in p["changes"]:
            out.append(f"   - {ch['text_en'] if en else ch['text']}")
        unlocks = p["unlocks_en"] if en else p["unlocks"]
        if unlocks:
            out.append(f"   - {'Unlocks' if en else '可获得'}: " + ("; " if en else "；").join(unlocks))
    rest = len(plans) - min(len(feasible), shown)
    if rest > 0:
        out += ["", (f"{rest} more (titles to obtain, or out of reach): `xacheck gaps`" if en
                     else f"另有 {rest} 项（需取得资质或无法通过调整达到）：见 `xacheck gaps`")]
    return out
