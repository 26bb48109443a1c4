"""The one message catalogue: everything a person reads, in Chinese (default) and English.

Two forms, one catalogue:

* keyed tables of ``(zh, en)`` pairs (:data:`STATUS`, :data:`WORDS`, …) for the words renderers share,
  looked up with :func:`t` / :func:`pick`;
* :data:`ZH`, English message -> Chinese, for sentences: help text, errors, prompts. Code writes the
  English (``Msg("unknown field {name!r}", name=k)``, ``help="Only these packs."``) and the edge says it in
  the reader's language with :func:`tr`. Like gettext, a message missing from :data:`ZH` would print in
  English inside Chinese output — ``tests/test_one_language.py`` fails on any such string.

The language in force for the command line (``--lang``, then ``XACHECK_LANG``, then the locale, else zh)
is decided once at the edge (:func:`set_ui_lang`); the core never reads it — errors carry a
:class:`Msg`, which knows both languages, and renderers take ``lang`` as an argument.
Number formatting in the profile's units lives here too.
"""
from __future__ import annotations

import os
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Any, Mapping

LANG_CODES = ("zh", "en")

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
    "no_current_figure": ("无当期数据", "no figure after the baseline"),
    "year_needed": ("需 {year} 年的数据：期限在 {year} 年，{period} 年的数据不能说明届时是否达成",
                    "needs the {year} figure: the target is due in {year}, and a {period} figure does not say whether "
                    "it was met then"),
    "open_list": ("原文列举未尽（等）：所填的值不在列举之内，是否属同类由评审判断（{cond}）",
                  "the text's list is not exhaustive (…等): the value given is not among those listed, so whether it "
                  "counts is for a reviewer to judge ({cond})"),
}

#: profile types as people say them
TYPE_WORDS = {"enterprise": ("企业", "enterprise"), "project": ("项目", "project"),
              "institution": ("机构", "institution"), "region": ("城市/园区", "city / park")}


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


def display_context(v: Decimal, places: int = 2) -> Context:
    """A decimal context wide enough to show ``v`` to ``places`` decimals exactly: every digit of it and of
    its integer part, plus the decimals. The default 28 digits fail on a profile figure of 10^27 or more
    (xacheck accepts them up to 10^30), on a condition's 40-digit literal or on a ratio over a tiny revenue."""
    if not v.is_finite():
        return Context()
    digits = max(len(v.as_tuple().digits), v.adjusted() + 1, 1) + max(places, 0) + 4
    return Context(prec=max(28, digits))


def scaled(v: Decimal, power: int) -> Decimal:
    """``v`` times 10**power, exactly (a ratio as a percentage): ``v * 100`` would round to 28 digits."""
    return v.scaleb(power, display_context(v, abs(power)))


def fmt_decimal(v: Decimal, places: int = 2, grouping: bool = True) -> str:
    """Round half-up for display only (never for deciding), drop trailing zeros."""
    if not v.is_finite():  # (never a value xacheck accepts; shown as it is rather than failing the page)
        return str(v)
    with localcontext(display_context(v, places)):
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
            return fmt_decimal(scaled(v, 2), 2) + "%"
        if unit == "%":
            return fmt_decimal(v, 2) + "%"
        text = fmt_decimal(v, 2)
        return f"{text} {unit}" if unit else text
    if isinstance(v, (list, tuple)):
        return "、".join(map(str, v)) if lang != "en" else ", ".join(map(str, v))
    return str(v)


def fmt_gap(gap: Decimal, unit: str | None, lang: str) -> str:
    if unit == "ratio":
        return t("points", lang, v=fmt_decimal(scaled(gap, 2), 2))
    if unit == "%":
        return t("points", lang, v=fmt_decimal(gap, 2))
    return fmt_value(gap, unit, lang)


# --------------------------------------------------------------------------- the language in force

_UI = {"lang": "zh"}


def lang_from_env(environ: Mapping[str, str] | None = None) -> str:
    """``XACHECK_LANG``, then the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: the first one set wins, as
    POSIX has it): ``en…`` means English, ``zh…`` Chinese; anything else (C, POSIX, unset) Chinese."""
    env = os.environ if environ is None else environ
    chosen = (env.get("XACHECK_LANG") or "").strip().lower()
    if not chosen:
        chosen = next(((env.get(v) or "").strip().lower() for v in ("LC_ALL", "LC_MESSAGES", "LANG")
                       if (env.get(v) or "").strip()), "")
    return "en" if chosen.startswith("en") else "zh"


def set_ui_lang(lang: str) -> None:
    """Set the language of the command line (help, errors); called once per run by the CLI's edge."""
    _UI["lang"] = "en" if lang == "en" else "zh"


def ui_lang() -> str:
    """The language of the command line for this run (see :func:`set_ui_lang`)."""
    return _UI["lang"]


# --------------------------------------------------------------------------- messages

def _param(v: Any, lang: str) -> Any:
    if isinstance(v, Msg):
        return v.text(lang)
    if hasattr(v, "zh") and hasattr(v, "en") and not isinstance(v, str):  # a bilingual text (Pair, model.Text)
        return (v.en or v.zh) if lang == "en" else v.zh
    return v


class Msg(str):
    """A message whose ``str`` value is the English text and which says itself in Chinese with
    ``.text("zh")``: ``Msg("expected a number, got {raw!r}", raw="五万")``.

    The template is the catalogue key (:data:`ZH`); parameters may themselves be :class:`Msg` or a
    bilingual text (:class:`Pair`), rendered in the same language. Being a ``str``, a message goes
    anywhere text goes (exceptions, logs); the language is chosen only where it is shown.
    """

    template: str
    params: dict

    def __new__(cls, template: str, **params: Any) -> "Msg":
        self = super().__new__(cls, _fill(template, params, "en"))
        self.template = template
        self.params = params
        return self

    def with_params(self, **params: Any) -> "Msg":
        """The same message with some parameters replaced (a quoted value cut short …)."""
        return type(self).__new__(type(self), self.template, **{**self.params, **params})

    def text(self, lang: str) -> str:
        if lang == "en":
            return str.__str__(self)
        return _fill(ZH.get(self.template, self.template), self.params, lang)

    def __reduce__(self):  # pickling (multiprocessing) keeps both languages
        return (_rebuild_msg, (self.template, self.params))


def _rebuild_msg(template: str, params: dict) -> Msg:
    return Msg(template, **params)


def _fill(template: str, params: dict, lang: str) -> str:
    if not params:
        return template
    return template.format(**{k: _param(v, lang) for k, v in params.items()})


class Pair(tuple):
    """A bilingual text ``(zh, en)`` usable as a :class:`Msg` parameter (a field's label, a title)."""

    def __new__(cls, zh: str, en: str | None = None) -> "Pair":
        return super().__new__(cls, (zh, en or zh))

    @property
    def zh(self) -> str:
        return self[0]

    @property
    def en(self) -> str:
        return self[1]

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def tr(text: Any, lang: str | None = None) -> str:
    """``text`` in ``lang`` (default: the command line's): a :class:`Msg` says itself; plain English text
    is looked up in :data:`ZH` (help strings are written this way); anything else is shown as it is."""
    lang = lang or ui_lang()
    if isinstance(text, Msg):
        return text.text(lang)
    if text is None:
        return ""
    s = str(text)
    return s if lang == "en" else ZH.get(s, s)


def msg(lang: str, template: str, **params: Any) -> str:
    """A catalogue sentence said in ``lang`` right away (renderers): ``msg(lang, "{n} more", n=3)``."""
    return Msg(template, **params).text(lang)


