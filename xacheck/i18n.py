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
