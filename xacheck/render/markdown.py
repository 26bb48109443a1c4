"""``--format markdown``: the same report as a document to paste into a memo.

Same two views as the text output: the first view (claims, nearest opportunities, what lapses or must be
renewed — the 高企 renewal included — and one line counting the rest) and ``--all``, the audit list.
"""
from __future__ import annotations

from ..i18n import STATUS_ORDER, TYPE_WORDS, kind_label, msg, pick, status_label, t
from .data import CheckReport, confidence_tag, report_dict


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(rep: CheckReport, lang: str) -> str:
    data = report_dict(rep, lang)
    if rep.view == "all":
        return render_data(data, lang)
    return render_brief(data, lang, rep.quotes)


def warnings_md(data: dict, lang: str) -> list[str]:
    """## 即将到期或需复审: every warning (title renewals, measures ending) as a list item."""
    from .text import warning_text

    ws = data.get("alerts") or []
    if not ws:
        return []
    out = ["", f"## {msg(lang, 'Lapsing or to renew soon ({n})', n=len(ws))}", ""]
    for w in ws:
        out.append(f"- ⚠ **{_cell(warning_text(w, lang))}**")
        if w["kind"] in ("title_lapses", "title_lapsed"):
            out.append("  " + _cell(msg(lang, "Warned {n} days ahead (xacheck's default: time to prepare the "
                                              "application; --renew-lead DAYS changes it)", n=w["lead_days"])))
    return out


def _meta(data: dict, lang: str) -> list[str]:
    prof = data["profile"]
    out = [f"# {_cell(prof['name'])}", "", f"- {t('profile', lang)}: {pick(TYPE_WORDS, prof['type'], lang)}",
           f"- {t('as_of', lang)}: {data['as_of']}"]
    if data.get("warnings"):  # a place read as unknown (xacheck.places)
        out += [""] + [f"> ⚠ {_cell(n['message'])}" for n in data["warnings"]]
    return out


def render_brief(data: dict, lang: str, quotes: bool = False) -> str:
    """The first view as Markdown: claims, nearest opportunities, warnings, the rest counted."""
    en = lang == "en"
    sep = "; " if en else "；"
    lines = _meta(data, lang)
    claims = [r for r in data["results"] if r["status"] == "applies"]
    lines += ["", f"## {msg(lang, 'Can claim now ({n})', n=len(claims))}", ""]
    for r in claims:
        dl = ""
        if r["deadline"]:
            dl = f" — {t('deadline', lang)} {r['deadline']}" + (f" ({t('days_left', lang, n=r['days_left'])})"
                                                                  if (r["days_left"] or -1) >= 0 else "")
        lines.append(f"- **{_cell(r['source']['clause'])} {_cell(r['title'])}**{_cell(dl)}")
        if r["supports"]:
            lines.append(f"  {_cell(sep.join(r['supports']))}")
        if quotes:
            lines.append(f"  > {_cell(r['source']['quote'])} — {_cell(r['source']['cite'])}")
    if not claims:
        lines.append(msg(lang, "Nothing applies outright today; see the nearest opportunities below."))
    lines += _nearest(data.get("gaps") or [], lang, shown=3, ids=False,
                      confidence={r["id"]: r.get("confidence") for r in data["results"]})
    lines += warnings_md(data, lang)
    shown = {r["id"] for r in claims}
    rest: dict[str, int] = {}
    for r in data["results"]:
        if r["id"] not in shown:
            rest[r["status"]] = rest.get(r["status"], 0) + 1
    if rest:
        counts = (", " if en else "，").join(f"{status_label(s, lang)} {rest[s]}" for s in STATUS_ORDER if s in rest)
        lines += ["", msg(lang, "Also considered: {counts} — every item with its clause: xacheck check --all",
                          counts=counts)]
    return "\n".join(lines) + "\n"


def render_data(data: dict, lang: str) -> str:
    """The audit list as Markdown (every item, ids and quotes); the client report adds sections to it."""
    lines = _meta(data, lang) + [""]
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
    lines += warnings_md(data, lang)
    lines += _nearest(data.get("gaps") or [], lang)
    return "\n".join(lines) + "\n"


def _nearest(plans: list[dict], lang: str, shown: int = 5, ids: bool = True, confidence: dict | None = None) -> list[str]:
    """## 最近的机会 / Nearest opportunities: the feasible gap plans, nearest first."""
    feasible = [p for p in plans if p["feasible"]]
    if not plans:
        return []
    en = lang == "en"
    out = ["", f"## {msg(lang, 'Nearest opportunities ({n})', n=len(feasible))}", ""]
    for i, p in enumerate(feasible[:shown], 1):
        title = p["title_en"] if en else p["title"]
        tag = confidence_tag((confidence or {}).get(p["rule_id"]), lang)
        out.append(f"{i}. **{_cell(p['clause'])} {_cell(title)}**" + (f" · `{p['rule_id']}`" if ids else "")
                   + (" ✔" if p["verified"] else "") + (f" ({tag})" if tag and lang == "en" else f"（{tag}）" if tag else ""))
        for ch in p["changes"]:
            out.append(f"   - {_cell(ch['text_en'] if en else ch['text'])}")
        unlocks = p["unlocks_en"] if en else p["unlocks"]
        if unlocks:
            out.append("   - " + _cell(msg(lang, "Unlocks: {what}", what=("; " if en else "；").join(unlocks))))
    rest = len(plans) - min(len(feasible), shown)
    if rest > 0:
        out += ["", msg(lang, "{n} more (titles to obtain, or out of reach): `xacheck gaps`", n=rest)]
    return out
