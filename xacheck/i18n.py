"""User-facing words in Chinese (default) and English, and number formatting in the profile's units."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

STATUS = {
    "applies": ("适用", "applies"),
    "not_applicable": ("不适用", "not applicable"),
    "unknown": ("待补充数据", "unknown (data missing)"),
    "needs_assessment": ("需评审认定", "needs assessment"),
    "expired": ("已失效", "expired"),
    "not_yet_effective": ("尚未生效", "not yet effective"),
    "met": ("已达成", "met"),
    "not_met": ("未达成", "not met"),
    "on_track": ("进度正常", "on track"),
    "behind": ("进度滞后", "behind"),
}

KIND = {
    "measure": ("措施", "measure"),
    "programme": ("计划/工程", "programme"),
    "target": ("目标", "target"),
    "indicator": ("指标", "indicator"),
}

#: order in which statuses are shown: what to act on first
STATUS_ORDER = ["applies", "needs_assessment", "unknown", "behind", "on_track", "met", "not_met",
                "not_applicable", "not_yet_effective", "expired"]

WORDS = {
    "supports": ("支持内容", "Supports"),
    "thresholds": ("门槛", "Thresholds"),
    "missing": ("需补充字段", "Fields that would settle it"),
    "source": ("出处", "Source"),
    "deadline": ("截止", "Deadline"),
    "days_left": ("剩余 {n} 天", "{n} days left"),
    "days_past": ("已过 {n} 天", "{n} days ago"),
    "due_today": ("今日截止（剩余 0 天）", "ends today (0 days left)"),
    "criteria": ("评审要点", "Criteria a reviewer weighs"),
    "evidence": ("建议准备材料", "Evidence to prepare"),
    "why_not": ("不满足", "Not met"),
    "needs": ("需", "needs"),
    "short_by": ("差 {gap}", "short by {gap}"),
    "over_by": ("超出 {gap}", "over by {gap}"),
    "at_threshold": ("恰在门槛上，需严格超过", "exactly at the threshold; must exceed it"),
    "ok": ("满足", "met"),
    "unknown_value": ("未知", "unknown"),
    "more_of": ("即按当前{den}，{num}需再增加 {amount}", "i.e. {amount} more {num} at this {den}"),
    "less_of": ("即按当前{den}，{num}需减少 {amount}", "i.e. {amount} less {num} at this {den}"),
    "more_of_strict": ("即按当前{den}，{num}需增加超过 {amount}", "i.e. more than {amount} more {num} at this {den}"),
    "less_of_strict": ("即按当前{den}，{num}需减少超过 {amount}", "i.e. more than {amount} less {num} at this {den}"),
    "points": ("{v} 个百分点", "{v} points"),
    "summary": ("{name}：截至 {as_of}，共 {n} 项；", "{name}: as of {as_of}, {n} items; "),
    "as_of": ("评估日期", "As of"),
    "profile": ("主体", "Profile"),
    "status": ("状态", "Status"),
    "item": ("事项", "Item"),
    "clause": ("条款", "Clause"),
    "baseline": ("基期值", "Baseline"),
    "target": ("目标值", "Target"),
    "actual": ("实际值", "Actual"),
    "expected": ("按线性进度应达", "Expected on the straight line"),
    "progress": ("完成进度", "Progress"),
    "floor": ("守住底线", "floor to hold"),
    "no_baseline": ("无基期值", "no baseline"),
    "basis": ("依据", "Basis"),
    "of_which": ("其中", "of which"),
    "titles": ("已获称号的有效期", "Titles held and when they lapse"),
    "lapsed": ("已过期 {n} 天", "lapsed {n} days ago"),
    "renew": ("请及时复审/重新认定", "renew in time"),
    "notes": ("说明", "Notes"),
    "soon": ("即将到期", "ends soon"),
    "issued_unknown": ("发布日期未载明", "issue date not stated"),
    "year_needed": ("需 {year} 年的数据：期限在 {year} 年，{period} 年的数据不能说明届时是否达成",
                    "needs the {year} figure: the target is due in {year}, and a {period} figure does not say whether "
                    "it was met then"),
    "open_list": ("原文列举未尽（等）：所填的值不在列举之内，是否属同类由评审判断（{cond}）",
                  "the text's list is not exhaustive (…等): the value given is not among those listed, so whether it "
                  "counts is for a reviewer to judge ({cond})"),
}


#: what each status means, for a reader of a workbook (the legend on its summary sheet)
STATUS_MEANING = {
    "applies": ("全部条件满足，可申请或享受所列支持", "every stated condition holds; the supports are on offer"),
    "not_applicable": ("有条件不满足（最接近的差距见“差距”列）", "a stated condition is not met (the nearest gap is shown)"),
    "unknown": ("缺少数据，补充“需补充字段”后可判断；缺数据不等于不满足",
                "data is missing: the fields listed would settle it; missing is never read as no"),
    "needs_assessment": ("条文为定性表述（一事一议、重点支持等），需主管部门评审认定",
                         "the text is qualitative: a reviewer decides"),
    "expired": ("评估日已过有效期", "past its validity on the as-of day"),
    "not_yet_effective": ("评估日尚未生效", "not yet in force on the as-of day"),
    "met": ("目标期限已过，已达成", "deadline passed: met"),
    "not_met": ("目标期限已过，未达成", "deadline passed: not met"),
    "on_track": ("期限未到，进度正常", "before the deadline: on track"),
    "behind": ("期限未到，进度滞后", "before the deadline: behind"),
}

#: the words of the scored workbook (``batch -o x.xlsx``), the template (``xacheck template``) and the book
#: over time (``batch --to``)
BOOK = {
    "sheet_results": ("评估结果", "results"),
    "sheet_summary": ("汇总", "summary"),
    "sheet_rules": ("规则说明", "rules"),
    "sheet_changes": ("变化", "changes"),
    "sheet_data": ("企业信息", "clients"),
    "sheet_notes": ("填表说明", "notes"),
    "sheet_lists": ("选项", "lists"),
    "n_applies": ("适用（项）", "applies (rules)"),
    "n_needs_assessment": ("需评审认定（项）", "needs assessment (rules)"),
    "n_unknown": ("待补充数据（项）", "unknown (rules)"),
    "nearest_rule": ("最接近适用", "nearest to applying"),
    "nearest_gap": ("差距", "gap"),
    "nearest_rel": ("差距（相对门槛）", "gap (relative to the threshold)"),
    "missing": ("需补充字段", "fields that would settle unknown rules"),
    "error": ("错误", "error"),
    "warning": ("提示", "warning"),
    "confidence_note": ("可信度提示", "confidence"),
    "short_by": ("{field} 差 {gap}", "{field} short by {gap}"),
    "over_by": ("{field} 超出 {gap}", "{field} over by {gap}"),
    "supports_note": ("支持内容：", "Supports: "),
    "summary_title": ("批量评估汇总：{file}（评估日期 {as_of}）", "Batch summary: {file} (as of {as_of})"),
    "summary_rows": ("共 {rows:,} 行；{errors:,} 行有错误", "{rows:,} rows; {errors:,} with errors"),
    "summary_left_out": ("另有 {n} 项规则在评估日不在有效期内（已失效或尚未生效），未列出；加 --all-rules 可列出",
                         "{n} rules not in force on the as-of day (expired or not yet effective) are left out; "
                         "--all-rules lists them"),
    "rule": ("规则", "rule"),
    "rule_id": ("规则编号", "rule id"),
    "total": ("合计", "total"),
    "legend": ("状态说明", "What the statuses mean"),
    "status": ("状态", "status"),
    "meaning": ("含义", "meaning"),
    "error_rows": ("有错误的行", "Rows with errors"),
    "error_rows_cap": ("（仅列出前 {n:,} 行）", "(the first {n:,} only)"),
    "row": ("行号", "row"),
    "who": ("企业", "client"),
    "heading": ("结果表列标题", "heading in the results"),
    "kind": ("类别", "kind"),
    "document": ("文件", "document"),
    "source": ("出处", "source"),
    "clause": ("条款", "clause"),
    "title": ("名称", "title"),
    "supports": ("支持内容", "supports"),
    "conditions": ("条件", "conditions"),
    "quote": ("原文摘录", "quote"),
    "valid": ("有效期", "in force"),
    "confidence": ("可信度", "confidence"),
    "basis": ("依据", "basis"),
    "notes": ("说明", "notes"),
    "qualitative": ("（定性，需评审）", "(qualitative: a reviewer decides)"),
    # the book over time
    "gained": ("获得", "gained"),
    "lost": ("失去", "lost"),
    "changed": ("状态变化", "changed"),
    "n_gained": ("获得（项）", "gained (rules)"),
    "n_lost": ("失去（项）", "lost (rules)"),
    "n_changed": ("状态变化（项）", "changed (rules)"),
    "before": ("之前", "before"),
    "after": ("之后", "after"),
    "clients_gain": ("{n:,} 家客户获得 {rule}", "{n:,} clients gain {rule}"),
    "clients_lose": ("{n:,} 家客户失去 {rule}", "{n:,} clients lose {rule}"),
    "clients_change": ("{n:,} 家客户 {rule} 状态变化", "{n:,} clients change on {rule}"),
    "diff_title": ("客户名册变化：{before} → {after}", "The book over time: {before} → {after}"),
    "diff_counts": ("{rows:,} 家客户：{gain:,} 家有获得，{lose:,} 家有失去，{change:,} 家有其他状态变化，{same:,} 家无变化",
                    "{rows:,} clients: {gain:,} gain something, {lose:,} lose something, {change:,} change otherwise, "
                    "{same:,} unchanged"),
    "no_changes": ("没有状态变化。", "No status changes."),
    "removed": ("（规则已删除）", "(rule removed)"),
    "added": ("（新增规则）", "(new rule)"),
    # the template
    "tpl_field": ("列标题", "heading"),
    "tpl_key": ("字段键", "field key"),
    "tpl_type": ("类型", "type"),
    "tpl_unit": ("单位", "unit"),
    "tpl_help": ("填写说明", "how to fill it in"),
    "tpl_choices": ("可选值", "choices"),
    "tpl_rules": ("用到该字段的规则数", "rules that read it"),
    "tpl_intro": ("每行填写一家企业；不知道的留空（留空表示“未知”，不会被当作“否”）。金额单位见列标题。完成后运行：xacheck batch 本文件 -o 结果.xlsx",
                  "One client per row; leave a cell blank when you do not know (blank means unknown, never no). "
                  "Money units are in the headings. Then run: xacheck batch THIS_FILE -o scored.xlsx"),
    "tpl_list_note": ("可多选：用“、”分隔；都没有写“无”", "several: separate with 、 or ,; none: write 无"),
    "tpl_title_date": ("{title}认定日期", "{title} 认定日期"),
    "tpl_title_date_help": ("证书或认定日期（YYYY-MM-DD），用于计算到期与复审日期（xacheck deadlines --book）",
                            "the certificate date (YYYY-MM-DD): gives the lapse and renewal dates (deadlines --book)"),
    "yes": ("是", "是"),
    "no": ("否", "否"),
    "type_number": ("数字", "number"),
    "type_integer": ("整数", "whole number"),
    "type_boolean": ("是/否", "yes/no"),
    "type_date": ("日期 YYYY-MM-DD", "date YYYY-MM-DD"),
    "type_enum": ("单选", "one of the choices"),
    "type_list": ("多选", "several of the choices"),
    "type_string": ("文字", "text"),
    "row_kind": ("行类型", "row"),
    "tpl_wrote": ("已写入 {path}：{cols} 列，{rows} 行", "wrote {path}: {cols} columns, {rows} rows"),
    # deadlines --book
    "cal_head": ("{book}：{rows:,} 家客户中 {n:,} 家，{events:,} 个事件", "{book}: {n:,} of {rows:,} clients, {events:,} events"),
    "cal_group": ("《{pack}》— {n:,} 家客户", "“{pack}” — {n:,} client(s)"),
    "cal_more": (" 等 {n:,} 家", " … {n:,} in all"),
    "cal_wrote": ("已写入 {path}（{n:,} 个日历事件）", "wrote {path} ({n:,} events)"),
    "cal_errors": ("{errors:,} / {rows:,} 行有错误（未列入日历）", "{errors:,} of {rows:,} rows had errors (not in the calendar)"),
}

#: what a row of the input is (the ``row_kind`` result column): scored as a client, or kept in place unscored
ROW_KIND = {
    "scored": ("已评估", "scored"),
    "blank": ("空行", "blank"),
    "note": ("注释行", "note"),
    "totals": ("合计行", "totals"),
    "unreadable": ("无法读取", "unreadable"),
}


def book(key: str, lang: str, **kw: Any) -> str:
    """A word of the workbook, template or book-over-time output in ``lang``."""
    return say(BOOK, key, lang, **kw)

#: kinds of dates in ``xacheck deadlines``
DEADLINE_KIND = {
    "expiry": ("到期", "expires"),
    "target": ("目标期限", "target due"),
    "effective": ("生效", "takes effect"),
    "condition": ("条件日期", "date in a condition"),
    "switch": ("新旧版本切换", "new version takes over"),
    "renewal": ("称号到期需复审", "title lapses: renew"),
}


def pick(table: dict, key: str, lang: str) -> str:
    """The zh or en word for ``key`` in a table of (zh, en) pairs; the key itself when it is not there."""
    zh, en = table.get(key, (key, key))
    return en if lang == "en" else zh


def say(table: dict, key: str, lang: str, **kw: Any) -> str:
    """The zh or en text for ``key`` in a table of (zh, en) pairs, with ``{placeholders}`` filled in."""
    zh, en = table[key]
    text = en if lang == "en" else zh
    return text.format(**kw) if kw else text


def t(key: str, lang: str, **kw: Any) -> str:
    return say(WORDS, key, lang, **kw)


def status_label(status: str, lang: str) -> str:
    return pick(STATUS, status, lang)


def kind_label(kind: str, lang: str) -> str:
    return pick(KIND, kind, lang)


def fmt_decimal(v: Decimal, places: int = 2, grouping: bool = True) -> str:
    """Round half-up for display only (never for deciding), drop trailing zeros."""
    q = Decimal(1).scaleb(-places)
    r = v.quantize(q, rounding=ROUND_HALF_UP)
    text = f"{r:,.{places}f}" if grouping else f"{r:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_value(v: Any, unit: str | None, lang: str = "zh") -> str:
    """A value in its unit: ratios as percentages, money with 万元, dates as ISO."""
    if v is None:
        return t("unknown_value", lang)
    if isinstance(v, bool):
        return ("是" if v else "否") if lang != "en" else ("yes" if v else "no")
    if isinstance(v, Decimal):
        if unit == "ratio":
            return fmt_decimal(v * 100, 2) + "%"
        if unit == "%":
            return fmt_decimal(v, 2) + "%"
        text = fmt_decimal(v, 2)
        return f"{text} {unit}" if unit else text
    if isinstance(v, (list, tuple)):
        return "、".join(map(str, v)) if lang != "en" else ", ".join(map(str, v))
    return str(v)


def fmt_gap(gap: Decimal, unit: str | None, lang: str) -> str:
    if unit == "ratio":
        return t("points", lang, v=fmt_decimal(gap * 100, 2))
    if unit == "%":
        return t("points", lang, v=fmt_decimal(gap, 2))
    return fmt_value(gap, unit, lang)
