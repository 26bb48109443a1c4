"""The questions the packs actually use, most decisive first, and the commented profile they produce.

Pure: no prompting here (the CLI asks; tests drive it through click's CliRunner). The next question
is chosen from the rules that are still open given the answers so far:

* a rule is *open* while none of its conditions is false and some are unknown (Kleene AND); a target
  whose conditions hold is open while its metric or the data year is missing;
* each missing field of an open rule (derived quantities expanded: R&D intensity asks for R&D expense
  and revenue) is a candidate; the one that open rules in force on the as-of day need most often is
  asked first, then the one open rules need most often overall (rules of expired packs kept for
  record still count: ``check --as-of`` and ``diff`` use them), then the order of first appearance;
* a field nobody needs any more is never asked: once ``city`` is 宝鸡市, every ``city == '西安市'``
  rule is closed, and with it the R&D questions they would have asked.

An unanswered question (blank) leaves the field unknown and is not asked again.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable

import yaml

from . import condition as cond
from .fields import EMPTY_LIST_TOKENS, CoercionError, Field, Registry, coerce
from .i18n import Msg, msg
from .model import Pack, Rule

#: answers that mean "none of them" for a list field (an empty list is a real answer: holds no title): the
#: words a spreadsheet cell may use, plus none / no / - — answers to "which of these?" here (skipping a
#: question is how one says "don't know"), where in a cell they mean "no figure" (fields.MISSING_TOKENS)
NONE_WORDS = EMPTY_LIST_TOKENS | {"none", "no", "-"}
#: answers that end the questionnaire early
QUIT_WORDS = {"q", "quit", "退出", "结束"}


@dataclass
class Question:
    field: Field
    rules: list[str]          # ids of the open rules the answer would help settle
    live: int                 # how many of them are in force on the as-of day

    def prompt(self, lang: str, number: int | None = None, reg: Registry | None = None) -> str:
        """The question as a person reads it: the label and a hint, never a field key or a note meant for
        rule authors (:func:`reader_hint`)."""
        f = self.field
        head = f"{number}. " if number else ""
        text = head + f.label(lang)
        hint = reader_hint(f.help_en if lang == "en" else f.help_zh, lang, reg)
        if hint:
            text += f"（{hint}）" if lang != "en" else f" ({hint})"
        return text + " " + Msg("[concerns {n} rule(s)]", n=len(self.rules)).text(lang)

    def answer_hint(self, lang: str) -> str:
        f = self.field
        if f.type == "boolean":
            return msg(lang, "yes/no, Enter to skip")
        if f.type in ("enum", "list"):
            opts = "  ".join(f"{i}={c}" for i, c in enumerate(f.choices, 1))
            if f.type == "list":
                return msg(lang, "{options}  — several: 1,3; none: none; Enter to skip", options=opts)
            return msg(lang, "{options}; Enter to skip", options=opts)
        if f.type in ("number", "integer"):
            if f.unit:
                return msg(lang, "number in {unit}, Enter to skip", unit=f.unit)
            return msg(lang, "number, Enter to skip")
        if f.type == "date":
            return msg(lang, "YYYY-MM-DD, Enter to skip")
        return msg(lang, "Enter to skip")


#: words that mark a note for rule authors inside a field's help (what the reference leaves open, how a
#: rule reads the field): left out of questions put to a finance manager
_AUTHOR_NOTES = ("参考资料", "未给出", "未写明", "未说明", "未列出", "规则", "xacheck",
                 "reference", "gives no", "does not give", "does not say", "does not list", "needs_assessment",
                 "the rule", "read here as")
_FIELD_KEY = re.compile(r" ?\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b ?")
_PAREN = re.compile(r"[（(]((?:[^（）()]|[（(][^（）()]*[）)])*)[）)]")


def reader_hint(hint: str, lang: str, reg: Registry | None = None) -> str:
    """A field's help as a prompt: clauses and brackets that carry a note for rule authors left out, field
    keys replaced by their labels (``rd_expense_wan`` -> 研发费用)."""
    if not hint:
        return ""

    def note(text: str) -> bool:
        low = text.lower()
        return any(m in low for m in _AUTHOR_NOTES)

    text = _PAREN.sub(lambda m: "" if note(m.group(1)) else m.group(0), hint)
    sep = "; " if lang == "en" else "；"
    parts = [p.strip() for p in re.split(r"[；;]\s*", text) if p.strip()]
    parts = [p for p in parts if not note(p)]
    if lang != "en":  # the sentences of a Chinese hint end with 。: keep those without a note
        parts = ["。".join(x for x in p.split("。") if x and not note(x)) for p in parts]
    text = sep.join(p for p in parts if p)
    if reg is not None:
        def label(m: re.Match) -> str:
            key = m.group(0).strip(" ")
            if key not in reg:
                return m.group(0)
            text = re.sub(r"\s*[（(][^（）()]*[）)]\s*$", "", reg.label(key, lang)) or key
            # Chinese runs on without spaces: 与 rd_expense_3y_wan 同一期间 -> 与近三个会计年度研发费用总额同一期间
            return m.group(0).replace(key, text) if lang == "en" else text

        text = _FIELD_KEY.sub(label, text)
    return text.strip(" ，,。.")


def _conditions_state(rule: Rule, env: cond.Env, reg: Registry) -> tuple[bool, list[str]]:
    """(closed, missing fields): closed when a condition is false; missing settles the unknown ones."""
    missing: list[str] = []
    for c in rule.when:
        v = cond.evaluate(c.node, env)
        if v is False and not c.open:  # a value outside an open list (…等) closes nothing: a reviewer decides
            return True, []
        if v is cond.UNKNOWN:
            for f in cond.missing_fields(c.node, env, reg.expand):
                if f not in missing:
                    missing.append(f)
    return False, missing


def _live(rule: Rule, as_of: _dt.date) -> bool:
    if rule.target is not None:
        return True  # targets are judged after their deadline too (met / not_met)
    return rule.valid_until is None or as_of <= rule.valid_until


@dataclass
class Questionnaire:
    packs: list[Pack]
    reg: Registry
    as_of: _dt.date
    values: dict[str, Any] = field(default_factory=dict)   # coerced answers (and values from --from)
    asked: list[str] = field(default_factory=list)          # asked, whether answered or skipped
    in_force_only: bool = False

    @property
    def type(self) -> str | None:
        return self.values.get("type")

    def rules(self) -> list[Rule]:
        t = self.type
        return [r for p in self.packs for r in p.rules if t in r.applies_to
                and (not self.in_force_only or _live(r, self.as_of))]

    def candidates(self) -> list[Question]:
        """Every field still worth asking, most decisive first."""
        env = cond.Env(self.values, self.reg.derived_nodes(), self.as_of)
        order: list[str] = []
        needed: dict[str, list[Rule]] = {}
        for rule in self.rules():
            closed, missing = _conditions_state(rule, env, self.reg)
            if closed:
                continue
            if not missing and rule.target is not None:
                if self.values.get(rule.target.metric) is None:
                    missing = [rule.target.metric]
                if self.values.get("period") is None:
                    missing = ["period"] + missing
            for f in missing:
                if f not in order:
                    order.append(f)
                needed.setdefault(f, []).append(rule)
        out = []
        for key in order:
            f = self.reg.fields.get(key)
            if f is None or key in self.asked or self.values.get(key) is not None:
                continue
            if self.type not in f.applies_to:
                continue
            rules = needed[key]
            out.append(Question(f, [r.id for r in rules], sum(_live(r, self.as_of) for r in rules)))
        out.sort(key=lambda q: (-q.live, -len(q.rules), order.index(q.field.key)))
        return out

    def next_question(self) -> Question | None:
        c = self.candidates()
        return c[0] if c else None

    def answer(self, key: str, raw: str | None, lang: str = "zh") -> Msg | str | None:
        """Record an answer; blank skips. Returns an error message (a :class:`Msg`, or text already in
        ``lang``: the caller says it in the questionnaire's language) and records nothing if it does not fit.

        A place is read with the places already given (xacheck.places): 西安 is 西安市, 高新区 answers the
        zone too, and a place xacheck does not know is asked again with its "did you mean"."""
        f = self.reg.fields[key]
        text = "" if raw is None else str(raw).strip()
        if text == "":
            if key not in self.asked:
                self.asked.append(key)
            return None
        if f.place:
            from .profiles import settle_places

            trial = {**self.values, key: text}
            notes = [n for n in settle_places(trial, self.reg) if n.severity == "warning" and n.field == key]
            if notes:
                return notes[0].message(lang)
            if key not in self.asked:
                self.asked.append(key)
            self.values.clear()
            self.values.update(trial)
            return None
        try:
            value = parse_answer(f, text)
        except CoercionError as exc:
            return exc.message
        if key not in self.asked:
            self.asked.append(key)
        if value is not None:
            self.values[key] = value
        return None

    def skipped(self) -> list[str]:
        return [k for k in self.asked if self.values.get(k) is None]


def parse_answer(f: Field, text: str) -> Any:
    """A typed answer: numbers may carry their unit, choices may be given by number."""
    t = text.strip()
    if f.type in ("number", "integer") and f.unit and t.endswith(f.unit):
        t = t[: -len(f.unit)].strip()
    if f.type in ("enum", "list") and f.choices:
        if f.type == "list" and t.lower() in NONE_WORDS:
            return ()
        parts = [p.strip() for p in re.split(r"[,，、;；\s]+", t) if p.strip()]
        picked = []
        for p in parts:
            if p.isdigit() and 1 <= int(p) <= len(f.choices):
                picked.append(f.choices[int(p) - 1])
            else:
                picked.append(p)
        if f.type == "enum":
            if len(picked) != 1:
                raise CoercionError(Msg("choose one"))
            return coerce(f, picked[0])
        return coerce(f, picked)
    return coerce(f, t)


# --------------------------------------------------------------------------- writing the profile

def _plain(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, tuple):
        return [_plain(x) for x in v]
    return v


def _entry(key: str, value: Any) -> str:
    if isinstance(value, Decimal) and value.is_finite() and value != value.to_integral_value() \
            and Decimal(repr(float(value))) != value:  # more digits than a float holds: written as given
        return f"{key}: {value:f}"  # (a plain number YAML reads back as this exact decimal)
    value = _plain(value)
    if isinstance(value, list):  # lists in flow style: titles: [高新技术企业, 专精特新中小企业]
        return f"{key}: " + yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000).strip()
    return yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False, sort_keys=False,
                          width=1000).rstrip("\n")


def _comment(f: Field | None, lang: str) -> str:
    if f is None:
        return ""
    text = f.label(lang)
    hint = f.help_en if lang == "en" else f.help_zh
    if hint:
        text += f" — {hint}"
    return "# " + text.replace("\n", " ")


def field_lines(keys: Iterable[str], values: dict, reg: Registry, lang: str) -> list[str]:
    lines = []
    for k in keys:
        c = _comment(reg.fields.get(k), lang)
        if c:
            lines.append(c)
        lines.append(_entry(k, values[k]))
    return lines


def skipped_lines(keys: Iterable[str], reg: Registry, lang: str) -> list[str]:
    keys = list(keys)
    if not keys:
        return []
    head = ("# --- not answered: fill in and remove the leading '# ' ---" if lang == "en"
            else "# --- 未回答：填写后删去行首的 “# ” 即可 ---")
    out = ["", head]
    for k in keys:
        c = _comment(reg.fields.get(k), lang)
        if c:
            out.append(c)
        out.append(f"# {k}:")
    return out


def write_profile(q: Questionnaire, lang: str = "zh", today: _dt.date | None = None) -> str:
    """A new commented YAML profile from the answers."""
    day = today or q.as_of
    head = (f"# xacheck profile — written by `xacheck init` on {day}" if lang == "en"
            else f"# xacheck 主体档案 — 由 `xacheck init` 于 {day} 生成")
    head2 = ("# Check it with: xacheck check THIS_FILE" if lang == "en" else "# 用法：xacheck check 本文件")
    keys = ["type", "name"] + [k for k in q.values if k not in ("type", "name")]
    keys = [k for k in keys if q.values.get(k) is not None]
    return "\n".join([head, head2] + field_lines(keys, q.values, q.reg, lang) + skipped_lines(q.skipped(), q.reg, lang)) + "\n"


def extend_profile(original: str, raw: dict, new_keys: list[str], q: Questionnaire, lang: str,
                   today: _dt.date | None = None) -> str:
    """The original file, comments kept, with the new answers appended (``--from``).

    A key the original lists with no value (``revenue_wan:``) is removed where it stood, so it is not
    given twice.
    """
    day = today or q.as_of
    text = original if original.endswith("\n") or not original else original + "\n"
    for k in new_keys:
        text = re.sub(rf"(?m)^{re.escape(k)}:[ \t]*(#.*)?\n", "", text)
    mark = (f"# --- added by `xacheck init --from` on {day} ---" if lang == "en"
            else f"# --- 由 `xacheck init --from` 于 {day} 补充 ---")
    added = field_lines(new_keys, q.values, q.reg, lang)
    lines = ([mark] + added if added else []) + skipped_lines(q.skipped(), q.reg, lang)
    if not lines:
        return text
    return text + "\n" + "\n".join(lines) + "\n"


def block_style(original: str, raw: dict) -> bool:
    """True when every top-level key stands on a line of its own, so appending keeps the YAML valid."""
    for k in raw:
        if not re.search(rf"(?m)^{re.escape(str(k))}\s*:", original):
            return False
    return True
