"""``--format text`` (default): a terminal report grouped by status, what to act on first.

Colour only on a terminal (rich decides; NO_COLOR is honoured). Deadlines within 60 days are marked.
"""
from __future__ import annotations

import io
import os
import shutil
import sys

from ..i18n import STATUS_ORDER, kind_label, status_label, t
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


#: statuses shown one line per item: nothing to act on, but the reader should see they were considered
COMPACT = ("not_applicable", "expired", "not_yet_effective")


def _compact(console, r: dict, lang: str, escape) -> None:
    style = STYLE.get(r["status"], "")
    line = f"[{style}]{MARK.get(r['status'], '•')} {escape(r['source']['clause'])} {escape(r['title'])}[/{style}]"
    if r.get("confidence"):
        line += f"  [yellow]（{escape(confidence_tag(r['confidence'], lang))}）[/yellow]" if lang != "en" else \
            f"  [yellow]({escape(confidence_tag(r['confidence'], lang))})[/yellow]"
    if r["status"] == "not_applicable" and r["reason"]:
        line += f"  [dim]{t('why_not', lang)}: {escape(r['reason_text'])}[/dim]"
    elif r["reason"] == "successor_not_encoded":
        line += f"  [dim]{t('deadline', lang)} {r['deadline']} · {escape(r['reason_text'])}[/dim]"
    elif r["deadline"]:
        line += f"  [dim]{t('deadline', lang)} {r['deadline']}[/dim]"
    line += f"  [dim]· {r['id']}[/dim]"
    console.print(line)
    if r["status"] == "not_applicable":  # what it would take: the numeric thresholds it misses
        for th in r["thresholds"]:
            if th["met"] is False:
                console.print(f"    {t('thresholds', lang)} ✘ " + escape(th["text"]))
                _parts(console, th, lang, "        ", escape)


def _parts(console, th: dict, lang: str, pad: str, escape) -> None:
    """A score band by band: 科技人员 12 分；研发投入 30 分；科技成果 14 分."""
    if th.get("parts"):
        sep = "；" if lang != "en" else "; "
        items = sep.join(f"{p['label'].split('（')[0].split(' (')[0]} {p['text']}" for p in th["parts"])
        console.print(pad + f"[dim]{t('of_which', lang)}: {escape(items)}[/dim]")


def _days(r: dict, lang: str) -> str:
    d = r["days_left"]
    if d is None:
        return ""
    if d == 0:
        return t("due_today", lang)
    if d > 0:
        return t("days_left", lang, n=d)
    return t("days_past", lang, n=-d)


def render(rep: CheckReport, lang: str, color: bool | None = None, width: int | None = None) -> str:
    from rich.console import Console
    from rich.markup import escape
    from rich.rule import Rule as RichRule

    data = report_dict(rep, lang)
    buf = io.StringIO()
    if color is None:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    if width is None and sys.stdout.isatty():
        width = shutil.get_terminal_size((100, 24)).columns
    # piped output is not wrapped, so grep and copy-paste see whole lines
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width or 100,
                      highlight=False, soft_wrap=width is None)
    prof = data["profile"]
    counts = "，".join(f"{status_label(s, lang)} {n}" for s, n in data["counts"].items()) if lang != "en" else \
        ", ".join(f"{status_label(s, lang)} {n}" for s, n in data["counts"].items())
    console.print(f"[bold]{escape(prof['name'])}[/bold]  ({prof['type']})  {t('as_of', lang)} {data['as_of']}")
    console.print(counts)
    for n in data.get("warnings") or []:  # a place read as unknown: the reader must see why
        where = f"{n['path']}:{n['line']}: " if n.get("line") else ""
        style = "yellow" if n["severity"] == "warning" else "dim"
        console.print(f"[{style}]⚠ {escape(where + n['message'])}[/{style}]")
    by_status: dict[str, list[dict]] = {}
    for r in data["results"]:
        by_status.setdefault(r["status"], []).append(r)
    for status in STATUS_ORDER:
        items = by_status.get(status)
        if not items:
            continue
        console.print(RichRule(f"{status_label(status, lang)} ({len(items)})", style=STYLE.get(status, "")))
        for r in items:
            if status in COMPACT:
                _compact(console, r, lang, escape)
            else:
                _item(console, r, lang, escape)
    _titles(console, data.get("titles") or [], lang, escape)
    _nearest(console, data.get("gaps") or [], lang, escape)
    return buf.getvalue()


def _titles(console, titles: list[dict], lang: str, escape) -> None:
    """高新技术企业 2023-12-12 认定，有效至 2026-12-11（剩余 19 天）."""
    from rich.rule import Rule as RichRule

    if not titles:
        return
    console.print(RichRule(t("titles", lang), style="cyan"))
    for x in titles:
        d = x["days_left"]
        left = t("days_left", lang, n=d) if d >= 0 else t("lapsed", lang, n=-d)
        line = (f"{x['title']}  {x['granted']} 认定，有效至 {x['lapses']}（{left}）" if lang != "en" else
                f"{x['title']}  granted {x['granted']}, valid until {x['lapses']} ({left})")
        if 0 <= d <= SOON_DAYS:
            line = f"[bold red]{escape(line)} ⚠ {t('renew', lang)}[/bold red]"
        else:
            line = escape(line)
        basis = f"  [dim]{t('basis', lang)}: {escape(x['basis'])}" + (f" · {x['confidence']}" if x.get("confidence") else "") \
            + "[/dim]" if x.get("basis") else ""
        console.print(f"  {line}{basis}")


