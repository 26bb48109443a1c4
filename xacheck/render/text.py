"""``--format text`` (default): a terminal report that leads with what to act on.

Two views of the same report (``CheckReport.view``):

* **brief** (default) — what the profile can claim now, the nearest opportunities with their verified
  plan, what lapses or must be renewed soon, then one line counting the rest. No rule ids, field keys or
  quotes (``--quotes`` adds the quoted clause under each claim); it fits a screen or two.
* **all** (``--all`` / ``--audit``) — the audit list: every item grouped by status, expired included,
  each with its quote, rule id and the field keys it needs.

Colour only on a terminal (rich decides; NO_COLOR is honoured). Piped output is not wrapped (grep and
copy-paste see whole lines); on a terminal, wrapped lines keep their indent.
"""
from __future__ import annotations

import io
import os
import shutil
import sys

from ..i18n import STATUS_ORDER, join, kind_label, msg, status_label, t
from .data import SOON_DAYS, CheckReport, confidence_tag, report_dict

STYLE = {
    "applies": "bold green", "met": "green", "on_track": "green", "needs_assessment": "bold yellow",
    "unknown": "yellow", "behind": "red", "not_met": "red", "not_applicable": "dim", "expired": "dim",
    "not_yet_effective": "dim",
}
MARK = {
    "applies": "✔", "met": "✔", "on_track": "↗", "needs_assessment": "?", "unknown": "…", "behind": "↘",
    "not_met": "✘", "not_applicable": "–", "expired": "⌛", "not_yet_effective": "⏳",
}

#: reasons of a needs-assessment or unknown item that the reader must see (a list the text leaves open, a
#: target year's figure, a successor rule not encoded)
OPEN_REASONS = ("open_list", "year_needed", "successor_not_encoded")
#: statuses shown one line per item in the audit list: nothing to act on, but considered
COMPACT = ("not_applicable", "expired", "not_yet_effective")
#: how many gap plans the brief view shows (``xacheck gaps`` shows more)
NEAREST_SHOWN = 3
#: how many gap plans the audit view shows
NEAREST_SHOWN_ALL = 5
#: changes listed per plan in the brief view before "… n more"
CHANGES_SHOWN = 3


Seg = "str | tuple[str, str]"  # a piece of a line: plain text, or (text, rich style)


class _Out:
    """Lines of styled pieces. Piped output is plain text written here (rich is not even imported: it
    is a tenth of the start-up); on a terminal rich colours it and wraps a line under its own indent."""

    def __init__(self, color: bool, width: int | None):
        self.color, self.width = color, width
        self.buf = io.StringIO()
        self.console = None
        if color or width is not None:
            from rich.console import Console

            self.console = Console(file=self.buf, force_terminal=color, no_color=not color, width=width or 100,
                                   highlight=False, soft_wrap=width is None)

    def line(self, *parts: Seg, indent: int = 0) -> None:
        if self.console is None:
            self.buf.write(" " * indent + "".join(p if isinstance(p, str) else p[0] for p in parts) + "\n")
            return
        from rich.text import Text

        from ..terminal import printable

        # (coloured for a terminal: the data made printable before it is styled, see xacheck.terminal)
        text = Text.assemble(*[printable(p) if isinstance(p, str) else (printable(p[0]), p[1]) for p in parts])
        if indent and self.width is not None:
            from rich.padding import Padding

            self.console.print(Padding(text, (0, 0, 0, indent)))
        else:
            self.console.print(Text(" " * indent) + text if indent else text)

    def rule(self, title: str, style: str = "") -> None:
        if self.console is None:
            self.buf.write(f"── {title} " + "─" * max(4, 60 - _width(title)) + "\n")
            return
        from rich.markup import escape
        from rich.rule import Rule as RichRule

        from ..terminal import printable

        self.console.print(RichRule(escape(printable(title)), style=style))

    def text(self) -> str:
        return self.buf.getvalue()


