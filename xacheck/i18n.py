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
from decimal import ROUND_HALF_UP, Decimal
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
}

#: profile types as people say them
TYPE_WORDS = {"enterprise": ("企业", "enterprise"), "project": ("项目", "project"),
              "institution": ("机构", "institution"), "region": ("城市/园区", "city / park")}


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
    "e.g. 2024-03-01, 2024/3/1, 2024年3月1日, 20240301, or an Excel date number":
        "可写 2024-03-01、2024/3/1、2024年3月1日、20240301 或 Excel 日期数字",
    "expected a number{unit}, got {raw!r} ({forms})": "应为数字{unit}，实际为 “{raw}”（{forms}）",
    "expected a number, got {raw!r}": "应为数字，实际为 “{raw}”",
    "expected a finite number, got {raw!r}": "应为有限的数字，实际为 “{raw}”",
    "expected a whole number, got {raw!r}": "应为整数，实际为 “{raw}”",
    "number {raw!r}… is too long": "数字 “{raw}”…… 过长",
    "number {raw!r} is out of range": "数字 “{raw}” 超出范围",
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
    "unknown pack {pack!r}{hint}; packs: {packs}": "未知规则包 “{pack}”{hint}；现有规则包：{packs}",

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
    "{name} {filename!r} does not exist.": "{name} “{filename}” 不存在。",
    "{name} {filename!r} is a directory.": "{name} “{filename}” 是文件夹。",
    "{name} {filename!r} is a file.": "{name} “{filename}” 是文件。",
    "{name} {filename!r} is not readable.": "{name} “{filename}” 不可读。",
    "{name} {filename!r} is not writable.": "{name} “{filename}” 不可写。",
    "Could not open file {filename!r}: {message}": "无法打开文件 “{filename}”：{message}",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "integer": "整数",
    "float": "数字",
    "Error: invalid input": "错误：输入无效",
    "unknown error": "未知错误",
}
