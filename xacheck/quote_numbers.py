"""The numbers a quote states and the comparison its words give each one.

A rule's threshold (``revenue_wan > 50000``) or target (``op: '>', value: 13000``) must be a number its
quote states (``营收超5亿元``, ``超过1.3万家``), and its comparison must be the one the words give:
超过/高于/大于 → ``>``; 以上/不低于/达到/不少于 → ``>=``; 以下/不超过/不高于 → ``<=``; 低于/不足 → ``<``.
This module reads a quote into :class:`QuotedNumber` items — value in plain units (1.3万 = 13000,
5亿 = 500000000, 2,000万 = 20000000, 千亿 = 100000000000, 百家 = 100), whether it was a percentage, and the
comparisons its words allow — so :mod:`xacheck.numbers_in_quotes` can hold a rule to them.

Pure text work: no rules, no I/O. The national packs quote an English summary with symbols
(``≥ 60``, ``< 5,000万``, ``5,000万–1亿``), read the same way.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

GT, GE, LT, LE = ">", ">=", "<", "<="

#: Words (and symbols) that end right before a number, longest first where one contains another; the
#: regex alternation is leftmost-first, so 不超过 wins over 超过 and 达到 over 达.
_PREFIX: tuple[tuple[str, str], ...] = (
    ("不超过", LE), ("不高于", LE), ("不大于", LE), ("不多于", LE), ("至多", LE), ("最多", LE),
    ("不低于", GE), ("不少于", GE), ("不小于", GE), ("至少", GE), ("达到", GE), ("达", GE),
    ("超过", GT), ("超出", GT), ("高于", GT), ("大于", GT), ("多于", GT), ("突破", GT), ("超", GT),
    ("前", LE),  # 全国前3: ranked third or better
    ("低于", LT), ("少于", LT), ("小于", LT), ("不足", LT), ("不到", LT), ("未满", LT), ("未达", LT),
    ("≥", GE), (">=", GE), ("≤", LE), ("<=", LE), (">", GT), ("<", LT),
    ("at least", GE), ("no less than", GE), ("not less than", GE),
    ("top", LE), ("at most", LE), ("no more than", LE), ("not more than", LE), ("up to", LE), ("not exceeding", LE),
    ("more than", GT), ("over", GT), ("above", GT), ("exceeding", GT), ("exceeds", GT),
    ("less than", LT), ("fewer than", LT), ("below", LT), ("under", LT),
)
#: Words right after the number and its unit (20家以上, 500人以下); 以上（不含…）is strict.
_SUFFIX: tuple[tuple[str, str], ...] = (
    ("以上（不含", GT), ("以上(不含", GT), ("以下（不含", LT), ("以下(不含", LT),
    ("及以上", GE), ("或以上", GE), ("以上", GE), ("及以下", LE), ("或以下", LE), ("以下", LE), ("以内", LE),
    ("or more", GE), ("or above", GE), ("or less", LE), ("or below", LE),
)
_PREFIX_RE = re.compile("(?:" + "|".join(re.escape(w) for w, _ in _PREFIX) + r")\s*$", re.I)
_PREFIX_OPS = {w.lower(): op for w, op in _PREFIX}
_SUFFIX_RE = re.compile(r"\s*(?:" + "|".join(re.escape(w) for w, _ in _SUFFIX) + ")", re.I)
_SUFFIX_OPS = {w.lower(): op for w, op in _SUFFIX}

_MAGNITUDE = {"万亿": Decimal(10) ** 12, "千亿": Decimal(10) ** 11, "百亿": Decimal(10) ** 10, "亿": Decimal(10) ** 8,
              "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6, "万": Decimal(10) ** 4}
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CN_DIGIT = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
#: A Chinese numeral counts only before a measure word (百家, 千亿级, 两家): 一批, 三首, 双五 are not numbers.
_CN_NUMBER = r"[零一二两三四五六七八九十百千]+(?=[万亿]*(?:家|个|项|名|支|场|件|亿|级))"
#: The unit words that may stand between a number and a suffix word (20家以上, 70分以上, 5年以下).
_UNIT = r"(?:%|个百分点|[家个项名支场件人年分元]|万元|亿元)?"
_NUMBER_RE = re.compile(
    rf"(?<![\d.,])(?P<num>{_DIGITS}|{_CN_NUMBER})\s*(?P<mag>万亿|千亿|百亿|亿|千万|百万|万)?\s*(?P<pct>%|个百分点)?")
#: Not quantities: dates, years, article and document numbers.
_NOT_A_QUANTITY = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|〔\d{4}〕\d+号|(?:19|20)\d{2}\s*年(?:度)?|第[^，。；\s]{1,6}[条款章节项]"
                             r"|\d+\s*号")
#: A range: the first number is a lower bound, the second an upper one (5,000万–1亿, 3–5%, 10至15家).
_RANGE_DASH = re.compile(r"\s*(?:–|—|-|~|～|至|到)\s*$")


@dataclass(frozen=True)
class QuotedNumber:
    """One number of a quote: its value in plain units and the comparisons the words beside it allow."""

    text: str
    value: Decimal
    percent: bool
    #: comparisons the words allow; empty when the number stands bare (a table cell, 建成20个)
    ops: frozenset
    #: the word that gave them ("超过", "以上", "≥", "range"), or "" when bare
    word: str
    start: int
    end: int


def normalise(quote: str) -> str:
    """NFKC (full-width digits and signs to ASCII) with superscripts kept apart from the digits they follow."""
    text = re.sub(r"[¹²³⁰-⁹]", " ", quote)  # 企业群体¹ is a footnote mark, not a 1
    return unicodedata.normalize("NFKC", text)


def _cn_value(text: str) -> Decimal | None:
    """百 → 100, 两 → 2, 三十 → 30, 一百五十 → 150; ``None`` for what is not a numeral."""
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch in _CN_UNIT:
            total += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
        else:
            return None
    return Decimal(total + (digit or 0))


def _blank(text: str, pattern: re.Pattern) -> str:
    return pattern.sub(lambda m: " " * len(m.group()), text)


def numbers_in(quote: str) -> list[QuotedNumber]:
    """Every quantity of ``quote``, in order, with the comparisons its words give it."""
    text = normalise(quote)
    scan = _blank(text, _NOT_A_QUANTITY)
    out: list[QuotedNumber] = []
    for m in _NUMBER_RE.finditer(scan):
        raw = m.group("num")
        if raw[0].isdigit():
            value = Decimal(raw.replace(",", ""))
        else:
            cn = _cn_value(raw)
            if cn is None:
                continue
            value = cn
        mag = m.group("mag")
        if mag:
            value *= _MAGNITUDE[mag]
        ops: set[str] = set()
        word = ""
        before = scan[max(0, m.start() - 16):m.start()]
        after = scan[m.end():m.end() + 12]
        unit = re.match(_UNIT, after)
        tail = after[unit.end() if unit else 0:]
        pm = _PREFIX_RE.search(before)
        if pm:
            word = pm.group().strip()
            ops.add(_PREFIX_OPS[word.lower()])
        sm = _SUFFIX_RE.match(tail)
        if sm:
            word = sm.group().strip()
            ops.add(_SUFFIX_OPS[word.lower()])
        first = out[-1] if out else None
        if not ops and first and 0 < m.start() - first.end <= 3 and _RANGE_DASH.fullmatch(scan[first.end:m.start()]):
            ops, word = {LT, LE}, "range"  # the second number of a range is its upper bound …
            if not first.ops:  # … and the first its lower bound (3–5%: the % is written once, at the end)
                out[-1] = dataclasses.replace(first, percent=first.percent or bool(m.group("pct")),
                                              ops=frozenset({GE, GT}), word="range")
        out.append(QuotedNumber(m.group().strip(), value, bool(m.group("pct")), frozenset(ops), word, m.start(),
                                m.end()))
    return out


__all__ = ["GE", "GT", "LE", "LT", "QuotedNumber", "normalise", "numbers_in"]