def _width(text: str) -> int:
    """Display width: a Chinese character takes two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _days(d: int | None, lang: str) -> str:
    if d is None:
        return ""
    if d == 0:
        return t("due_today", lang)
    if d > 0:
        return t("days_left", lang, n=d)
    return t("days_past", lang, n=-d)


def _paren(text: str, lang: str) -> str:
    return f" ({text})" if lang == "en" else f"（{text}）"


def render(rep: CheckReport, lang: str, color: bool | None = None, width: int | None = None) -> str:
    data = report_dict(rep, lang)
    if color is None:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    if width is None and sys.stdout.isatty():
        width = shutil.get_terminal_size((100, 24)).columns
    out = _Out(color, width)
    if rep.view == "all":
        _audit(out, data, lang)
    else:
        _brief(out, data, lang, rep.quotes)
    return out.text()


def _head(out: _Out, data: dict, lang: str) -> None:
    from ..i18n import TYPE_WORDS, pick

    prof = data["profile"]
    out.line((prof["name"], "bold"), f" · {pick(TYPE_WORDS, prof['type'], lang)} · {t('as_of', lang)} {data['as_of']}")
    for n in data.get("warnings") or []:  # a place read as unknown (xacheck.places): the reader must see why
        where = f"{n['path']}:{n['line']}: " if n.get("line") else ""
        out.line((f"⚠ {where}{n['message']}", "yellow" if n["severity"] == "warning" else "dim"))


# --------------------------------------------------------------------------- the brief view

def _brief(out: _Out, data: dict, lang: str, quotes: bool) -> None:
    results = data["results"]
    region = data["profile"]["type"] == "region"
    claims = [r for r in results if r["status"] == "applies"]
    targets = [r for r in results if r["kind"] in ("target", "indicator") and r["status"] not in
               ("not_applicable", "expired", "not_yet_effective")] if region else []
    plans = [p for p in data.get("gaps") or [] if p["feasible"]]
    warnings = data.get("alerts") or []
    _head(out, data, lang)
    if region:
        out.line(msg(lang, "{n} targets and indicators to follow · {w} ending soon", n=len(targets), w=len(warnings)))
    else:
        out.line(msg(lang, "Can claim now {c} · nearest opportunities {n} · lapsing or to renew soon {w}",
                     c=len(claims), n=len(plans), w=len(warnings)))
    shown = set()
    out.line()
    if not region:
        out.rule(msg(lang, "Can claim now ({n})", n=len(claims)), "green")
        if not claims:
            out.line(msg(lang, "Nothing applies outright today; see the nearest opportunities below."))
        for r in claims:
            shown.add(r["id"])
            _claim(out, r, lang, quotes)
        out.line()
        _nearest_brief(out, data.get("gaps") or [], lang, {r["id"]: r.get("confidence") for r in results})
    else:
        out.rule(msg(lang, "Targets and indicators ({n})", n=len(targets)), "cyan")
        for r in targets:
            shown.add(r["id"])
            _target_line(out, r, lang)
    out.line()
    _lapsing(out, warnings, lang)
    rest: dict[str, int] = {}
    for r in results:
        if r["id"] not in shown:
            rest[r["status"]] = rest.get(r["status"], 0) + 1
    counts = ("，" if lang != "en" else ", ").join(f"{status_label(s, lang)} {rest[s]}" for s in STATUS_ORDER if s in rest)
    if counts:
        out.line()
        out.line((msg(lang, "Also considered: {counts} — every item with its clause: xacheck check --all",
                      counts=counts), "dim"))


def _claim(out: _Out, r: dict, lang: str, quotes: bool) -> None:
    head: list = [(f"✔ {r['source']['clause']} {r['title']}", "bold green")]
    if r["deadline"]:  # a soon end is marked; the warning itself is said once, under "lapsing"
        dl = f"{t('deadline', lang)} {r['deadline']}" + _paren(_days(r["days_left"], lang), lang)
        head += ["  ", (dl + " ⚠", "red") if r["deadline_soon"] else (dl, "dim")]
    out.line(*head)
    sep = "；" if lang != "en" else "; "
    if r["supports"]:
        out.line(sep.join(r["supports"]), indent=4)
    if r.get("confidence_text"):  # a criterion xacheck is less sure of says so beside the claim
        out.line((f"⚠ {r['confidence_text']}", "yellow"), indent=4)
    if quotes:
        colon = ": " if lang == "en" else "："
        out.line((f"{r['source']['cite']}  {r['source']['quote_label']}{colon}“{r['source']['quote']}”", "dim"),
                 indent=4)


def _plan_changes(p: dict, lang: str, limit: int | None) -> list[str]:
    """A plan's changes, the fields to supply folded into one line."""
    en = lang == "en"
    supply = [c for c in p["changes"] if c["kind"] == "supply"]
    lines = [c["text_en"] if en else c["text"] for c in p["changes"] if c["kind"] != "supply"]
    if supply:
        labels = [_short(c["label_en"] if en else c["label"]) for c in supply]
        fields = join(labels[:3], lang) + (" …" if len(labels) > 3 else "")
        lines.append(msg(lang, "supply {n} figure(s): {fields}", n=len(supply), fields=fields))
    if limit is not None and len(lines) > limit:
        more = len(lines) - limit + 1
        lines = lines[:limit - 1] + [msg(lang, "… {n} more change(s): xacheck gaps", n=more)]
    return lines