#: how many gap plans ``check`` shows (``xacheck gaps`` shows more)
NEAREST_SHOWN = 5


def _nearest(console, plans: list[dict], lang: str, escape) -> None:
    """最近的机会 / Nearest opportunities: the feasible gap plans, nearest first."""
    from rich.rule import Rule as RichRule

    from ..gaps import plan_lines

    feasible = [p for p in plans if p["feasible"]]
    if not plans:
        return
    console.print(RichRule(("Nearest opportunities" if lang == "en" else "最近的机会") + f" ({len(feasible)})",
                           style="cyan"))
    for i, p in enumerate(feasible[:NEAREST_SHOWN], 1):
        head, *rest = plan_lines(p, lang, i)
        console.print(f"[cyan]{escape(head)}[/cyan]")
        for line in rest:
            console.print(escape(line))
    more = len(feasible) - NEAREST_SHOWN
    others = len(plans) - len(feasible)
    tail = []
    if not feasible:
        tail.append("none reachable by changing figures or supplying data" if lang == "en" else "暂无调整数据即可达到的项目")
    if more > 0:
        tail.append(f"{more} more" if lang == "en" else f"另有 {more} 项")
    if others:
        tail.append(f"{others} need a title or are out of reach" if lang == "en"
                    else f"{others} 项需取得资质或无法通过调整达到")
    if tail:
        console.print("[dim]" + escape(("; ".join(tail) + ": xacheck gaps PROFILE") if lang == "en"
                                       else ("；".join(tail) + "：见 xacheck gaps")) + "[/dim]")


def _item(console, r: dict, lang: str, escape) -> None:
    style = STYLE.get(r["status"], "")
    head = f"[{style}]{MARK.get(r['status'], '•')} {escape(r['source']['clause'])} {escape(r['title'])}[/{style}]"
    head += f"  [dim]{kind_label(r['kind'], lang)} · {r['id']}[/dim]"
    console.print(head)
    pad = "    "
    if r.get("confidence_text"):
        console.print(pad + f"[yellow]⚠ {escape(r['confidence_text'])}[/yellow]")
    if r["deadline"]:
        days = _days(r, lang)
        soon = r["deadline_soon"]
        line = f"{t('deadline', lang)} {r['deadline']}" + (f"（{days}）" if lang != "en" else f" ({days})")
        if soon:
            line = f"[bold red]{line} ⚠ {t('soon', lang)}[/bold red]"
        console.print(pad + line)
    if r["supports"] and r["status"] not in ("not_applicable",):
        sep = "；" if lang != "en" else "; "
        console.print(pad + f"{t('supports', lang)}: " + escape(sep.join(r["supports"])))
    for th in r["thresholds"]:
        mark = "✔" if th["met"] else ("✘" if th["met"] is False else "·")
        console.print(pad + f"{t('thresholds', lang)} {mark} " + escape(th["text"]))
        _parts(console, th, lang, pad + "    ", escape)
    if r.get("progress"):
        _progress(console, r["progress"], lang, pad)
    if r["missing"]:
        console.print(pad + f"[yellow]{t('missing', lang)}: " + escape(", ".join(
            f"{lab} ({key})" for lab, key in zip(r["missing_labels"], r["missing"]))) + "[/yellow]")
    if r["status"] == "not_applicable" and r["reason"]:
        console.print(pad + f"[dim]{t('why_not', lang)}: {escape(r['reason_text'])}[/dim]")
    if r["status"] in ("needs_assessment", "unknown") and r["reason"].startswith(("open_list", "year_needed",
                                                                                   "successor_not_encoded")):
        console.print(pad + f"[yellow]{escape(r['reason_text'])}[/yellow]")
    if r["status"] == "needs_assessment" and r.get("assessment"):
        a = r["assessment"]
        if a["criteria"]:
            console.print(pad + f"{t('criteria', lang)}: " + escape("；".join(a["criteria"])))
        if a["evidence"]:
            console.print(pad + f"{t('evidence', lang)}: " + escape("；".join(a["evidence"])))
    for b in r.get("basis", []):
        console.print(pad + f"[dim]{t('basis', lang)}: {escape(b['regulation'])}[/dim]")
    src = r["source"]
    quote = src["quote"] if len(src["quote"]) <= 160 else src["quote"][:158] + "……"
    colon = ": " if lang == "en" else "："
    console.print(pad + f"[dim]{t('source', lang)}: {escape(src['cite'])}  {escape(src['quote_label'])}{colon}"
                  f"“{escape(quote)}”[/dim]")


def _progress(console, p: dict, lang: str, pad: str) -> None:
    from ..i18n import fmt_decimal

    def f(v):
        return "—" if v is None else fmt_decimal(__import__("decimal").Decimal(str(v)), 2)

    parts = [f"{t('baseline', lang)} {f(p['baseline'])}" + (f" ({p['baseline_year']})" if p.get("baseline_year") else ""),
             f"{t('target', lang)} {p['op']} {f(p['target'])}",
             f"{t('actual', lang)} {f(p['actual'])}" + (f" ({p['period']})" if p.get("period") else "")]
    if p.get("expected") is not None:
        parts.append(f"{t('expected', lang)} {f(p['expected'])}")
    line = "  ".join(parts)
    prog = p.get("progress")
    if prog is not None:
        frac = max(0.0, min(1.0, float(prog)))
        bar = "█" * round(frac * 20) + "░" * (20 - round(frac * 20))
        line += f"  {bar} {fmt_decimal(__import__('decimal').Decimal(str(prog)) * 100, 1)}%"
    console.print(pad + line)
