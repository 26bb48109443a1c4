"""``xacheck gaps`` (the nearest opportunities) and ``xacheck diff`` (what changes between two evaluations)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from .options import DATE, _engine, audit_option, handle_errors, lang_option, rules_options

SET_HELP = "What-if: evaluate with FIELD=VALUE (key or Chinese label; repeatable; FIELD+=N adds, FIELD= clears)."


@click.command("gaps")
@click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as-of", type=DATE, help="Evaluate as of this day (default: today).")
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE", help=SET_HELP)
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True,
              help="Show the N nearest (0 = all).")
@click.option("--pack", "pack_ids", multiple=True, help="Only these packs (repeatable).")
@audit_option
@rules_options
@handle_errors
def gaps_cmd(profile, as_of, lang, fmt, sets, top, pack_ids, rules_dirs, no_shipped, audit=False) -> None:
    """The smallest change to PROFILE that would make each measure it misses apply, nearest first."""
    eng = _engine(rules_dirs, no_shipped)
    answer = eng.gaps(profile, as_of, lang=lang, packs=pack_ids, sets=sets, top=top)
    if fmt == "json":
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    x = answer.extra
    click.echo(render_gaps_text(x["profile"], x["as_of"], x["plans"], lang, top, str(profile), list(sets), audit),
               nl=False)


def render_gaps_text(prof, as_of, plans: list[dict], lang: str, top: int, path: str, sets: list[str],
                     audit: bool = False) -> str:
    """The plans as text; rule ids only with ``audit`` (a person reads the clause and the title)."""
    from ..gaps import plan_lines, split_plans
    from ..whatif import plan_to_sets

    from ..i18n import TYPE_WORDS, pick

    en = lang == "en"
    lines = [f"{prof.name}  ({pick(TYPE_WORDS, prof.type, lang)})  " + ("As of " if en else "评估日期 ") + as_of.isoformat()]
    if sets:
        lines.append(("What-if: " if en else "假设: ") + "  ".join(f"--set {s}" for s in sets))
    feasible, qualitative, blocked = split_plans(plans)
    budget = top or len(plans)
    i = 0

    def section(title: str, group: list[dict], compact: bool) -> None:
        nonlocal i, budget
        if not group or budget <= 0:
            return
        lines.append("")
        lines.append(f"{title} ({len(group)})")
        for p in group:
            if budget <= 0:
                break
            i += 1
            budget -= 1
            plan = plan_lines(p, lang, i, compact=compact)
            if not audit:
                plan[0] = plan[0].replace(f"  · {p['rule_id']}", "")
            lines.extend("  " + x for x in plan)
            if not compact and p["feasible"] and p["verified"]:
                tries = " ".join(f"--set {s}" for s in plan_to_sets(p))
                if tries:
                    lines.append("      " + ("Try: " if en else "试算: ")
                                 + f"xacheck check {path} --as-of {as_of.isoformat()} {tries}")

    if not plans:
        lines.append("")
        lines.append("Nothing to plan: every measure that concerns this profile applies or awaits assessment "
                     "(targets and indicators: see `xacheck check`)." if en else
                     "没有可规划的差距：涉及该主体的措施均已适用或待评审（目标与指标的进度见 xacheck check）。")
    section("Nearest opportunities — reachable by changing figures or supplying data" if en
            else "最近的机会 — 调整数据或补充字段即可达到", feasible, False)
    section("Needs a title or a fact, not a figure" if en else "需取得资质或具备相应事实", qualitative, False)
    section("Out of reach (closed window, place, industry)" if en else "无法通过调整达到（窗口已关闭、地域、领域等）",
            [p for p in blocked if p["blocker"] != "shrink"], True)
    section("Only by shrinking the firm — not an opportunity" if en else "须缩小规模方能满足 — 不作为机会",
            [p for p in blocked if p["blocker"] == "shrink"], True)
    hidden = len(plans) - i
    if hidden > 0:
        lines.append("")
        lines.append(f"… {hidden} more (--top 0 shows all)" if en else f"…… 另有 {hidden} 项未列出（--top 0 显示全部）")
    lines.append("")
    lines.append("✔ verified by re-evaluating the rule with the changes; ? needs the missing data; ✘ not reachable"
                 if en else "✔ 已按调整后的数据复核；? 需补充数据后才能复核；✘ 无法达到")
    return "\n".join(lines) + "\n"


@click.command("diff")
@click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("other", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as-of", type=DATE, help="The 'before' day (default: today).")
@click.option("--to", "to_date", type=DATE, help="The 'after' day (default: the --as-of day).")
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE", help=SET_HELP + " Applies to the 'after' side.")
@click.option("--within", type=click.IntRange(min=0), default=90, show_default=True,
              help="List rules held after the change whose deadline is within this many days.")
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--pack", "pack_ids", multiple=True, help="Only these packs (repeatable).")
@audit_option
@rules_options
@handle_errors
def diff_cmd(profile, other, as_of, to_date, sets, within, lang, fmt, pack_ids, rules_dirs, no_shipped,
             audit=False) -> None:
    """What changes: PROFILE before vs after --set, vs OTHER profile, or --as-of D1 vs --to D2.

    \b
    xacheck diff firm.yaml --set rd_expense_wan=2575.01        # what would a higher R&D spend gain?
    xacheck diff firm-2024.yaml firm-2025.yaml                  # two profiles
    xacheck diff firm.yaml --as-of 2026-12-31 --to 2027-01-01   # what is lost on 2027-01-01?
    """
    eng = _engine(rules_dirs, no_shipped)
    answer = eng.diff(profile, other, as_of=as_of, to=to_date, sets=sets, within=within, lang=lang, packs=pack_ids)
    if fmt == "json":
        out = answer.to_dict()
        out["before"]["source"], out["after"]["source"] = str(profile), str(other or profile)
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    x = answer.extra
    click.echo(render_diff_text(x["before_profile"], x["after_profile"], x["as_of"], x["to"], list(sets), x["diff"],
                                lang, within, audit), nl=False)


def render_diff_text(before_prof, after_prof, d1, d2, sets, d: dict, lang: str, within: int,
                     audit: bool = False) -> str:
    """What changed, as text; rule ids only with ``audit``."""
    from ..i18n import status_label

    en = lang == "en"
    sep = "; " if en else "；"
    left = f"{before_prof.name} @ {d1.isoformat()}"
    right = (f"{after_prof.name} @ {d2.isoformat()}" if after_prof.name != before_prof.name
             else f"@ {d2.isoformat()}" if d2 != d1 else "")
    if sets:
        right = (right + "  " if right else "") + " ".join(f"--set {s}" for s in sets)
    lines = [f"{left}  →  {right}"]
    c = d["counts"]
    lines.append(f"gained {c['gained']}, lost {c['lost']}, changed {c['changed']}, expiring within {within} days "
                 f"{c['expiring']}, unchanged {d['unchanged']}" if en else
                 f"获得 {c['gained']}，失去 {c['lost']}，状态变化 {c['changed']}，{within} 天内到期 {c['expiring']}，"
                 f"未变 {d['unchanged']}")

    def head(it: dict, mark: str) -> str:
        title = it["title_en"] if en else it["title"]
        frm = status_label(it["from"], lang) if it["from"] else "—"
        to = status_label(it["to"], lang) if it["to"] else "—"
        rid = f"  · {it['rule_id']}" if audit else ""
        return f"  {mark} {it['clause']} {title}{rid}  {frm} → {to}"

    groups = [("gained", "Gained" if en else "获得", "+"), ("lost", "Lost" if en else "失去", "-"),
              ("changed", "Changed" if en else "状态变化", "~")]
    for key, title, mark in groups:
        if not d[key]:
            continue
        lines += ["", f"{title} ({len(d[key])})"]
        for it in d[key]:
            lines.append(head(it, mark))
            sup = it["supports_en"] if en else it["supports"]
            if sup and key != "changed":
                lines.append("      " + ("Supports: " if en else "支持内容: ") + sep.join(sup))
            reason = it["reason"]
            if it["to"] == "expired":
                reason = f"in force until {it['deadline']}; expired" if en else f"截止 {it['deadline']}，已失效"
            if key == "lost" and reason:
                lines.append("      " + ("Why: " if en else "原因: ") + reason)
    if d["expiring"]:
        lines += ["", (f"Expiring within {within} days of {d2.isoformat()}" if en
                       else f"{d2.isoformat()} 起 {within} 天内到期") + f" ({len(d['expiring'])})"]
        for it in d["expiring"]:
            title = it["title_en"] if en else it["title"]
            left_days = (f"{it['days_left']} days left" if en else f"剩余 {it['days_left']} 天")
            lines.append(f"  ⌛ {it['clause']} {title}" + (f"  · {it['rule_id']}" if audit else "") + "  "
                         + ("deadline " if en else "截止 ") + f"{it['deadline']} ({left_days})")
    if not (d["gained"] or d["lost"] or d["changed"]):
        lines += ["", "No status changes." if en else "没有状态变化。"]
    return "\n".join(lines) + "\n"