def _short(label: str) -> str:
    """A label without its trailing unit: 营业收入（万元） -> 营业收入 (a bracket inside the label stays)."""
    import re

    return re.sub(r"\s*[（(][^（）()]*[）)]\s*$", "", label) or label


def _nearest_brief(out: _Out, plans: list[dict], lang: str, confidence: dict | None = None) -> None:
    """The three nearest plans, compactly; a rule less certain than the documents' words says so."""
    feasible = [p for p in plans if p["feasible"]]
    out.rule(msg(lang, "Nearest opportunities ({n})", n=len(feasible)), "cyan")
    if not feasible:
        out.line(msg(lang, "None reachable by changing figures or supplying data."))
    en = lang == "en"
    for i, p in enumerate(feasible[:NEAREST_SHOWN], 1):
        title = p["title_en"] if en else p["title"]
        mark = "✔" if p["verified"] else "?"
        tag = confidence_tag((confidence or {}).get(p["rule_id"]), lang)
        out.line((f"{i}. {p['clause']} {title}", "cyan"),
                 f"  {status_label(p['status'], lang)} → {status_label(p['goal'], lang)} {mark}",
                 ("  " + _paren(tag, lang).strip(), "yellow") if tag else "")
        for line in _plan_changes(p, lang, CHANGES_SHOWN):
            out.line(line, indent=4)
        unlocks = p["unlocks_en"] if en else p["unlocks"]
        if unlocks:
            out.line(msg(lang, "Unlocks: {what}", what=("; " if en else "；").join(unlocks)), indent=4)
    more = len(feasible) - NEAREST_SHOWN
    if more > 0:
        out.line((msg(lang, "{n} more: xacheck gaps PROFILE", n=more), "dim"))
    if feasible:
        out.line((msg(lang, "✔ checked by evaluating the rule again with the changes; "
                            "? to be checked once the missing figures are given"), "dim"))


def _lapsing(out: _Out, warnings: list[dict], lang: str) -> None:
    out.rule(msg(lang, "Lapsing or to renew soon ({n})", n=len(warnings)), "red")
    if not warnings:
        out.line(msg(lang, "Nothing the profile holds lapses within {n} days.", n=SOON_DAYS))
    for w in warnings:
        out.line(("⚠ " + warning_text(w, lang), "bold red"))
        if w["kind"] in ("title_lapses", "title_lapsed"):
            out.line((msg(lang, "Warned {n} days ahead (xacheck's default: time to prepare the application; "
                                "--renew-lead DAYS changes it)", n=w["lead_days"]), "dim"), indent=4)


def warning_text(w: dict, lang: str) -> str:
    """One warning in a sentence (shared by the text, Markdown and HTML views)."""
    days = _days(w["days_left"], lang) if w["days_left"] >= 0 else t("lapsed", lang, n=-w["days_left"])
    if w["kind"] == "title_lapses":
        return msg(lang, "{title} lapses on {date} ({days}): prepare the renewal application now",
                   title=w["title"], date=w["date"], days=days)
    if w["kind"] == "title_lapsed":
        return msg(lang, "{title} lapsed on {date} ({days}): apply again to hold it", title=w["title"],
                   date=w["date"], days=days)
    n = w["count"]
    held = msg(lang, "{a} that apply", a=n["applies"]) if n["applies"] else ""
    if n["needs_assessment"]:
        held = (held + ("，" if lang != "en" else ", ") if held else "") + \
            msg(lang, "{b} awaiting assessment", b=n["needs_assessment"])
    return msg(lang, "“{doc}” ends on {date} ({days}): {held} end with it", doc=w["pack_title"], date=w["date"],
               days=days, held=held)


def _num(v) -> str:
    from decimal import Decimal

    from ..i18n import fmt_decimal

    return "—" if v is None else fmt_decimal(Decimal(str(v)), 2)


def _pct(v) -> str:
    from decimal import Decimal

    from ..i18n import fmt_decimal

    return fmt_decimal(Decimal(str(v)) * 100, 1) + "%"