def join(items, lang: str) -> str:
    """A list in running text: 、 between Chinese items, ", " between English ones."""
    return (", " if lang == "en" else "、").join(str(_param(x, lang)) for x in items)


def did_you_mean(name: str | None) -> "Msg | str":
    """`` (did you mean 'x'?)`` as a message part, or nothing when there is no suggestion."""
    return Msg(" (did you mean {name!r}?)", name=name) if name else ""


def quoted(text: Any, lang: str) -> str:
    """A name quoted the way each language does it: 'x' or “x”."""
    return f"'{text}'" if lang == "en" else f"“{text}”"


#: English message -> Chinese. Grouped by where the words are shown; placeholders match the English
#: (``{x!r}`` in English is written “{x}” in Chinese).
ZH: dict[str, str] = {
    # ---- help of commands and options (the English as written in the decorators)
    "xacheck — check an enterprise, project or region against Xi'an S&T policy measures.\n\n\x08\nxacheck check samples/enterprise-optics.yaml          # what applies, gaps, deadlines\nxacheck check profile.yaml --lang en --format json    # English, machine-readable\nxacheck measures list                                  # browse the encoded measures\nxacheck validate measures/ && xacheck test             # check rule files":
        'xacheck — 对照西安市科技政策措施，检查企业、项目或地区。\n\n\x08\nxacheck check samples/enterprise-optics.yaml          # 可享受什么、差距、截止日期\nxacheck check profile.yaml --lang en --format json    # 英文、机器可读\nxacheck measures list                                  # 浏览已编码的措施\nxacheck validate measures/ && xacheck test             # 检查规则文件',
    'Language of everything shown: zh or en (default: XACHECK_LANG, then the locale, then zh).':
        '显示语言：zh 或 en（默认依次取环境变量 XACHECK_LANG、系统语言设置，否则为 zh）。',
    'Score every row of INPUT against the rules; write one result row per input row to -o.':
        '按规则逐行评估 INPUT，每个输入行在 -o 文件中写出一行结果。',
    'Result file: .csv (UTF-8 with BOM), .xlsx, .jsonl or .parquet.':
        '结果文件：.csv（带 BOM 的 UTF-8）、.xlsx、.jsonl 或 .parquet。',
    'Evaluate as of this day (default: today).':
        '按该日期评估（默认：今天）。',
    'Only these packs (repeatable).':
        '只用这些规则包（可重复）。',
    'Use only the packs given with --rules.':
        '只用 --rules 给出的规则包。',
    "Extra folder (or file) of rule packs; a pack with a shipped pack's id replaces it.":
        '另加的规则包文件夹（或文件）；与内置规则包同名的会替换内置的。',
    'XLSX sheet name or 0-based number (default: the first).':
        'XLSX 工作表名称或从 0 起的序号（默认：第一个）。',
    'Input CSV encoding (default: detect UTF-8, then GBK/GB18030).':
        '输入 CSV 的编码（默认：先识别 UTF-8，再 GBK/GB18030）。',
    'Output CSV encoding (default: utf-8-sig, which Excel opens correctly).':
        '输出 CSV 的编码（默认 utf-8-sig，Excel 可正确打开）。',
    'YAML/JSON/CSV file mapping your column headings to fields (客户收入: revenue_wan).':
        '把表头对应到字段的 YAML/JSON/CSV 文件（如 客户收入: revenue_wan）。',
    'Order rows: most applicable rules, then nearest gap.':
        '行的排序：适用规则最多的在前，其次差距最小的在前。',
    'Also write a Markdown summary here.':
        '另把 Markdown 汇总写到这里。',
    'No summary table on the terminal.':
        '不在终端显示汇总表。',
    'What-if: every row reads VALUE for FIELD (repeatable), e.g. --set has_three_firsts_product=是.':
        '假设：每一行的 FIELD 都取 VALUE（可重复），如 --set has_three_firsts_product=是。',
    'Evaluate one PROFILE (YAML or JSON) against every measure that concerns it.\n\nThe first view leads with what to act on: what the profile can claim now, the nearest opportunities\n(each plan checked by evaluating the rule again), what lapses or must be renewed soon, then one line\ncounting the rest. --all lists every item with its clause.':
        '按所有相关措施评估一个档案 PROFILE（YAML 或 JSON）。\n\n首屏先列出需要行动的事项：现在可享受的支持、最近的机会（每个方案都已按调整后的数据复核）、即将到期或需复审的事项，最后用一行统计其余事项。--all 逐项列出全部事项及原文。',
    'Only results with these statuses (repeatable).':
        '只显示这些状态的结果（可重复）。',
    'What-if: evaluate with FIELD=VALUE (key or Chinese label; repeatable; FIELD+=N adds, FIELD= clears).':
        '假设：按 FIELD=VALUE 评估（字段可写英文键或中文名称；可重复；FIELD+=N 表示增加，FIELD= 表示清空）。',
    'The audit list: every item with its quoted clause, rule id and field keys, expired included.':
        '核对清单：逐项列出全部事项（含已失效的），附原文、规则编号和字段键。',
    'Quote the clause under each item of the first view.':
        '在首屏每一项下附上原文。',
    'Warn this many days before a title (高企 certificate…) lapses (default 180: time to prepare the application; a quarter of a shorter lifetime).':
        '称号（如高企证书）到期前多少天开始提醒（默认 180 天，留出准备申请的时间；有效期较短的称号为其四分之一）。',
    'Every expiry, target date and start date in the packs, soonest first, with days left.\n\n\x08\nxacheck deadlines --within 90d\nxacheck deadlines --profile samples/enterprise-optics.yaml --ics deadlines.ics':
        '规则包中的所有到期日、目标期限和生效日，按先后列出，并注明剩余天数。\n\n\x08\nxacheck deadlines --within 90d\nxacheck deadlines --profile samples/enterprise-optics.yaml --ics deadlines.ics',
    'Count days from this day (default: today).':
        '从该日期起算天数（默认：今天）。',
    'Only dates within this many days: 90d, 12w, 30.':
        '只列出这么多天以内的日期：90d、12w、30。',
    'Only the dates that concern this profile.':
        '只列出与该档案有关的日期。',
    'Also write the dates as an iCalendar file (Outlook, Google, Apple Calendar).':
        '另写出 iCalendar 日历文件（Outlook、Google、Apple 日历可导入）。',
    'Include dates already past.':
        '包括已过的日期。',
    'What changes: PROFILE before vs after --set, vs OTHER profile, or --as-of D1 vs --to D2.\n\n\x08\nxacheck diff firm.yaml --set rd_expense_wan=2575.01        # what would a higher R&D spend gain?\nxacheck diff firm-2024.yaml firm-2025.yaml                  # two profiles\nxacheck diff firm.yaml --as-of 2026-12-31 --to 2027-01-01   # what is lost on 2027-01-01?':
        '比较变化：PROFILE 在 --set 前后、与另一个档案 OTHER、或 --as-of D1 与 --to D2 之间。\n\n\x08\nxacheck diff firm.yaml --set rd_expense_wan=2575.01        # 研发投入提高后能多得什么？\nxacheck diff firm-2024.yaml firm-2025.yaml                  # 两个档案\nxacheck diff firm.yaml --as-of 2026-12-31 --to 2027-01-01   # 2027-01-01 会失去什么？',
    "The 'before' day (default: today).":
        '比较前的日期（默认：今天）。',
    "The 'after' day (default: the --as-of day).":
        '比较后的日期（默认：与 --as-of 相同）。',
    "What-if: evaluate with FIELD=VALUE (key or Chinese label; repeatable; FIELD+=N adds, FIELD= clears). Applies to the 'after' side.":
        '假设：按 FIELD=VALUE 评估（字段可写英文键或中文名称；可重复；FIELD+=N 表示增加，FIELD= 表示清空）。用于比较后的一侧。',
    'List rules held after the change whose deadline is within this many days.':
        '列出变化后仍享有、且截止日期在这么多天以内的规则。',
    'The smallest change to PROFILE that would make each measure it misses apply, nearest first.':
        '对尚不适用的每项措施，给出使其适用的最小改变，差距最小的在前。',
    'Show the N nearest (0 = all).':
        '显示最近的 N 项（0 表示全部）。',
    "Ask the questions the rule packs use and write a commented profile.\n\n\x08\nMost decisive questions first; questions that cannot matter given earlier answers are skipped\n(no R&D questions for a firm outside Xi'an). Press Enter to skip a question, q to finish early;\nwhen the input ends or Ctrl-C is pressed, the answers given so far are written too.\n\x08\nxacheck init -o profile.yaml\nxacheck init --from profile.yaml -o profile.yaml   # ask only what is missing":
        '逐一询问规则包用到的问题，写出带注释的档案。\n\n\x08\n最有决定性的问题先问；根据已有回答已无关的问题不再问\n（西安以外的企业不问研发问题）。回车跳过一题，输入 q 提前结束并保存；\n输入中途结束或按 Ctrl-C 也会保存已回答的内容。\n\x08\nxacheck init -o profile.yaml\nxacheck init --from profile.yaml -o profile.yaml   # 只问缺少的',
    'Write the profile here (default: print it).':
        '把档案写到这里（默认：直接显示）。',
    'Start from this profile and ask only for what is missing.':
        '从这个档案开始，只问缺少的字段。',
    'Profile type (asked if not given).':
        '主体类型（未给出时会询问）。',
    'Day that decides which rules are in force (default: today).':
        '用于判断哪些规则有效的日期（默认：今天）。',
    'Skip questions that only expired rules need.':
        '跳过只有已失效规则才需要的问题。',
    'Overwrite --output if it exists.':
        '--output 已存在时覆盖。',
    'Browse the encoded measures, programmes, targets and indicators.':
        '浏览已编码的措施、计划、目标和指标。',
    'List every rule with its source clause.':
        '列出每条规则及其出处条款。',
    'Only what is in force on this day.':
        '只列出在该日期有效的。',
    'Only these packs.':
        '只用这些规则包。',
    'Show one rule: clause, quote, conditions, supports, tests.':
        '显示一条规则：条款、原文、条件、支持内容、测试用例。',
    'Write a report for PROFILE a client can read: one self-contained HTML file, a PDF or Markdown.\n\nThe client view leads with the warnings (a certificate to renew, measures ending) and what applies,\nthen the gap plan, the deadlines and the items to act on with their clauses; rule ids and encoding\nnotes only in the --audit appendix. A4 pages when printed.\n\n\x08\nxacheck report samples/enterprise-optics.yaml -o report.html\nxacheck report samples/enterprise-optics.yaml -o report.pdf\nxacheck report samples/region-xian-2020.yaml --lang en -o region.html':
        '为档案 PROFILE 写一份客户看得懂的报告：一个独立的 HTML 文件、PDF 或 Markdown。\n\n客户版先列出提醒（需复审的证书、即将到期的措施）和可享受的支持，再列出差距与行动建议、截止日期和逐项说明（附原文）；规则编号和编码说明只放在 --audit 附录中。打印为 A4 页面。\n\n\x08\nxacheck report samples/enterprise-optics.yaml -o report.html\nxacheck report samples/enterprise-optics.yaml -o report.pdf\nxacheck report samples/region-xian-2020.yaml --lang en -o region.html',
    'Write the report here (default: print it); .pdf prints a PDF, .md writes Markdown.':
        '把报告写到这里（默认：直接显示）；.pdf 生成 PDF，.md 写出 Markdown。',
    "html, markdown or pdf (default: from the -o file's extension, else html).":
        'html、markdown 或 pdf（默认按 -o 文件的扩展名，否则为 html）。',
    'Print the report to PDF (needs Chromium; same as --format pdf).':
        '把报告生成 PDF（需要 Chromium；等同 --format pdf）。',
    'Add the audit appendix: rule ids, field keys, source files and encoding notes.':
        '加上核对附录：规则编号、字段键、原文文件和编码说明。',
    'Print the JSON Schema of rule packs or of profiles (for editors and other tools).':
        '显示规则包或档案的 JSON Schema（供编辑器和其他工具使用）。',
    'Run the test cases in rule files and stand-alone test files. Default: the shipped packs.\n\nA stand-alone test file has a top-level `tests:` list whose entries name their `rule:`; rules are\nlooked up in the PATHS given and in the shipped packs.':
        '运行规则文件和独立测试文件中的测试用例。默认：内置规则包。\n\n独立测试文件的顶层是 `tests:` 列表，每项用 `rule:` 指明规则；规则在给出的 PATHS\n和内置规则包中查找。',
    'Only cases whose rule id or name contains this.':
        '只运行规则编号或名称含有此文字的用例。',
    'List passing cases too.':
        '也列出通过的用例。',
    'Write the report to this file instead of standard output.':
        '把结果写到这个文件，而不是标准输出。',
    'Check rule files: YAML, schema, conditions, fields, units, ids, quotes, tests. Default: the shipped packs.':
        '检查规则文件：YAML、结构、条件、字段、单位、编号、原文、测试。默认：内置规则包。',
    'Warnings fail too (advance notices such as XW002 never do).':
        '警告也算失败（XW002 等预先提示除外）。',
    'Day for expiry warnings (default: today, and then they fail no run).':
        '判断到期警告的日期（默认：今天，此时到期警告不会使检查失败）。',
    'More rule folders or files.':
        '更多规则文件夹或文件。',
    "More folders of source documents (repeatable); the shipped packs' documents are always used.":
        '更多原文文件夹（可重复）；内置规则包的原文总会用到。',

    'Append a decision record (JSON line: packs with sha256, profile, statuses) to this file; `xacheck replay` evaluates it again.':
        '把一条决策记录（一行 JSON：规则包及其 sha256、档案、各项状态）追加到此文件；`xacheck replay` 可重新评估。',
    'Write name, id and credit code into the --log record unmasked.':
        '在 --log 记录中不遮盖名称、编号和统一社会信用代码。',
    "Evaluate the decision(s) in RECORD again with today's packs: same, or changed and why.\n\nRECORD is a file written by `--log` (one decision per line) or a `check --format json` answer.\n\n\x08\nxacheck check firm.yaml --log decisions.jsonl\nxacheck replay decisions.jsonl                      # same (the packs have not changed)\nxacheck replay decisions.jsonl --as-of 2027-01-01   # changed: xa-hardtech-2024 expired":
        '用当前的规则包重新评估 RECORD 中的决策：结果相同，或有变化及原因。\n\nRECORD 是 `--log` 写出的文件（每行一条决策）或 `check --format json` 的结果。\n\n\x08\nxacheck check firm.yaml --log decisions.jsonl\nxacheck replay decisions.jsonl                      # 相同（规则包未变）\nxacheck replay decisions.jsonl --as-of 2027-01-01   # 有变化：xa-hardtech-2024 已失效',
    "Evaluate on this day instead of the record's.":
        '按该日期评估，而不是记录中的日期。',
    'Only the record on this line of a log (default: every record).':
        '只评估日志中这一行的记录（默认：全部记录）。',
    'Serve the HTTP JSON API and the self-check page at http://HOST:PORT/ (API docs at /docs).\n\nRule folders come from these options only, never from a request.\n\n\x08\nxacheck serve                               # http://127.0.0.1:8000/\nxacheck serve --rules my-packs --port 9000 --log decisions.jsonl':
        '在 http://HOST:PORT/ 提供 HTTP JSON 接口和自查页面（接口文档见 /docs）。\n\n规则文件夹只能由这些选项给出，请求中不能指定。\n\n\x08\nxacheck serve                               # http://127.0.0.1:8000/\nxacheck serve --rules my-packs --port 9000 --log decisions.jsonl',
    'Address to listen on; 0.0.0.0 exposes the server to the network.':
        '监听地址；0.0.0.0 会把服务开放到网络上。',
    'Decision log: one JSON line per answer (name and credit code masked).':
        '决策日志：每个回答一行 JSON（名称和统一社会信用代码已遮盖）。',
    'Write name, id and credit code into the log unmasked.':
        '在日志中不遮盖名称、编号和统一社会信用代码。',
    'Largest request body in bytes (uploads excepted).':
        '请求体的最大字节数（上传文件除外）。',
    'Largest spreadsheet /batch accepts, in bytes.':
        '/batch 接受的表格文件最大字节数。',
    'Seconds a request may take before it is answered 503.':
        '请求最多可用的秒数，超时回答 503。',
    'Requests evaluated at once (more wait their turn).':
        '同时评估的请求数（其余的排队等候）。',
    'Server processes (one per core answers more requests at once; each loads the packs).':
        '服务进程数（每核一个可同时回答更多请求；每个进程各自加载规则包）。',

    "Show rule ids (and pack ids) beside the items, for checking the encoding.": "在各项旁显示规则编号（和规则包编号），便于核对编码。",

    'Score every row of INPUT against the rules; write one result row per input row to -o.\n\n\x08\nxacheck batch clients.xlsx -o scored.xlsx                 # a workbook for the client, in --lang\nxacheck batch clients.csv -o scored.parquet               # for programs: rule ids and status keys\nxacheck batch clients.xlsx -o changes.xlsx --as-of 2026-12-31 --to 2027-01-01   # who loses what\nxacheck batch clients.xlsx -o changes.csv --to-rules packs-v2/                 # this pack version vs that':
        '按规则逐行评估 INPUT，每个输入行在 -o 文件中写出一行结果。\n\n\x08\nxacheck batch clients.xlsx -o scored.xlsx                 # 给客户的工作簿，按 --lang 的语言\nxacheck batch clients.csv -o scored.parquet               # 供程序读取：规则编号和状态键\nxacheck batch clients.xlsx -o changes.xlsx --as-of 2026-12-31 --to 2027-01-01   # 谁会失去什么\nxacheck batch clients.xlsx -o changes.csv --to-rules packs-v2/                 # 两个规则包版本之比',
    'Also the rules not in force on the as-of day (expired, not yet effective): left out by default.':
        '也包括评估日不在有效期内的规则（已失效、尚未生效）：默认不列出。',
    'The book over time: what each row gains, loses or changes between --as-of and this day.':
        '客户名册随时间的变化：每一行在 --as-of 与此日期之间获得、失去或改变了什么。',
    'The book over time: the after side reads these rule folders too (a pack with the same id replaces the one before: this pack version vs that one).':
        '客户名册随时间的变化：比较后的一侧也读取这些规则文件夹（同名规则包替换之前的：比较两个规则包版本）。',
    'CSV cells exactly as they are: no apostrophe before a cell starting with = + - @ (for programs; Excel would run such a cell as a formula).':
        'CSV 单元格原样写出：以 = + - @ 开头的单元格前不加撇号（供程序读取；Excel 会把这样的单元格当作公式运行）。',
    'Every expiry, target date and start date in the packs, soonest first, with days left.\n\n\x08\nxacheck deadlines --within 90d\nxacheck deadlines --profile samples/enterprise-optics.yaml --ics deadlines.ics\nxacheck deadlines --book clients.xlsx --within 90d --ics book.ics   # every client, one calendar':
        '规则包中的所有到期日、目标期限和生效日，按先后列出，并注明剩余天数。\n\n\x08\nxacheck deadlines --within 90d\nxacheck deadlines --profile samples/enterprise-optics.yaml --ics deadlines.ics\nxacheck deadlines --book clients.xlsx --within 90d --ics book.ics   # 所有客户，一个日历',
    "A client register (CSV, XLSX … as `xacheck batch` reads): every client's dates, each event naming the client; title renewals from columns such as 高新技术企业认定日期.":
        '客户名册（CSV、XLSX 等，与 `xacheck batch` 读取的相同）：每个客户的日期，每个事件注明客户；称号复审日期取自“高新技术企业认定日期”等列。',
    '--book: XLSX sheet name or 0-based number.':
        '--book：XLSX 工作表名称或从 0 起的序号。',
    '--book: a mapping of your headings to fields, as for `xacheck batch`.':
        '--book：表头到字段的对应文件，与 `xacheck batch` 相同。',
    'Write a client register with the fields the packs use, which `xacheck batch` reads with no --map.\n\n\x08\nOUTPUT .xlsx: a data sheet (Chinese headings with units, drop-downs for choices and yes/no, date and\nnumber checks), a notes sheet; .csv: the headings (and rows) only. PROFILES, if given, fill one row each.\n\x08\nxacheck template clients.xlsx\nxacheck template book.xlsx samples/enterprise-*.yaml      # the shipped samples as a book':
        '写出一份客户名册模板，含规则包用到的字段，`xacheck batch` 无需 --map 即可读取。\n\n\x08\nOUTPUT 为 .xlsx：一个数据表（中文表头带单位，选项和是/否有下拉框，日期和数字有校验）\n和一个说明表；为 .csv：只有表头（和各行）。给出 PROFILES 时，每个档案填一行。\n\x08\nxacheck template clients.xlsx\nxacheck template book.xlsx samples/enterprise-*.yaml      # 内置示例组成的名册',
    'Only the fields these packs use (repeatable).':
        '只含这些规则包用到的字段（可重复）。',
    'Headings and notes in this language.':
        '表头和说明使用此语言。',
    'The fields of the rules in force on this day (default: today).':
        '只含该日期有效的规则用到的字段（默认：今天）。',
    'The fields of every rule, also those not in force on --as-of.':
        '所有规则用到的字段，包括 --as-of 时不在有效期内的。',
    'Overwrite OUTPUT if it exists.':
        'OUTPUT 已存在时覆盖。',

    # ---- shared pieces
    " (did you mean {name!r}?)": "（是否想写 “{name}”？）",
    " in {unit}": "，单位 {unit}",
    "plain numbers": "无单位数字",
    "standard output": "标准输出",
    "{label}: {problem}": "{label}：{problem}",
    "{col}: {problem}": "{col}：{problem}",
    "{rule}: {problem}": "{rule}：{problem}",
    "internal error: {kind}: {error}": "内部错误：{kind}：{error}",
    "please report this with the command and input that caused it": "请连同所用命令和输入一并报告此问题",

    # ---- values as people type them (profiles, --set, questionnaire, batch cells)
    "e.g. 1234.5, 1,234.5, １２３４, 12万, 1.2亿, 5% (in % fields); blank, N/A or — for unknown":
        "可写 1234.5、1,234.5、１２３４、12万、1.2亿，百分比字段可写 5%；留空、N/A 或 — 表示未知",
    "e.g. 2024-03-01, 2024/3/1, 2024年3月1日, 20240301, an Excel date number, or 2024年3月 for a month":
        "可写 2024-03-01、2024/3/1、2024年3月1日、20240301、Excel 日期数字，或只写到月份的 2024年3月",
    "{raw!r} is not a real month": "“{raw}” 不是真实存在的月份",
    "give the day the title was granted, not only the month ({raw!r})": "请写明称号获得的具体日期，而不只是月份（“{raw}”）",
    "expected a number{unit}, got {raw!r} ({forms})": "应为数字{unit}，实际为 “{raw}”（{forms}）",
    "expected a number, got {raw!r}": "应为数字，实际为 “{raw}”",
    "expected a finite number, got {raw!r}": "应为有限的数字，实际为 “{raw}”",
    "expected a whole number, got {raw!r}": "应为整数，实际为 “{raw}”",
    "number {raw!r}… is too long": "数字 “{raw}”…… 过长",
    "{raw!r} is outside the dates xacheck reads ({first} to {last})": "“{raw}” 超出 xacheck 可读取的日期范围（{first} 至 {last}）",
    "{value!r} is outside the days xacheck evaluates on ({first} to {last})":
        "“{value}” 超出 xacheck 可评估的日期范围（{first} 至 {last}）",
    "number {raw!r} is out of range (from 1e-30 to 1e30, either sign, or 0)":
        "数字 “{raw}” 超出范围（绝对值须在 1e-30 至 1e30 之间，或为 0）",
    "must be at least {min}, got {raw!r}": "不能小于 {min}，实际为 “{raw}”",
    "must be at most {max}, got {raw!r}": "不能大于 {max}，实际为 “{raw}”",
    "{raw!r} is a percentage, but this field is in {unit} ({forms})": "“{raw}” 是百分比，但本字段的单位是 {unit}（{forms}）",
    "{raw!r} is an amount of money, but this field is in {unit}": "“{raw}” 是金额，但本字段的单位是 {unit}",
    "expected a date ({forms}), got {raw!r}": "应为日期（{forms}），实际为 “{raw}”",
    "{raw!r} looks like a year, not a date ({forms})": "“{raw}” 像是年份而不是日期（{forms}）",
    "{raw!r} is not an Excel date number ({forms})": "“{raw}” 不是 Excel 日期数字（{forms}）",
    "{raw!r} is not a real date": "“{raw}” 不是真实存在的日期",
    "expected yes/no (true/false, 是/否), got {raw!r}": "应为 是/否（也可写 true/false），实际为 “{raw}”",
    "expected text": "应为文字",
    "expected a list": "应为列表",
    "expected one of {choices}, got {raw!r}{hint}": "应为以下之一：{choices}；实际为 “{raw}”{hint}",
    "{raw!r} is not one of {choices}{hint}": "“{raw}” 不在可选项中（{choices}）{hint}",
    "choose one": "只能选一项",
    "unsupported field type {t}": "不支持的字段类型 {t}",
    "统一社会信用代码 must have 18 characters, {code!r} has {n}": "统一社会信用代码应为 18 位，“{code}” 为 {n} 位",
    "统一社会信用代码 {code!r} contains {ch!r}, which the code never uses (no I, O, Z, S, V)":
        "统一社会信用代码 “{code}” 含有 “{ch}”，代码中不会出现该字符（不使用 I、O、Z、S、V）",
    "统一社会信用代码 {code!r} fails its check character (expected {want!r} at the end): probably mistyped":
        "统一社会信用代码 “{code}” 校验位不符（末位应为 “{want}”），可能输错了",

    # ---- reading YAML files (profiles, rule packs)
    "cannot read {value!r}: not a valid date or number": "无法读取 “{value}”：不是有效的日期或数字",
    "YAML syntax error: {detail}": "YAML 格式错误：{detail}",
    "YAML error: {detail}": "YAML 错误：{detail}",
    "YAML nesting too deep": "YAML 嵌套层数过多",
    "YAML value refused: {detail}": "YAML 中的值被拒绝：{detail}",
    "document has more than {n} nodes (alias expansion?)": "文档超过 {n} 个节点（别名展开？）",
    "a mapping of {n} keys (at most {limit} are read)": "映射含 {n} 个键（最多读取 {limit} 个）",
    "nesting deeper than {n} levels": "嵌套超过 {n} 层",
    "file is {size} bytes; the limit is {limit}": "文件有 {size} 字节，上限为 {limit}",
    "cannot read file: {reason}": "无法读取文件：{reason}",
    "file is not UTF-8 (byte {n})": "文件不是 UTF-8 编码（第 {n} 字节）",
    "no such file": "文件不存在",
    "permission denied": "没有读取权限",
    "it is a folder": "这是文件夹",

    # ---- files a user names (xacheck.userfiles) and outputs (xacheck.atomic): never a FIFO, a device, a link
    # out of the folder named, an output over an input; a full disk or a read-only folder said plainly
    "not a regular file ({kind}); name a file": "不是普通文件（{kind}）；请指定一个文件",
    "a folder": "文件夹",
    "a named pipe (FIFO)": "命名管道（FIFO）",
    "a device": "设备文件",
    "a socket or a device": "套接字或设备文件",
    "a special file": "特殊文件",
    "a link that leads to itself": "链接指向自身（循环链接）",
    "a link that leads out of the folder {folder}; only files inside it are read":
        "是指向文件夹 {folder} 之外的链接；只读取该文件夹内的文件",
    "no such file or directory": "文件或文件夹不存在",
    "the output would overwrite the input {input}; choose another file": "输出会覆盖输入文件 {input}；请另选一个输出文件",
    "{first} and {second} name the same file; choose two files": "{first} 和 {second} 指向同一个文件；请指定两个不同的文件",
    "cannot write the file: {reason}; nothing was written": "无法写入文件：{reason}；未写入任何内容",
    "the disk is full": "磁盘已满",
    "the file system is read-only": "文件系统为只读",
    "no permission to write there": "没有在该处写入的权限",
    "the folder does not exist": "文件夹不存在",
    "the file is too large for the file system": "文件超出了文件系统允许的大小",
    "the disk quota is used up": "磁盘配额已用完",
    "the system refused: {reason}": "系统拒绝了操作：{reason}",
    "the output folder {folder} does not exist": "输出文件夹 {folder} 不存在",
    "XLSX holds at most {n} rows; write .csv or .parquet instead": "XLSX 最多容纳 {n} 行；请改写为 .csv 或 .parquet",
    "unknown output type {ext!r}; use .csv, .xlsx, .jsonl or .parquet": "未知的输出类型 “{ext}”；请用 .csv、.xlsx、.jsonl 或 .parquet",
    "--out-encoding {name}: no such text encoding (utf-8-sig, utf-8, gb18030 …)":
        "--out-encoding {name}：没有这种文本编码（可用 utf-8-sig、utf-8、gb18030 等）",
    "--out-encoding {encoding} cannot write {text!r} (output line {line}); use --out-encoding gb18030 or utf-8":
        "--out-encoding {encoding} 无法写出 “{text}”（输出第 {line} 行）；请用 --out-encoding gb18030 或 utf-8",
    "a ':' where a value was expected (a value containing ': ' must be quoted)": "此处不应出现“:”（含“: ”的值须加引号）",
    "a key without ':' after it": "字段名后缺少“:”",
    "a tab character: indent with spaces": "含制表符：请用空格缩进",
    "the indentation does not line up": "缩进没有对齐",
    "the file ends inside a quote or a bracket": "文件在引号或括号内就结束了",
    "a value is missing": "缺少值",
    "an alias (*name) with no anchor (&name)": "别名（*名称）没有对应的锚点（&名称）",
    "the same anchor (&name) twice": "同一个锚点（&名称）出现了两次",

    # ---- --set (what-if)
    "--set {text}: {problem}": "--set {text}：{problem}",
    "--set {text!r}: expected FIELD=VALUE, e.g. --set revenue_wan=51500": "--set “{text}”：应写成 字段=值，如 --set revenue_wan=51500",
    "--set {text!r}: no field name before '='": "--set “{text}”：“=”前缺少字段名",
    "--set {text}: {label} is not a number or a list; {op!r} works on numbers and lists":
        "--set {text}：{label}不是数字或列表；“{op}”只用于数字和列表",
    "--set {text}: {label}: {problem}": "--set {text}：{label}：{problem}",
    "--set {text}: type must be one of {types}": "--set {text}：主体类型应为以下之一：{types}",
    "--set {text}: {op!r} needs a value": "--set {text}：“{op}”后需要一个值",
    "--set {text}: {label} is not in the profile, so there is nothing to add to; use {key}=VALUE":
        "--set {text}：档案中没有{label}，无从增减；请用 {key}=值",
    "--set {text}: {label} would be {new}: {problem}": "--set {text}：{label}将变为 {new}：{problem}",

    # ---- profiles
    "a profile must be a mapping of field: value": "档案应为“字段: 值”的映射",
    "the profile is empty": "档案是空的",
    "{name!r} is given twice (the later value would silently win)": "“{name}” 写了两次（后一个值会悄悄覆盖前一个）",
    "type must be one of {types}": "主体类型应为以下之一：{types}",
    "{label}: date of {name!r}: {problem}": "{label}：“{name}” 的日期：{problem}",
    "unknown field {name!r}{hint}; `xacheck schema profile` lists the fields":
        "未知字段 “{name}”{hint}；全部字段见 `xacheck schema profile`",
    "{label} is computed from {bases}: give those instead": "{label}由{bases}计算得出，请填写这些字段",

    # ---- command line
    "{value!r} is not a date YYYY-MM-DD": "“{value}” 不是 YYYY-MM-DD 格式的日期",
    "{env}={value!r} is not a date YYYY-MM-DD": "{env}=“{value}” 不是 YYYY-MM-DD 格式的日期",
    "Show the version and the rule packs with their data date, and exit.": "显示版本号及各规则包和数据日期，然后退出。",
    "unknown pack {pack!r}{hint}; packs: {packs}": "未知规则包 “{pack}”{hint}；现有规则包：{packs}",
    "a profile is a mapping or a file path, not {kind}": "档案应为映射或文件路径，而不是 {kind}",
    "report format is html or markdown, not {fmt!r}": "报告格式应为 html 或 markdown，而不是 “{fmt}”",
    "nothing to compare: give a second profile, --set FIELD=VALUE, or --to DATE": "没有可比较的：请给出第二个档案、--set 字段=值 或 --to 日期",
    "score() takes a pandas, Polars or Arrow table, not {kind}": "score() 接受 pandas、Polars 或 Arrow 表，而不是 {kind}",

    # ---- check: the first view and the audit list
    "Can claim now {c} · nearest opportunities {n} · lapsing or to renew soon {w}":
        "现在可享受 {c} 项 · 最近的机会 {n} 项 · 即将到期或需复审 {w} 项",
    "{n} targets and indicators to follow · {w} ending soon": "需跟踪的目标与指标 {n} 项 · 即将到期 {w} 项",
    "Can claim now ({n})": "现在可享受 ({n})",
    "Nothing applies outright today; see the nearest opportunities below.": "目前没有直接适用的事项；见下方最近的机会。",
    "Targets and indicators ({n})": "目标与指标 ({n})",
    "Nearest opportunities ({n})": "最近的机会 ({n})",
    "None reachable by changing figures or supplying data.": "暂无调整数据或补充字段即可达到的项目。",
    "supply {n} figure(s): {fields}": "补充 {n} 项数据：{fields}",
    "… {n} more change(s): xacheck gaps": "…… 另有 {n} 项调整：见 xacheck gaps",
    "Unlocks: {what}": "可获得：{what}",
    "{n} more: xacheck gaps PROFILE": "另有 {n} 项：见 xacheck gaps",
    "✔ checked by evaluating the rule again with the changes; ? to be checked once the missing figures are given":
        "✔ 已按调整后的数据复核；? 补充数据后才能复核",
    "Lapsing or to renew soon ({n})": "即将到期或需复审 ({n})",
    "Nothing the profile holds lapses within {n} days.": "{n} 天内没有到期的事项。",
    "{title} lapses on {date} ({days}): prepare the renewal application now":
        "{title} {date} 到期（{days}）：请立即准备重新认定申请",
    "{title} lapsed on {date} ({days}): apply again to hold it": "{title} 已于 {date} 到期（{days}）：需重新申请认定",
    "“{doc}” ends on {date} ({days}): {held} end with it": "《{doc}》{date} 到期（{days}）：{held}随之失效",
    "{a} that apply": "适用的 {a} 项",
    "{b} awaiting assessment": "需评审认定的 {b} 项",
    "Warned {n} days ahead (xacheck's default: time to prepare the application; --renew-lead DAYS changes it)":
        "提前 {n} 天提醒（xacheck 默认值，留出准备申请的时间；可用 --renew-lead 天数 调整）",
    "Also considered: {counts} — every item with its clause: xacheck check --all":
        "另已核对：{counts} — 逐项清单（含原文）：xacheck check --all",
    "{title}  granted {granted}, valid until {lapses} ({left})": "{title}  {granted} 认定，有效至 {lapses}（{left}）",
    "none reachable by changing figures or supplying data": "暂无调整数据即可达到的项目",
    "{n} more": "另有 {n} 项",
    "{n} need a title or are out of reach": "{n} 项需取得资质或无法通过调整达到",
    "{what}: xacheck gaps PROFILE": "{what}：见 xacheck gaps",
    "{n} more (titles to obtain, or out of reach): `xacheck gaps`": "另有 {n} 项（需取得资质或无法通过调整达到）：见 `xacheck gaps`",

    # ---- measures show
    "source": "出处",
    "quote": "原文",
    "applies to": "适用对象",
    "in force": "有效期",
    "when": "条件",
    "supports": "支持内容",
    "criterion": "评审要点",
    "evidence": "建议材料",
    "target": "目标",
    "basis": "依据",
    "tests": "测试用例",
    "confidence": "可信度",
    "after {day}": "{day} 之后",
    "{metric} {op} {value} {unit} by {deadline}; baseline {base}": "{deadline} 前 {metric} {op} {value} {unit}；基期值 {base}",
    "no rule {rule!r}{hint}": "没有规则 “{rule}”{hint}",

    # ---- report, PDF
    "a PDF is written to a file: give -o FILE.pdf": "PDF 需写入文件：请用 -o 文件名.pdf",
    "wrote {where}": "已写入 {where}",
    "Warned {n} days ahead (xacheck default: time to prepare the application)": "提前 {n} 天提醒（xacheck 默认值，留出准备申请的时间）",
    "a PDF needs Chromium (apt-get install chromium, or set XACHECK_CHROMIUM); or write .html and print it to PDF from a browser":
        "生成 PDF 需要 Chromium（apt-get install chromium，或设置 XACHECK_CHROMIUM）；也可写出 .html 后在浏览器中打印为 PDF",
    "Chromium could not print the PDF: {error}": "Chromium 未能生成 PDF：{error}",

    # ---- batch
    "a --map file maps each heading to a field: `客户收入: revenue_wan`": "--map 文件逐行写出“表头: 字段”，如 `客户收入: revenue_wan`",
    "{rows} rows scored; {errors} rows with errors": "共 {rows} 行；{errors} 行有错误",
    " ({total} rows in all; not scored: {parts})": "（表中共 {total} 行；未评估：{parts}）",
    "{n} blank": "空行 {n}",
    "{n} notes": "注释行 {n}",
    "{n} totals": "合计行 {n}",
    "{n} unreadable": "无法读取 {n}",
    "{n} rows": "{n} 行",
    "interrupted ({what}); stopped, no partial output left": "已中断（{what}）；已停止，未留下不完整的输出文件",
    "the file mixes text encodings: it is {first} before line {line}, and line {line} is {then}; read as one, part "
    "of it would be garbled. Save the whole file in one encoding (Excel: 另存为 → CSV UTF-8)":
        "文件混用了两种文字编码：第 {line} 行之前是 {first}，第 {line} 行是 {then}；按同一种编码读取，其中一部分会成为乱码。"
        "请把整个文件存为同一种编码（Excel：另存为 → CSV UTF-8）",
    "GBK or another encoding": "GBK 或其他编码",
    "line {line}: a row of {cells} cell(s) under {width} headings; not read": "第 {line} 行：该行有 {cells} 个单元格，表头却有 {width} 列；未读取",
    "{column}: a cell of {size} bytes (a spreadsheet cell holds far less); left out":
        "{column}：单元格长达 {size} 字节（电子表格的单元格远没有这么长）；未读取",
    "no sheet has headings that name a field (sheets, with the fields their headings name: {sheets}); give --sheet "
    "NAME, or --map for your own headings":
        "没有哪张工作表的表头对应到字段（各工作表及其表头对应的字段数：{sheets}）；请用 --sheet 指定工作表，或用 --map 映射自己的表头",
    "reading sheet {name!r}, whose headings name the most fields (sheets: {sheets}); --sheet picks another":
        "读取工作表 “{name}”：其表头对应的字段最多（各工作表：{sheets}）；可用 --sheet 另选",
    "line {line}: the key {key!r} appears twice (which value is meant?); not read": "第 {line} 行：键 “{key}” 出现两次（无法确定取哪个值）；未读取",
    "line {line}: not a JSON object ({error})": "第 {line} 行：不是 JSON 对象（{error}）",
    "input column(s) {cols} would clash with result columns (rule ids); rename them or map them with --map":
        "输入列 {cols} 与结果列（规则编号）重名；请改名，或用 --map 映射",
    "Batch summary": "批量评估汇总",
    "unknown file type {ext!r}; use .csv, .tsv, .xlsx, .jsonl or .parquet": "未知文件类型 “{ext}”；请用 .csv、.tsv、.xlsx、.jsonl 或 .parquet",
    "the file is neither UTF-8 nor GBK/GB18030 text; give --encoding": "文件既不是 UTF-8 也不是 GBK/GB18030 文本；请用 --encoding 指定编码",
    "the file is empty (no header row)": "文件是空的（没有表头行）",
    "cannot read the input: {error}": "无法读取输入：{error}",
    "column heading(s) appear twice: {names}": "表头重复出现：{names}",
    "cannot find the headings on row {row} reliably; remove the rows above them": "无法可靠地识别第 {row} 行的表头；请删去其上方的行",
    "no sheet {sheet!r}; sheets: {names}": "没有工作表 “{sheet}”；现有工作表：{names}",
    "the heading of column {n} ({name}) holds a NUL character (shown as \\x00), which no result file can carry: the file is damaged; remove it":
        "第 {n} 列的表头（{name}）含 NUL 字符（显示为 \\x00），任何结果文件都无法保存：文件已损坏，请删去该字符",
    "the input has {n} columns; at most {limit} are read (a register has tens: delete the empty or stray columns)":
        "输入有 {n} 列；最多读取 {limit} 列（名册一般只有几十列：请删去空列或多余的列）",
    "{n} more problems are not listed ({names}); fix the ones above and run again":
        "另有 {n} 处问题未列出（{names}）；请先改正上面列出的，再运行一次",
    "{n} more columns match no field ({names}); carried through unchanged":
        "另有 {n} 列不对应任何字段（{names}），原样保留",
    # ---- an XLSX refused before it is read (xacheck/batch/xlsx_guard.py)
    "the workbook holds {n} parts (at most {limit} are read)": "工作簿含 {n} 个部件（最多读取 {limit} 个）",
    "part {part} inflates to {size} bytes (at most {limit} are read)": "部件 {part} 解压后为 {size} 字节（最多读取 {limit} 字节）",
    "part {part} inflates {ratio} to 1 ({stored} → {size} bytes): a zip bomb, not a spreadsheet":
        "部件 {part} 解压比为 {ratio}:1（{stored} → {size} 字节）：这是压缩炸弹，不是电子表格",
    "part {part} inflates beyond {limit} bytes": "部件 {part} 解压后超过 {limit} 字节",
    "part {part} is damaged ({error})": "部件 {part} 已损坏（{error}）",
    "part {part} says it holds {count} strings, but its {size} bytes hold at most {most}: not a spreadsheet the reader can open safely":
        "部件 {part} 声称含 {count} 个字符串，但其 {size} 字节最多只能容纳 {most} 个：无法安全打开此文件",
    "sheet {name!r} inflates beyond {limit} bytes": "工作表 “{name}” 解压后超过 {limit} 字节",
    "sheet {name!r} has a cell at {cell}, outside Excel's sheet (the last cell is XFD1048576); the file is not a valid workbook":
        "工作表 “{name}” 在 {cell} 处有单元格，超出了 Excel 工作表的范围（最后一个单元格是 XFD1048576）；文件不是有效的工作簿",
    "sheet {name!r} is not well-formed XML ({error})": "工作表 “{name}” 不是格式正确的 XML（{error}）",
    "sheet {name!r} spans {n} cells ({cells}) but holds {held}: delete the stray cells far below or beside the table (in Excel: select the empty rows and columns after it, Delete, save)":
        "工作表 “{name}” 跨 {n} 个单元格（{cells}），实际只有 {held} 个：请删去表格下方或旁边远处的零散单元格（Excel 中：选中表格后面的空行和空列，删除，保存）",
    "sheet {name!r} spans {n} columns ({cells}); at most {limit} are read — delete the stray cells far to the right of the table (in Excel: select the empty columns after it, Delete, save)":
        "工作表 “{name}” 跨 {n} 列（{cells}）；最多读取 {limit} 列 — 请删去表格右侧远处的零散单元格（Excel 中：选中表格后面的空列，删除，保存）",
    "sheet {name!r} spans {n} cells ({cells}); at most {limit} are read — delete the stray cells far below or beside the table, or save the sheet as CSV":
        "工作表 “{name}” 跨 {n} 个单元格（{cells}）；最多读取 {limit} 个 — 请删去表格下方或旁边远处的零散单元格，或将工作表另存为 CSV",
    "a totals row ({word}), not a firm: left unscored": "合计行（{word}），不是企业：未评估",
    "the headings are on row {row}: the {n} row(s) above them (a title?) are not data and are left out":
        "表头在第 {row} 行：其上 {n} 行（标题？）不是数据，已略过",
    "column {col!r} is in {unit}: read as {label} in {field_unit} ({factor})": "“{col}” 列单位为 {unit}：按{label}（{field_unit}）读取（{factor}）",
    # batch: the input and options
    "input column(s) {cols} would clash with result columns; rename them or map them with --map":
        "输入中的列 {cols} 与结果列同名；请改名，或用 --map 指明",
    "cannot read the first rows: {why}": "无法读取开头几行：{why}",
    "the input has no header row": "输入没有表头行",
    "--sort orders scored rows; a comparison (--to, --to-rules) keeps the input's order":
        "--sort 用于排序评估结果；比较（--to、--to-rules）保持输入的行序",
    "--set {raw}: batch takes FIELD=VALUE only (the same value for every row)":
        "--set {raw}：batch 只接受 FIELD=VALUE（字段=值，每行取同一个值）",
    # replay, report, serve, template: the user's own mistakes
    "the file is over {mib} MiB": "文件超过 {mib} MiB",
    "not UTF-8 (byte {at})": "不是 UTF-8 编码（第 {at} 字节）",
    "line {n} is not JSON: {why}": "第 {n} 行不是 JSON：{why}",
    "line {n} is not a decision record": "第 {n} 行不是决策记录",
    "no decision record in the file": "文件中没有决策记录",
    "the file has {n} record(s)": "文件只有 {n} 条记录",
    "give --profile or --book, not both": "--profile 与 --book 只能给一个",
    "{path} exists; use --force to overwrite it": "{path} 已存在；要覆盖请加 --force",
    "--type {given} contradicts type: {found} in {path}": "--type {given} 与 {path} 中的 type: {found} 不一致",
    "the server needs the serve extra ({name} is missing): pip install \"xacheck[serve]\"":
        "服务器需要 serve 扩展（缺少 {name}）：pip install \"xacheck[serve]\"",
    "unknown template type {suffix!r}; use .xlsx or .csv": "不认识的模板类型 {suffix}；请用 .xlsx 或 .csv",
    "the file exists (a register someone may have filled in); give --force to replace it":
        "文件已存在（可能是已填写的名册）；要替换请加 --force",
    "column {col!r} matches no field; carried through unchanged{hint}": "“{col}” 列不对应任何字段，原样保留{hint}",
    "the input holds the results of an earlier run ({n} columns, from {first!r} to {last!r}): left out and written "
    "afresh": "输入中有上次评估写入的结果（{n} 列，从“{first}”到“{last}”）：不作为输入，本次重新写出",
    "column {col!r} is {label} again (already read from {first!r}); carried through unchanged":
        "“{col}” 列又是{label}（已从 “{first}” 列读取），原样保留",
    "column {col!r} mixes Excel percentages and plain numbers in its first rows; its cells are read as stored (a cell showing 65% as 0.65) — give the column one number format":
        "“{col}” 列前几行混有 Excel 百分比和普通数字，按存储值读取（显示为 65% 的单元格读作 0.65）— 请统一该列的数字格式",
    "column {col!r} holds Excel percentages: a cell showing 65% (stored as 0.65) is read as 65 for {label}, which is in %":
        "“{col}” 列为 Excel 百分比：显示为 65%（存储为 0.65）的单元格按 65 读入{label}（单位 %）",
    "column {col!r} is formatted as a percentage in Excel, but {label} is in {unit}: its cells are read as stored":
        "“{col}” 列在 Excel 中为百分比格式，但{label}的单位是 {unit}：按存储值读取",
    "--map sends column {col!r} to {target!r}, which is not a field{hint}": "--map 把 “{col}” 列对应到 “{target}”，但它不是字段{hint}",
    "{bad} of {rows} rows had errors (see the error column)": "{rows} 行中有 {bad} 行出错（见 error 列）",
    "rule": "规则",
    "title": "名称",
    "Rows with errors (first five):": "有错误的行（前五个）：",
    "row {n}: {problem}": "第 {n} 行：{problem}",

    # ---- measures list
    "id": "编号",
    "kind": "类别",
    "clause": "条款",
    "deadline": "截止",

    # ---- init (the questionnaire)
    "yes/no, Enter to skip": "是/否，回车跳过",
    "{options}  — several: 1,3; none: none; Enter to skip": "{options}  — 可多选：1,3；都不是：无；回车跳过",
    "{options}; Enter to skip": "{options}；回车跳过",
    "number in {unit}, Enter to skip": "数字，单位 {unit}，回车跳过",
    "number, Enter to skip": "数字，回车跳过",
    "YYYY-MM-DD, Enter to skip": "日期 YYYY-MM-DD，回车跳过",
    "Enter to skip": "回车跳过",
    "Profile type: {options}": "主体类型：{options}",
    "please answer 1-4": "请输入 1-4",
    "Name (of the enterprise, project, institution or region)": "名称（企业、项目、机构或地区名称）",
    "[concerns {n} rule(s)]": "[涉及 {n} 项]",
    "{problem} — try again": "{problem} — 请重新输入",
    "nothing answered yet; nothing written": "尚未回答任何问题，未写入",
    "wrote {where}: {n} answered, {k} skipped": "已写入 {where}：回答 {n} 项，跳过 {k} 项",
    "{why}: the answers so far are kept; to go on, run {command}": "{why}：已保存到目前为止的回答；继续作答请运行 {command}",
    "interrupted": "已中断",
    "input ended": "输入已结束",
}

