"""``--format markdown``: the same report as a document to paste into a memo."""
from __future__ import annotations

from ..i18n import STATUS_ORDER, kind_label, status_label, t
from .data import CheckReport, report_dict


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(rep: CheckReport, lang: str) -> str:
    data = report_dict(rep, lang)
    prof = data["profile"]
    lines = [f"# {_cell(prof['name'])}", "", f"- {t('profile', lang)}: {prof['type']}",
             f"- {t('as_of', lang)}: {data['as_of']}", ""]
    lines += [f"| {t('status', lang)} | {t('clause', lang)} | {t('item', lang)} | {t('deadline', lang)} |",
              "|---|---|---|---|"]
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    results = sorted(data["results"], key=lambda r: order.get(r["status"], 99))
    for r in results:
        dl = r["deadline"] or ""
        if r["days_left"] is not None and r["days_left"] >= 0:
            dl += f" ({t('days_left', lang, n=r['days_left'])})"
        lines.append(f"| {status_label(r['status'], lang)} | {_cell(r['source']['clause'])} | "
                     f"{_cell(r['title'])} | {_cell(dl)} |")
    lines.append("")
    for r in results:
        lines += ["", f"## {status_label(r['status'], lang)} · {_cell(r['source']['clause'])} {_cell(r['title'])}", "",
                  f"*{kind_label(r['kind'], lang)}* · `{r['id']}`", ""]
        if r["supports"]:
            lines.append(f"- **{t('supports', lang)}**: " + "；".join(r["supports"]))
        for th in r["thresholds"]:
            lines.append(f"- **{t('thresholds', lang)}**: {th['text']}")
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
        lines += ["", f"> {src['quote']}", ">", f"> — {src['doc']}《{src['doc_title']}》{src['clause']}"]
    return "\n".join(lines) + "\n"