def _target_line(out: _Out, r: dict, lang: str) -> None:
    """One target or indicator: status, baseline → target, the latest figure or 无当期数据."""
    p = r.get("progress") or {}
    parts = [f"{t('baseline', lang)} {_num(p.get('baseline'))}" + (f" ({p['baseline_year']})" if p.get("baseline_year") else ""),
             f"{t('target', lang)} {p.get('op', '')} {_num(p.get('target'))}"]
    if p.get("no_current_figure"):
        parts.append(t("no_current_figure", lang))
    else:
        parts.append(f"{t('actual', lang)} {_num(p.get('actual'))}" + (f" ({p['period']})" if p.get("period") else ""))
        if p.get("progress") is not None:
            parts.append(f"{t('progress', lang)} {_pct(p['progress'])}")
    out.line((f"{MARK.get(r['status'], '•')} {r['source']['clause']} {r['title']}", STYLE.get(r["status"], "")),
             f"  {status_label(r['status'], lang)}")
    out.line(("  ".join(parts), "dim"), indent=4)


# --------------------------------------------------------------------------- the audit list (--all)

def _audit(out: _Out, data: dict, lang: str) -> None:
    counts = ("，" if lang != "en" else ", ").join(f"{status_label(s, lang)} {n}" for s, n in data["counts"].items())
    _head(out, data, lang)
    out.line(counts)
    for w in data.get("alerts") or []:
        out.line(("⚠ " + warning_text(w, lang), "bold red"))
    by_status: dict[str, list[dict]] = {}
    for r in data["results"]:
        by_status.setdefault(r["status"], []).append(r)
    for status in STATUS_ORDER:
        items = by_status.get(status)
        if not items:
            continue
        out.rule(f"{status_label(status, lang)} ({len(items)})", STYLE.get(status, ""))
        for r in items:
            if status in COMPACT:
                _compact(out, r, lang)
            else:
                _item(out, r, lang)
    _titles(out, data.get("titles") or [], lang)
    _nearest(out, data.get("gaps") or [], lang)


def _compact(out: _Out, r: dict, lang: str) -> None:
    style = STYLE.get(r["status"], "")
    parts: list = [(f"{MARK.get(r['status'], '•')} {r['source']['clause']} {r['title']}", style)]
    if r.get("confidence"):
        parts.append(("  " + _paren(confidence_tag(r["confidence"], lang), lang).strip(), "yellow"))
    if r["status"] == "not_applicable" and r["reason"]:
        parts.append((f"  {t('why_not', lang)}: {r['reason_text']}", "dim"))
    elif r["reason"] == "successor_not_encoded":
        parts.append((f"  {t('deadline', lang)} {r['deadline']} · {r['reason_text']}", "dim"))
    elif r["deadline"]:
        parts.append((f"  {t('deadline', lang)} {r['deadline']}", "dim"))
    parts.append((f"  · {r['id']}", "dim"))
    out.line(*parts)
    if r["status"] == "not_applicable":  # what it would take: the numeric thresholds it misses
        for th in r["thresholds"]:
            if th["met"] is False:
                out.line(f"{t('thresholds', lang)} ✘ " + th["text"], indent=4)
                _parts(out, th, lang, 8)


def _parts(out: _Out, th: dict, lang: str, pad: int) -> None:
    """A score band by band: 科技人员 12 分；研发投入 30 分；科技成果 14 分."""
    if th.get("parts"):
        sep = "；" if lang != "en" else "; "
        items = sep.join(f"{_short(p['label'])} {p['text']}" for p in th["parts"])
        out.line((f"{t('of_which', lang)}: {items}", "dim"), indent=pad)


def _titles(out: _Out, titles: list[dict], lang: str) -> None:
    """高新技术企业 2023-12-12 认定，有效至 2026-12-11（剩余 9 天）."""
    if not titles:
        return
    out.rule(t("titles", lang), "cyan")
    for x in titles:
        d = x["days_left"]
        left = t("days_left", lang, n=d) if d >= 0 else t("lapsed", lang, n=-d)
        line = msg(lang, "{title}  granted {granted}, valid until {lapses} ({left})", title=x["title"],
                   granted=x["granted"], lapses=x["lapses"], left=left)
        parts: list = [(f"{line} ⚠ {t('renew', lang)}", "bold red") if x["renew_soon"] else line]
        if x.get("basis"):
            parts.append((f"  {t('basis', lang)}: {x['basis']}" + (f" · {x['confidence']}" if x.get("confidence") else ""),
                          "dim"))
        out.line(*parts, indent=2)