#: click's own messages (its ``gettext`` msgids) -> Chinese; see :mod:`xacheck.cli.localize`
CLICK_ZH: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "Aborted!": "已中止。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 “{command} {option}” 查看帮助。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令 “{name}”。",
    "No such option {name!r}.": "没有选项 “{name}”。",
    "Did you mean {possibility}?": "是否想写 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否想写其中之一：{possibilities}？）",
    "Got unexpected extra argument ({args})": "多出参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出参数（{args}）",
    "Option {name!r} requires an argument.": "选项 “{name}” 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 “{name}” 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 “{name}” 不带值。",
    "Argument {name!r} takes {nargs} values.": "参数 “{name}” 需要 {nargs} 个值。",
    "{value!r} is not {choice}.": "“{value}” 不是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}” 不在可选值 {choices} 之中。",
    "{value!r} is not a valid {number_type}.": "“{value}” 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 之内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}” 不是是/否值。可用：{states}",
    # ({name} is "File"/"Directory" fixed in English when click built the option: left out in Chinese)
    "{name} {filename!r} does not exist.": "“{filename}” 不存在。",
    "{name} {filename!r} is a directory.": "“{filename}” 是文件夹。",
    "{name} {filename!r} is a file.": "“{filename}” 是文件。",
    "{name} {filename!r} is not readable.": "“{filename}” 不可读。",
    "{name} {filename!r} is not writable.": "“{filename}” 不可写。",
    "Could not open file {filename!r}: {message}": "无法打开文件 “{filename}”：{message}",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "integer": "整数",
    "float": "数字",
    "Error: invalid input": "错误：输入无效",
    "unknown error": "未知错误",
}