def _nearest(out: _Out, plans: list[dict], lang: str) -> None:
    """最近的机会 / Nearest opportunities: the feasible gap plans, nearest first (audit form: with ids)."""
    from ..gaps import plan_lines

    feasible = [p for p in plans if p["feasible"]]
    if not plans:
        return
    out.rule(msg(lang, "Nearest opportunities ({n})", n=len(feasible)), "cyan")
    for i, p in enumerate(feasible[:NEAREST_SHOWN_ALL], 1):
        head, *rest = plan_lines(p, lang, i)
        out.line((head, "cyan"))
        for line in rest:
            stripped = line.lstrip(" ")
            out.line(stripped, indent=len(line) - len(stripped))
    more = len(feasible) - NEAREST_SHOWN_ALL
    others = len(plans) - len(feasible)
    tail = []
    if not feasible:
        tail.append(msg(lang, "none reachable by changing figures or supplying data"))
    if more > 0:
        tail.append(msg(lang, "{n} more", n=more))
    if others:
        tail.append(msg(lang, "{n} need a title or are out of reach", n=others))
    if tail:
        out.line((msg(lang, "{what}: xacheck gaps PROFILE", what=("；" if lang != "en" else "; ").join(tail)), "dim"))


def _item(out: _Out, r: dict, lang: str) -> None:
    style = STYLE.get(r["status"], "")
    out.line((f"{MARK.get(r['status'], '•')} {r['source']['clause']} {r['title']}", style),
             (f"  {kind_label(r['kind'], lang)} · {r['id']}", "dim"))
    sep = "；" if lang != "en" else "; "
    if r.get("confidence_text"):
        out.line((f"⚠ {r['confidence_text']}", "yellow"), indent=4)
    if r["deadline"]:
        line = f"{t('deadline', lang)} {r['deadline']}" + _paren(_days(r["days_left"], lang), lang)
        out.line((f"{line} ⚠ {t('soon', lang)}", "bold red") if r["deadline_soon"] else line, indent=4)
    if r["supports"] and r["status"] not in ("not_applicable",):
        out.line(f"{t('supports', lang)}: " + sep.join(r["supports"]), indent=4)
    for th in r["thresholds"]:
        mark = "✔" if th["met"] else ("✘" if th["met"] is False else "·")
        out.line(f"{t('thresholds', lang)} {mark} " + th["text"], indent=4)
        _parts(out, th, lang, 8)
    if r.get("progress"):
        _progress(out, r["progress"], lang)
    if r["missing"]:
        out.line((f"{t('missing', lang)}: " + ", ".join(f"{lab} ({key})" for lab, key in
                                                        zip(r["missing_labels"], r["missing"])), "yellow"), indent=4)
    if r["status"] == "not_applicable" and r["reason"]:
        out.line((f"{t('why_not', lang)}: {r['reason_text']}", "dim"), indent=4)
    if r["status"] in ("needs_assessment", "unknown") and r["reason"].startswith(OPEN_REASONS):
        out.line((r["reason_text"], "yellow"), indent=4)
    if r["status"] == "needs_assessment" and r.get("assessment"):
        a = r["assessment"]
        if a["criteria"]:
            out.line(f"{t('criteria', lang)}: " + sep.join(a["criteria"]), indent=4)
        if a["evidence"]:
            out.line(f"{t('evidence', lang)}: " + sep.join(a["evidence"]), indent=4)
    for b in r.get("basis", []):
        out.line((f"{t('basis', lang)}: {b['regulation']}", "dim"), indent=4)
    src = r["source"]
    colon = ": " if lang == "en" else "："
    out.line((f"{t('source', lang)}: {src['cite']}  {src['quote_label']}{colon}“{src['quote']}”", "dim"), indent=4)


def _progress(out: _Out, p: dict, lang: str) -> None:
    parts = [f"{t('baseline', lang)} {_num(p['baseline'])}" + (f" ({p['baseline_year']})" if p.get("baseline_year") else ""),
             f"{t('target', lang)} {p['op']} {_num(p['target'])}",
             f"{t('actual', lang)} {_num(p['actual'])}" + (f" ({p['period']})" if p.get("period") else "")]
    if p.get("expected") is not None:
        parts.append(f"{t('expected', lang)} {_num(p['expected'])}")
    line = "  ".join(parts)
    prog = p.get("progress")
    if p.get("no_current_figure"):
        line += "  " + t("no_current_figure", lang)
    elif prog is not None:
        frac = max(0.0, min(1.0, float(prog)))
        bar = "█" * round(frac * 20) + "░" * (20 - round(frac * 20))
        line += f"  {bar} {_pct(prog)}"
    out.line(line, indent=4)
