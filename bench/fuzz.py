#!/usr/bin/env python
"""Hostile-input fuzz (issue 15): profiles, rule packs, CSV, XLSX, JSON Lines and Parquet, through the engine
in-process and a sample through the command line, with counts.

    python bench/fuzz.py --n 100000 --seed 1            # ≈ an hour on 2 workers
    python bench/fuzz.py --n 2000 --seed 7 --kinds csv,xlsx
    python bench/fuzz.py --seed 1 --replay 12345        # one input again, in this process, with its traceback

Every input is made from ``(seed, index)`` alone (``random.Random(f"{seed}:{i}")``), so a run is reproducible
and any input can be made again by its index. Inputs are mutations of what ships (the sample profiles, the
rule packs, a register built from the field registry) plus generated nasties: huge and tiny numbers, NaN and
infinities, control characters and terminal escapes, deep nesting, mixed encodings, ragged rows, impossible
dates, duplicate keys, formulas, far and malformed XLSX cells, zip bombs in miniature.

Each input runs in a worker process (``--workers``, default 2) under a memory cap (``--mem-mb``) and a time
limit (``--timeout``); a worker that dies by a signal is counted as an *abort*, one that overruns as a *hang*,
and is replaced. What is counted:

* ``tracebacks``: exceptions other than xacheck's own user-facing errors (:class:`xacheck.errors.XacheckError`)
  from the in-process calls, and exceptions escaping the command line under click's runner;
* ``internal errors``: command-line runs that print "internal error" (or 内部错误), or exit with a code other
  than 0, 1, 2;
* ``aborts`` and ``hangs``, as above;
* ``rows in != rows out``: a batch that wrote an output must have one output row per input row (rows counted
  independently: CSV by Python's csv module, JSON Lines by non-blank lines, Parquet by its metadata, XLSX by
  the rows written into it).

Failures are grouped by signature (exception type and the innermost xacheck frame) and attributed to the
points of issue 15 other work fixes (#5 compiler, #8–#12 numbers, NaN, recursion, dates, #13–#14 terminal,
environment) when their signature says so; the rest are listed as "other". The inputs that failed are saved
under ``--save`` (default: a temporary folder) for replay.
"""
from __future__ import annotations

import argparse
import collections
import csv
import datetime as _dt
import io
import json
import multiprocessing as mp
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
PACKS = sorted((ROOT / "xacheck" / "measures").glob("*.yaml"))
AS_OF = "2026-06-01"

#: share of the inputs per kind
KINDS = {"profile": 30, "pack": 12, "csv": 20, "xlsx": 12, "jsonl": 10, "parquet": 8, "cli": 8}

# ------------------------------------------------------------------------------------------------ value pools
NUMBERS = ["0", "-0", "1", "-1", "5000", "4317.81", "1e99999999999", "-1e99999999999", "1e-99999999", "1e308", "1e309",
           "-1e309", "1e27", "9.99e29", "1e30", "1e31", "0.0000000000000000000000000001", "1" * 40, "1" * 41,
           "9" * 400, "0." + "0" * 60 + "1", "12345678901234567890.123456789012345678", "NaN", "nan", "-nan", "inf",
           "-inf", "Infinity", "sNaN", ".nan", ".inf", "-.inf", "0x1F", "0o17", "0b101", "1_000", "1,234,567.89",
           "1.234.567,89", "１２３４", "١٢٣", "12万", "1.5亿", "3千万元", "5%", "%5", "5 %", "5‰", "(5)", "−5",
           "+5", "5e", "e5", "--5", "5..5", "1e+", "5元", "五万", "十二", "1/3", "2**10", "1e5%", "１e１０", "0.5%"]
DATES = ["0001-01-01", "9999-12-31", "2024-02-30", "2024-13-01", "20240101", "2024/1/1", "2024年1月1日", "45352",
         "-1", "99999999", "1900-02-29", "0000-00-00", "2024-01-01T25:00:00", "10000-01-01", "2024-1-1", "24-1-1",
         "2026-06-01", "2020-01-01", "1970-01-01", "2038-01-19", "2024年13月", "明年", "1e9", "2024-06"]
TEXTS = ["", " ", "\x00", "\x1b[2J\x1b]0;pwn\x07", "\u202eevil", "\ufeffbom", "=cmd|' /C calc'!A0", "+1+1", "-1-1",
         "@SUM(A1:A9)", "\t=1", "\r=1", "西安市", "宝鸡市", "西安市高新区", "陕西省西安市雁塔区", "北京市", "a\nb", "a\r\nb",
         '"', "'", "\\", "💥", "null", "None", "true", "是", "否", "N/A", "—", "-", "合计", "小计", "注：", "高新技术企业",
         "光子", "不存在的称号", "x" * 5000, "𠀀" * 100, "\u0301" * 50, "名称", "{}", "[]", "${HOME}", "%s%n", "<script>",
         "91610131MA6TXXXX1X", "91350100M000100Y43", "\x7f\x80\x9f", "\u2028\u2029", "\uff1d1+1", "ＮａＮ"]
BOOLS = ["是", "否", "Y", "N", "yes", "no", "true", "false", "TRUE", "1", "0", "对", "有", "无", "maybe", "√", "×"]
YAML_ODD = ["!!python/object/apply:os.system ['true']", "&a [*a]", "{", "[", "? x", "<<: *b", "~", "!!binary AAAA",
            "!!set {a}", "!!omap [a: 1]", "y", "on", "no", "1:20", "2026-06-01 10:00:00", "!custom 1", "*undefined",
            "'unterminated", '"\\x00"', '"\\ud800"', "|\n  block", ">-\n  folded", "[[[[[[[[[[]]]]]]]]]]", "{a: {b: {c: 1}}}",
            "%YAML 1.1", "---", "...", "@reserved", "`back`", "!!float nan", "!!int 1e5", "!!str"]
COND_TOKENS = ["revenue_wan", "rd_expense_wan", "rd_intensity", "city", "titles", "industry_fields", "established",
               "as_of", "employees", "tech_staff", "unknown_field", "__import__", "__class__", "and", "or", "not",
               "in", "true", "false", "if", "else", "band", "min", "max", "abs", "known", "any_in", "count_in", "date",
               "years_between", "(", ")", "[", "]", ",", ".", "+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=",
               "5", "0", "5%", "0.05", "50000", "1e309", "'西安市'", "'光子'", "'2026-12-31'", "'", "\"", "（", "）",
               "#", ";", "\\", "9" * 50, "NaN", "inf", "1e99999999999"]


def pick(rnd: random.Random, seq):
    return seq[rnd.randrange(len(seq))]


def nasty(rnd: random.Random, kind: str | None = None) -> str:
    pool = {"number": NUMBERS, "integer": NUMBERS, "date": DATES, "boolean": BOOLS}.get(kind or "", None)
    r = rnd.random()
    if pool is not None and r < 0.6:
        return pick(rnd, pool)
    if r < 0.8:
        return pick(rnd, pick(rnd, [NUMBERS, DATES, TEXTS, BOOLS]))
    if r < 0.9:  # random characters, control characters included
        return "".join(chr(rnd.choice([rnd.randrange(0, 0x80), rnd.randrange(0x80, 0x800), rnd.randrange(0x4e00, 0x9fff),
                                       rnd.randrange(0xe000, 0x10ffff)])) for _ in range(rnd.randrange(1, 30))
                       ).replace("\ud800", "")
    return pick(rnd, TEXTS) + pick(rnd, NUMBERS)


PLAUSIBLE = {"number": ["5000", "0", "12.5", "-5", "1,234.5", "12万", "1.5亿", "5%", "1e27", "9.99e29", "0.000001",
                        "3" * 30, "123456789012345678901234567.5", "0.0000001", "100"],
             "integer": ["50", "0", "1", "1,000", "300", "12万"],
             "date": ["2020-01-01", "2024/3/1", "2019年5月6日", "2026-06-01", "2000-02-29"],
             "boolean": ["是", "否", "true", "false", "有", "无"]}


def plausible(rnd: random.Random, kind: str | None, choices=()) -> object:
    """A value a person could well have typed (edge cases of the accepted range included)."""
    if choices and rnd.random() < 0.8:
        return pick(rnd, list(choices))
    return pick(rnd, PLAUSIBLE.get(kind or "", ["西安市", "某某科技有限公司", "雁塔区", ""]))


def condition(rnd: random.Random) -> str:
    r = rnd.random()
    if r < 0.35:
        return " ".join(pick(rnd, COND_TOKENS) for _ in range(rnd.randrange(1, 20)))
    if r < 0.45:  # long left-associative chains (#11)
        op = pick(rnd, ["+", "-", "*", "and", "or"])
        n = rnd.choice([50, 200, 500, 900])
        term = "1" if op in "+-*" else "revenue_wan > 1"
        return f" {op} ".join([term] * n) + (" > 1" if op in "+-*" else "")
    if r < 0.55:  # nested min/max (#5)
        depth = rnd.randrange(2, 8)
        e = "revenue_wan"
        for _ in range(depth):
            e = f"{pick(rnd, ['min', 'max'])}({e}, {pick(rnd, ['rd_expense_wan', 'employees', 'tech_staff', '5'])}, {e})"
        return e + " > 1"
    if r < 0.65:  # deep parentheses
        d = rnd.choice([10, 59, 61, 200, 3000])
        return "(" * d + "revenue_wan" + ")" * d + " > 1"
    if r < 0.8:
        rhs = pick(rnd, NUMBERS + DATES + ["[1, 2]", "['西安市']"])
        return f"{pick(rnd, ['revenue_wan', 'rd_intensity', 'employees', 'established', 'city'])} " \
               f"{pick(rnd, ['>', '>=', '<', '==', '!=', 'in'])} {rhs}"
    return nasty(rnd)


# ------------------------------------------------------------------------------------------------ cases
@dataclass
class Case:
    kind: str
    files: dict = field(default_factory=dict)       # name -> bytes
    main: str = ""                                  # the file the input is
    out: str = ""                                   # batch output name
    args: list = field(default_factory=list)        # CLI arguments (cli kind) / engine call (profile kind)
    feats: set = field(default_factory=set)         # what the generator put in (for attributing failures)
    rows_in: int | None = None                      # data rows, when the generator knows them
    what: str = ""                                  # profile / pack call: which engine method


def _encode(rnd: random.Random, text: str, case: Case, odd: float = 0.25) -> bytes:
    """UTF-8, or with chance ``odd`` another encoding: a BOM, GB18030, UTF-16, latin-1, or UTF-8 then GBK."""
    x = rnd.random()
    if x >= odd:
        return text.encode("utf-8", "surrogatepass" if rnd.random() < 0.01 else "replace")
    case.feats.add("encoding")
    r = x / odd
    if r < 0.28:
        return "\ufeff".encode() + text.encode("utf-8", "replace")
    if r < 0.56:
        return text.encode("gb18030", "replace")
    if r < 0.68:
        return text.encode("utf-16", "replace")
    if r < 0.8:
        return text.encode("latin-1", "replace")
    cut = rnd.randrange(len(text) + 1)  # mixed: the tail in GBK
    return text[:cut].encode("utf-8", "replace") + text[cut:].encode("gb18030", "replace")


def _mutate_lines(rnd: random.Random, lines: list[str], case: Case, value_kind=None, extra_keys=()) -> list[str]:
    lines = list(lines)
    for _ in range(rnd.choice([0, 1, 1, 1, 2, 3, 5])):
        if not lines:
            lines.append("a: 1")
        i = rnd.randrange(len(lines))
        op = rnd.random()
        line = lines[i]
        if op < 0.4 and ":" in line:  # a value replaced
            key, _, _ = line.partition(":")
            kind = value_kind(key.strip(" -")) if value_kind else None
            v = nasty(rnd, kind) if rnd.random() < 0.4 else plausible(rnd, kind)
            if rnd.random() < 0.6:
                v = json.dumps(v, ensure_ascii=rnd.random() < 0.5)
            lines[i] = f"{key}: {v}"
            case.feats.add("value")
        elif op < 0.5:
            lines.insert(i, line)
            case.feats.add("dupkey")
        elif op < 0.6:
            del lines[i]
        elif op < 0.7:
            key = pick(rnd, list(extra_keys) or ["zz_unknown"]) if rnd.random() < 0.7 else nasty(rnd)
            lines.insert(i if line.startswith(" ") else 0, f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(nasty(rnd), ensure_ascii=False)}")
            case.feats.add("key")
        elif op < 0.8:
            lines[i] = line + " " + pick(rnd, YAML_ODD)
            case.feats.add("yaml")
        elif op < 0.85:
            d = rnd.choice([10, 63, 65, 300])
            lines.insert(i, f"zz_deep: {'[' * d}1{']' * d}")
            case.feats.add("deep")
        elif op < 0.9:
            n = rnd.choice([100, 3000])
            lines.extend(f"zq{k}_{rnd.randrange(10**6)}: 1" for k in range(n))
            case.feats.add("manykeys")
        elif op < 0.95:
            j = rnd.randrange(len(line) + 1)
            lines[i] = line[:j] + pick(rnd, ["\t", "\x00", "\x1b[2J", "\u2028", "\r", "'", '"', "&x", "*x", "#", "%"]) + line[j:]
            case.feats.add("ctrl")
        else:
            lines = lines[: rnd.randrange(len(lines) + 1)]
            case.feats.add("truncate")
    return lines


_REG = None


def registry():
    global _REG
    if _REG is None:
        from xacheck.fields import default_registry

        _REG = default_registry()
    return _REG


def _field_kind(key: str) -> str | None:
    f = registry().fields.get(key)
    return f.type if f else None


def gen_profile(rnd: random.Random) -> Case:
    case = Case("profile")
    reg = registry()
    r = rnd.random()
    if r < 0.6:
        lines = pick(rnd, SAMPLES).read_text(encoding="utf-8").splitlines()
        lines = _mutate_lines(rnd, lines, case, _field_kind, list(reg.fields) + ["营业收入（万元）", "revenu_wan"])
        text = "\n".join(lines) + "\n"
    else:  # from scratch: fields with values people (and attackers) type
        data: dict = {"type": pick(rnd, ["enterprise"] * 6 + ["project", "region", "institution", "企业", "x"])}
        odd = pick(rnd, [0.0, 0.0, 0.03, 0.1, 0.3])  # how many values are nasty
        for key in rnd.sample(sorted(reg.fields), rnd.randrange(0, 25)):
            f = reg.fields[key]
            v: object
            if f.type == "list":
                v = [nasty(rnd) if rnd.random() < odd else pick(rnd, list(f.choices) or ["光子"]) for _ in range(rnd.randrange(0, 5))]
            elif rnd.random() >= odd:
                v = plausible(rnd, f.type, f.choices)
            else:
                v = nasty(rnd, f.type)
            data[key] = v
        if rnd.random() < 0.3:
            data["titles"] = [{"name": pick(rnd, ["高新技术企业", "科技型中小企业", "x"]), "date": pick(rnd, DATES)}
                              for _ in range(rnd.randrange(1, 4))]
            case.feats.add("titles")
        if rnd.random() < 0.2:
            data["period"] = pick(rnd, [0, -5, 99999999, "x", 1.5])
            case.feats.add("period")
        text = json.dumps(data, ensure_ascii=False) if rnd.random() < 0.3 else \
            "\n".join(f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in data.items())
    name = "p.json" if text.startswith("{") else "p.yaml"
    case.files[name] = _encode(rnd, text, case, odd=0.08)
    case.main = name
    case.what = pick(rnd, ["check", "check", "check", "gaps", "report", "deadlines", "diff", "whatif"])
    case.args = [pick(rnd, [AS_OF, AS_OF, AS_OF, "0001-01-01", "9999-12-31", "2030-01-01"]), pick(rnd, ["zh", "en"])]
    if case.what == "whatif":
        key = pick(rnd, sorted(reg.fields) + ["营业收入（万元）", "bogus", "rd_intensity"])
        case.args.append(f"{key}{pick(rnd, ['=', '+=', '='])}{nasty(rnd, _field_kind(key))}")
    return case


def _pack_condition_lines(rnd: random.Random, lines: list[str], case: Case) -> list[str]:
    """Conditions under ``when:`` replaced by generated ones."""
    idx = [i for i, ln in enumerate(lines) if ln.lstrip().startswith("- ") and (i and "when" in lines[i - 1] or "expr:" in ln)]
    for i in rnd.sample(idx, min(len(idx), rnd.randrange(1, 3))) if idx else []:
        indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
        lines[i] = f"{indent}- {json.dumps(condition(rnd), ensure_ascii=False)}"
        case.feats.add("condition")
    return lines


def gen_pack(rnd: random.Random) -> Case:
    case = Case("pack")
    path = pick(rnd, PACKS)
    lines = path.read_text(encoding="utf-8").splitlines()
    r = rnd.random()
    if r < 0.45:
        lines = _pack_condition_lines(rnd, lines, case)
    if r > 0.3:
        keys = ["valid_from", "valid_until", "deadline", "value", "op", "metric", "when", "expect", "as_of", "versions",
                "kind", "applies_to", "quote", "clause", "unit", "baseline", "successor", "period", "years", "tests"]
        lines = _mutate_lines(rnd, lines, case, lambda k: "date" if k in ("valid_from", "valid_until", "deadline", "as_of", "when")
                              else "number" if k in ("value", "years") else None, keys)
    text = "\n".join(lines) + "\n"
    case.files["rules/pack.yaml"] = _encode(rnd, text, case) if rnd.random() < 0.2 else text.encode("utf-8", "replace")
    case.main = "rules/pack.yaml"
    case.what = pick(rnd, ["validate", "build", "build", "batch", "test"])
    return case


# ---- registers (CSV, XLSX, JSON Lines, Parquet)
def _headings(rnd: random.Random, case: Case) -> list[str]:
    reg = registry()
    keys = rnd.sample(sorted(reg.fields), rnd.randrange(1, 12))
    heads = []
    for k in keys:
        f = reg.fields[k]
        heads.append(pick(rnd, [f.key, f.label_zh, f.label_zh, f.label_en]))
    if rnd.random() < 0.3:
        heads.insert(rnd.randrange(len(heads) + 1), pick(rnd, ["备注", "", "__read_error", "error", "row_kind", "id",
                                                                "营业收入（元）", "营业收入(亿元)", nasty(rnd)]))
        case.feats.add("heading")
    if rnd.random() < 0.05:
        heads += [f"col{i}" for i in range(rnd.choice([200, 1500]))]
        case.feats.add("wide")
    if rnd.random() < 0.05 and heads:
        heads.append(heads[0])
        case.feats.add("duphead")
    return heads


def _cell(rnd: random.Random, heading: str, case: Case) -> str:
    reg = registry()
    key = heading if heading in reg.fields else reg.header_index.get(heading) if hasattr(reg, "header_index") else None
    f = reg.fields.get(key) if key else None
    if rnd.random() < 0.7 and f is not None:
        if f.type in ("number", "integer"):
            return pick(rnd, ["5000", "123.45", "0", "", "1,234", "12%", str(rnd.randrange(10**6))])
        if f.type == "boolean":
            return pick(rnd, BOOLS)
        if f.type == "date":
            return pick(rnd, ["2020-01-01", "2019/5/6", ""])
        if f.type == "enum" and f.choices:
            return pick(rnd, list(f.choices))
        if f.type == "list" and f.choices:
            return "、".join(rnd.sample(list(f.choices), min(len(f.choices), rnd.randrange(0, 3))))
        return pick(rnd, ["西安市", "某某科技有限公司", "", "雁塔区"])
    case.feats.add("value")
    return nasty(rnd, f.type if f else None)


def _table(rnd: random.Random, case: Case) -> tuple[list[str], list[list[str]]]:
    heads = _headings(rnd, case)
    n = rnd.choice([0, 1, 2, 5, 10, 30, 60])
    rows = [[_cell(rnd, h, case) for h in heads] for _ in range(n)]
    if rnd.random() < 0.05 and rows:
        rows[rnd.randrange(len(rows))][rnd.randrange(len(heads))] = "备" * rnd.choice([40_000, 400_000])
        case.feats.add("bigcell")
    return heads, rows


def gen_csv(rnd: random.Random) -> Case:
    case = Case("csv")
    heads, rows = _table(rnd, case)
    delim = "\t" if rnd.random() < 0.15 else ","
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator=pick(rnd, ["\n", "\r\n", "\r\n", "\r"]) if rnd.random() < 0.2 else "\n")
    if rnd.random() < 0.1:
        w.writerow([pick(rnd, ["客户名单（2026年）", "", "说明：单位万元"])])
        case.feats.add("title")
    w.writerow(heads)
    for row in rows:
        if rnd.random() < 0.05:  # ragged
            row = row[: rnd.randrange(len(row) + 1)] if rnd.random() < 0.5 else row + ["extra"] * rnd.randrange(1, 3)
            case.feats.add("ragged")
        w.writerow(row)
        if rnd.random() < 0.03:
            buf.write(pick(rnd, ["\n", delim * len(heads) + "\n", "合计,,,\n"]))
            case.feats.add("blank")
    text = buf.getvalue()
    if rnd.random() < 0.1:  # raw damage
        for _ in range(rnd.randrange(1, 4)):
            j = rnd.randrange(len(text) + 1)
            text = text[:j] + pick(rnd, ['"', "\x00", "\n", delim, "\r", "\ufeff", '""', "\\"]) + text[j:]
        case.feats.add("damage")
    case.files["in.csv" if delim == "," or rnd.random() < 0.5 else "in.tsv"] = _encode(rnd, text, case)
    case.main = next(iter(case.files))
    case.out = "out." + pick(rnd, ["csv", "csv", "jsonl", "parquet", "xlsx"])
    case.args = _batch_flags(rnd)
    return case


def _batch_flags(rnd: random.Random) -> list[str]:
    flags = []
    if rnd.random() < 0.3:
        flags += ["--pack", pick(rnd, ["xa-hardtech-2024", "natl-hnte", "xa-14fyp", "natl-tech-sme"])]
    if rnd.random() < 0.05:
        flags += ["--sort", "opportunity"]
    if rnd.random() < 0.05:
        flags += ["--all-rules"]
    if rnd.random() < 0.05:
        flags += ["--to", pick(rnd, ["2027-01-01", "2026-12-31"])]
    if rnd.random() < 0.05:
        key = pick(rnd, ["revenue_wan", "city", "营业收入（万元）", "bogus", "has_three_firsts_product"])
        flags += ["--set", f"{key}={nasty(rnd, _field_kind(key))}"]
    if rnd.random() < 0.03:
        flags += ["--out-encoding", pick(rnd, ["utf-16", "gbk", "latin-1", "bogus", "utf-8"])]
    return flags


def gen_xlsx(rnd: random.Random) -> Case:
    import xlsxwriter

    case = Case("xlsx")
    heads, rows = _table(rnd, case)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False})
    sheets = rnd.choice([1, 1, 1, 2, 3])
    title = rnd.random() < 0.1
    for s in range(sheets):
        ws = wb.add_worksheet(pick(rnd, ["客户", "Sheet", "填表说明", "数据", f"S{s}"]) + str(s))
        r0 = 0
        if title:
            ws.write_string(0, 0, "客户名单")
            r0 = 1
            case.feats.add("title")
        for c, h in enumerate(heads):
            ws.write_string(r0, c, h)
        pct = wb.add_format({"num_format": "0.00%"})
        for r, row in enumerate(rows, r0 + 1):
            for c, v in enumerate(row):
                x = rnd.random()
                if x < 0.1:
                    ws.write_number(r, c, pick(rnd, [0.05, 1e300, -1e-300, 5000, 45352, 2**53 + 1]), pct if rnd.random() < 0.3 else None)
                elif x < 0.13:
                    ws.write_formula(r, c, pick(rnd, ["=1/0", "=A1", "=SUM(A1:A2)", '="x"', "=NA()"]))
                    case.feats.add("formula")
                elif x < 0.15:
                    ws.write_boolean(r, c, rnd.random() < 0.5)
                elif x < 0.17:
                    ws.write_datetime(r, c, _dt.datetime(rnd.choice([1900, 1904, 2024, 9999]), 1, 1),
                                      wb.add_format({"num_format": "yyyy-mm-dd"}))
                else:
                    ws.write_string(r, c, v[:32767]) if v else None
        if rnd.random() < 0.05:
            ws.merge_range(r0 + 1, 0, r0 + 2, 1, "merged")
    wb.close()
    data = buf.getvalue()
    if rows and not title and sheets == 1:
        last = max((i for i, row in enumerate(rows) if any(v for v in row)), default=-1)
        case.rows_in = last + 1 if rnd.random() < 2 else None
    if rnd.random() < 0.35:
        data = _damage_xlsx(rnd, data, case)
        case.rows_in = None
    case.files["in.xlsx"] = data
    case.main = "in.xlsx"
    case.out = "out." + pick(rnd, ["csv", "xlsx", "jsonl", "parquet"])
    case.args = _batch_flags(rnd)
    if rnd.random() < 0.1:
        case.args += ["--sheet", pick(rnd, ["0", "1", "9", "客户0", "nope", "-1"])]
    return case


def _damage_xlsx(rnd: random.Random, data: bytes, case: Case) -> bytes:
    """The workbook's parts rewritten: far cells, odd references, renamed parts, big counts, bit flips."""
    import re

    z = zipfile.ZipFile(io.BytesIO(data))
    parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    op = rnd.random()
    sheet = "xl/worksheets/sheet1.xml"
    s = parts.get(sheet, b"")
    case.feats.add("xlsx-damage")
    if op < 0.25:  # a cell somewhere far
        ref = pick(rnd, ["XFD1048576", "XFD1", "AMJ1", "AMK1", "A1048577", "ZZZZZ99999999", "xfd1048576", "A0", "$A$1",
                         " A1", "A1 ", "AAAA1", "A99999999999999999999", "BE999999", "A1:B2", "", "1A", "Ａ1"])
        s = s.replace(b"</sheetData>", f'<row r="{rnd.randrange(1, 10**7)}"><c r="{ref}"><v>1</v></c></row></sheetData>'.encode())
        case.feats.add("farcell")
    elif op < 0.35:  # references dropped
        s = re.sub(rb' r="[A-Z]+[0-9]+"', b"", s)
    elif op < 0.45:  # parts renamed or relocated
        new = {}
        how = rnd.random()
        for k, v in parts.items():
            if how < 0.3 and k == sheet:
                k = pick(rnd, ["xl/worksheets/Sheet1.XML", "XL/worksheets/sheet1.xml", "xl\\worksheets\\sheet1.xml"])
            elif how < 0.6 and k == "xl/sharedStrings.xml":
                k = "xl/SharedStrings.XML"
                v = re.sub(rb'uniqueCount="[0-9]+"', b'uniqueCount="99999999999"', v)
            new[k] = v
        parts = new
        case.feats.add("parts")
        if how < 0.6:
            s = parts.get(sheet, s)
    elif op < 0.55 and "xl/sharedStrings.xml" in parts:  # string counts
        parts["xl/sharedStrings.xml"] = re.sub(rb'(count|uniqueCount)="[0-9]+"',
                                               f'uniqueCount="{pick(rnd, ["99999999999", "-1", "x", "18446744073709551615", "0"])}"'.encode(),
                                               parts["xl/sharedStrings.xml"], count=1)
    elif op < 0.62:  # a dimension and merged cells claiming the sheet
        s = s.replace(b"<sheetData", b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells><sheetData', 1)
        s = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', s)
    elif op < 0.7:  # a shared-strings table much larger than the sheet
        parts["xl/sharedStrings.xml"] = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                         + b"<si><t>a</t></si>" * rnd.choice([10_000, 300_000]) + b"</sst>")
        case.feats.add("bomb")
    elif op < 0.8:  # bytes of a part flipped
        k = pick(rnd, sorted(parts))
        v = bytearray(parts[k])
        for _ in range(rnd.randrange(1, 10)):
            if v:
                v[rnd.randrange(len(v))] = rnd.randrange(256)
        parts[k] = bytes(v)
    elif op < 0.9:  # XML oddities in the sheet
        s = s.replace(b"<c ", pick(rnd, [b"<x:c ", b"<c r=\"A1\" ", b"<c\n", b"<c t=\"s\" "]), rnd.randrange(1, 5))
        if rnd.random() < 0.3:  # a shared formula with a far index, a row element far down, a bare cell after it
            s = s.replace(b"</sheetData>", pick(rnd, [
                b'<row r="2"><c r="Z2"><f t="shared" si="4000000000" ref="Z2:Z3">1</f><v>1</v></c></row>',
                b'<row r="1048576"><c r="A3"><v>1</v></c><c><v>2</v></c></row>',
                b'<row r="A5"><c><v>1</v></c></row>', b'<row r="0"><c><v>1</v></c></row>']) + b"</sheetData>")
    else:  # the zip itself damaged
        out = bytearray(data)
        if rnd.random() < 0.5:
            return bytes(out[: rnd.randrange(len(out))])
        for _ in range(rnd.randrange(1, 20)):
            out[rnd.randrange(len(out))] = rnd.randrange(256)
        return bytes(out)
    if s and sheet in parts:
        parts[sheet] = s
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zo:
        for k, v in parts.items():
            zo.writestr(k, v)
    return buf.getvalue()


def gen_jsonl(rnd: random.Random) -> Case:
    case = Case("jsonl")
    heads, rows = _table(rnd, case)
    lines = []
    for row in rows:
        obj = dict(zip(heads, row))
        x = rnd.random()
        if x < 0.1:
            k = pick(rnd, heads) if heads else "a"
            obj[k] = pick(rnd, [10**30, -(2**64), 2**63, 1.5e308, None, True, [1, 2], {"a": {"b": 1}}, 0.1])
            case.feats.add("typed")
        line = json.dumps(obj, ensure_ascii=rnd.random() < 0.5)
        if x > 0.95:
            line = pick(rnd, ["[1,2]", "1", '"x"', "null", "{", "{'a': 1}", '{"a": NaN}', '{"a": Infinity}',
                              '{"a": 1, "a": 2}', "[" * 5000 + "]" * 5000, '{"a":' * 3000 + "1" + "}" * 3000,
                              '{"a": 1e99999}', '{"a": "\\ud800"}', "\x00"])
            case.feats.add("badline")
        lines.append(line)
        if rnd.random() < 0.03:
            lines.append(pick(rnd, ["", "   ", "\t"]))
    text = pick(rnd, ["\n", "\r\n"]).join(lines) + ("\n" if rnd.random() < 0.8 else "")
    case.files["in.jsonl"] = _encode(rnd, text, case) if rnd.random() < 0.3 else text.encode("utf-8", "surrogatepass")
    case.main = "in.jsonl"
    case.out = "out." + pick(rnd, ["csv", "jsonl", "parquet", "xlsx"])
    case.args = _batch_flags(rnd)
    return case


def gen_parquet(rnd: random.Random) -> Case:
    import decimal

    import pyarrow as pa
    import pyarrow.parquet as pq

    case = Case("parquet")
    heads, rows = _table(rnd, case)
    n = len(rows)
    arrays, names = [], []
    for j, h in enumerate(heads):
        col = [r[j] for r in rows]
        x = rnd.random()
        try:
            if x < 0.55:
                arr = pa.array([c if c is None else c.encode("utf-8", "replace").decode("utf-8") for c in col], pa.string())
            elif x < 0.6:
                arr = pa.array([rnd.choice([None, 1, -1, 2**62]) for _ in range(n)], pa.int64())
            elif x < 0.65:
                arr = pa.array([rnd.choice([None, float("nan"), float("inf"), -0.0, 1e308, 5e-324, 4317.81]) for _ in range(n)], pa.float64())
                case.feats.add("nan")
            elif x < 0.7:
                arr = pa.array([rnd.choice([None, decimal.Decimal("1E+30"), decimal.Decimal("12345678901234567890123456.789012345678")])
                                for _ in range(n)], pa.decimal128(38, 12) if rnd.random() < 0.5 else pa.decimal256(76, 0))
                case.feats.add("decimal")
            elif x < 0.75:
                arr = pa.array([rnd.choice([None, b"\xff\xfe", b"ok", "西安".encode("gbk")]) for _ in range(n)], pa.binary())
            elif x < 0.8:
                arr = pa.array([rnd.choice([None, _dt.date(1, 1, 1), _dt.date(9999, 12, 31), _dt.date(2024, 2, 29)]) for _ in range(n)], pa.date32())
            elif x < 0.85:
                arr = pa.array([rnd.choice([None, ["a", "b"], []]) for _ in range(n)], pa.list_(pa.string()))
            elif x < 0.88:
                arr = pa.array([rnd.choice([None, {"a": 1}]) for _ in range(n)], pa.struct([("a", pa.int64())]))
            elif x < 0.91:
                arr = pa.array([None] * n, pa.null())
            elif x < 0.94:
                arr = pa.array([rnd.choice([None, True, False]) for _ in range(n)], pa.bool_())
            elif x < 0.97:
                arr = pa.array([rnd.choice(["西安市", "宝鸡市", None]) for _ in range(n)], pa.string()).dictionary_encode()
            else:
                arr = pa.array([rnd.choice([None, 2**64 - 1, 0]) for _ in range(n)], pa.uint64())
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            arr = pa.array([None] * n, pa.string())
        arrays.append(arr)
        names.append(h)
    table = pa.Table.from_arrays(arrays, names=names) if arrays else pa.table({})
    buf = io.BytesIO()
    pq.write_table(table, buf, row_group_size=rnd.choice([1, 7, 1000]))
    data = buf.getvalue()
    case.rows_in = n if arrays else None
    if rnd.random() < 0.08:
        b = bytearray(data)
        for _ in range(rnd.randrange(1, 8)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        data = bytes(b)
        case.rows_in = None
        case.feats.add("damage")
    case.files["in.parquet"] = data
    case.main = "in.parquet"
    case.out = "out." + pick(rnd, ["csv", "jsonl", "parquet", "xlsx"])
    case.args = _batch_flags(rnd)
    return case


def gen_cli(rnd: random.Random) -> Case:
    """A command line, with one of the other kinds' inputs."""
    inner = pick(rnd, ["profile", "profile", "pack", "csv", "xlsx", "jsonl"])
    case = GENERATORS[inner](rnd)
    case.kind = "cli"
    lang = ["--lang", pick(rnd, ["zh", "en"])]
    day = ["--as-of", pick(rnd, [AS_OF, AS_OF, "0001-01-01", "9999-10-01", "2026-02-30"])]
    if inner == "profile":
        cmd = pick(rnd, ["check", "check", "gaps", "report", "diff", "deadlines"])
        args = [cmd, case.main] + lang + day
        if cmd == "check":
            args += rnd.choice([[], ["--format", "json"], ["--format", "markdown"], ["--audit"], ["--quotes"],
                                ["--set", f"revenue_wan={nasty(rnd, 'number')}"]])
        if cmd == "report":
            args += ["-o", "r.html"] + rnd.choice([[], ["--audit"], ["--format", "markdown"]])
        if cmd == "diff":
            args += ["--set", f"{pick(rnd, ['revenue_wan', 'city', 'bogus'])}={nasty(rnd)}"]
        if cmd == "deadlines":
            args = ["deadlines", "--profile", case.main] + lang + day + rnd.choice([[], ["--ics", "d.ics"], ["--within", "30"]])
    elif inner == "pack":
        args = [pick(rnd, ["validate", "test", "check"])]
        if args[0] == "check":
            case.files["p.yaml"] = pick(rnd, SAMPLES).read_bytes()
            args += ["p.yaml", "--rules", "rules"] + lang + day
        else:
            args += ["rules"] + lang + rnd.choice([[], ["--format", "json"], ["--format", "github"], ["--strict"]])
    else:
        args = ["batch", case.main, "-o", case.out] + lang + day + case.args
        if rnd.random() < 0.25:  # a --map file: the client's headings to fields, YAML or CSV, some of it nonsense
            reg = registry()
            pairs = [(nasty(rnd) if rnd.random() < 0.2 else f"客户{k}", pick(rnd, sorted(reg.fields) + ["bogus", "营业收入（元）"]))
                     for k in range(rnd.randrange(0, 6))]
            if rnd.random() < 0.5:
                text = "\n".join(f"{json.dumps(a, ensure_ascii=False)}: {json.dumps(b, ensure_ascii=False)}" for a, b in pairs)
                case.files["map.yaml"] = _encode(rnd, text + "\n", case, odd=0.1)
                args += ["--map", "map.yaml"]
            else:
                buf = io.StringIO()
                csv.writer(buf).writerows([["column", "field"]] + pairs)
                case.files["map.csv"] = _encode(rnd, buf.getvalue(), case, odd=0.1)
                args += ["--map", "map.csv"]
            case.feats.add("map")
    case.args = args
    return case


GENERATORS = {"profile": gen_profile, "pack": gen_pack, "csv": gen_csv, "xlsx": gen_xlsx, "jsonl": gen_jsonl,
              "parquet": gen_parquet, "cli": gen_cli}


def make_case(seed: int, i: int, kinds: dict) -> Case:
    rnd = random.Random(f"{seed}:{i}")
    kind = rnd.choices(list(kinds), weights=list(kinds.values()))[0]
    return GENERATORS[kind](rnd)


# ------------------------------------------------------------------------------------------------ running one
class Ctx:
    """What a worker loads once: the engine (shipped packs, registry)."""

    def __init__(self):
        from xacheck.engine import Engine

        self.engine = Engine()
        self.packs = list(self.engine.packs)
        self.reg = self.engine.registry


def _count_out(path: str, encoding: str | None = None) -> int | None:
    ext = os.path.splitext(path)[1]
    if not os.path.exists(path):
        return None
    if ext == ".csv":
        enc = "utf-8-sig" if not encoding or encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
        if enc.lower().replace("-", "") == "utf16":
            enc = "utf-16"  # (a BOM at the start only: one per file)
        old = csv.field_size_limit(1 << 30)
        try:
            with open(path, encoding=enc, errors="replace", newline="") as f:
                return max(sum(1 for _ in csv.reader(f)) - 1, 0)
        finally:
            csv.field_size_limit(old)
    if ext == ".jsonl":
        with open(path, "rb") as f:
            return sum(1 for ln in f if ln.strip())
    if ext == ".parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    if ext == ".xlsx":
        import fastexcel

        book = fastexcel.read_excel(path)
        return book.load_sheet(0, dtypes="string").height
    return None


def _rows_in(case: Case, path: str, warnings: list) -> int | None:
    """Input data rows, counted apart from the reader."""
    if case.rows_in is not None:
        return case.rows_in
    fmt = os.path.splitext(path)[1]
    if fmt == ".jsonl":
        with open(path, "rb") as f:
            return sum(1 for ln in f if ln.strip())
    if fmt in (".csv", ".tsv"):
        from xacheck.batch import readers

        skip_rows = 0
        for w in warnings:
            if getattr(w, "template", "").startswith("the headings are on row"):
                skip_rows = w.params["n"]
        try:
            enc = readers.detect_encoding(path)
        except Exception:  # noqa: BLE001
            return None
        with open(path, encoding=enc, newline="") as f:
            first = f.readline()
            delim = "\t" if first.count("\t") > first.count(",") else ","
            f.seek(0)
            old = csv.field_size_limit(1 << 30)
            try:
                rows = [r for r in csv.reader(f, delimiter=delim)]
            except csv.Error:
                return None
            finally:
                csv.field_size_limit(old)
        rows = [r for r in rows if r]  # (an empty line is no row)
        # the rows above the headings (a title) are left out; their count is in physical rows
        data = rows[1 + skip_rows:] if skip_rows == 0 else None
        return len(data) if data is not None else None
    return None


def run_case(case: Case, ctx: Ctx, tmp: str) -> dict:
    """Run one case in ``tmp``; returns {"outcome": ok|traceback|internal|rows, "detail": …}."""
    from xacheck.errors import XacheckError

    for name, data in case.files.items():
        p = os.path.join(tmp, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
    cwd = os.getcwd()
    os.chdir(tmp)
    try:
        if case.kind == "cli":
            return _run_cli(case)
        try:
            return {"ok": _run_inprocess(case, ctx)}
        except XacheckError:
            return {"outcome": "ok", "refused": True}
        except BaseException as exc:  # noqa: BLE001 - what the fuzz looks for
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            return {"outcome": "traceback", "sig": signature(exc), "tb": traceback.format_exc()[-3000:]}
    finally:
        os.chdir(cwd)


def _run_inprocess(case: Case, ctx: Ctx):
    eng = ctx.engine
    if case.kind == "profile":
        day, lang = case.args[0], case.args[1]
        if case.what == "check":
            ans = eng.check(case.main, as_of=day, lang=lang)
            ans.render("text", lang)
            ans.to_dict()
            ans.render("markdown", lang)
        elif case.what == "gaps":
            eng.gaps(case.main, as_of=day, lang=lang).to_dict()
        elif case.what == "report":
            eng.report(case.main, as_of=day, lang=lang, audit=True)
        elif case.what == "deadlines":
            ans = eng.deadlines(case.main, as_of=day, lang=lang)
            eng.ics(ans, lang)
        elif case.what == "diff":
            eng.diff(case.main, as_of=day, lang=lang, sets=["revenue_wan+=100"], to="2027-01-01").to_dict()
        elif case.what == "whatif":
            eng.check(case.main, as_of=day, lang=lang, sets=[case.args[2]]).render("text", lang)
        return "ok"
    if case.kind == "pack":
        return _run_pack(case, ctx)
    return _run_batch(case, ctx)


def _run_pack(case: Case, ctx: Ctx):
    from xacheck.errors import XacheckError
    from xacheck.packs import build_pack
    from xacheck.yamlsafe import load_yaml_file

    if case.what == "validate":
        from xacheck.validate import Validation

        v = Validation(ctx.reg, _dt.date(2026, 6, 1)).run([Path("rules")])
        from xacheck.findings import FindingsReport, render_findings

        for fmt in ("text", "json", "github", "sarif", "junit"):
            render_findings(fmt, FindingsReport(v.findings, v.files))
        return "ok"
    if case.what == "test":
        from xacheck.packs import load_packs
        from xacheck.ruletest import run_pack_tests

        run_pack_tests(load_packs([Path("rules")], include_shipped=False, reg=ctx.reg), ctx.reg)
        return "ok"
    doc = load_yaml_file(case.main)
    pack, findings = build_pack(doc, ctx.reg)
    if pack is None or any(f.severity == "error" for f in findings):
        return "ok"
    from xacheck.evaluate import evaluate_profile
    from xacheck.profiles import load_profile

    if case.what == "batch":
        case.files = {}
        with open("in.csv", "w", encoding="utf-8") as f:
            f.write("名称,所在城市,营业收入（万元）,研发费用（万元）,职工总数（人）,成立日期\n"
                    "甲,西安市,5000,300,50,2020-01-01\n乙,宝鸡市,,1e30,x,2024-02-30\n丙,西安市,-1,0,0,\n")
        return _batch("in.csv", "out.csv", [pack], ctx.reg, [], rows_in=3)
    for s in SAMPLES[:6]:
        prof = load_profile(str(s), ctx.reg)
        for day in (_dt.date(2026, 6, 1), _dt.date(2020, 1, 1)):
            res = evaluate_profile([pack], prof, day, ctx.reg)
            from xacheck.render import CheckReport, get_renderer

            get_renderer("text")(CheckReport(prof, day, res, ctx.reg, {pack.id: pack}, view="all"), "en")
    return "ok"


def _run_batch(case: Case, ctx: Ctx):
    return _batch(case.main, case.out, ctx.packs, ctx.reg, case.args, case=case)


def _batch(inp: str, out: str, packs, reg, flags: list, rows_in: int | None = None, case: Case | None = None):
    from xacheck.batch.runner import BatchOptions, run
    from xacheck.engine import as_date

    opts = BatchOptions(input=inp, output=out, as_of=_dt.date(2026, 6, 1), lang="en")
    it = iter(flags)
    for f in it:
        if f == "--pack":
            opts.pack_ids = (next(it),)
        elif f == "--sort":
            opts.sort = next(it)
        elif f == "--all-rules":
            opts.all_rules = True
        elif f == "--to":
            opts.to = as_date(next(it))
        elif f == "--set":
            opts.sets = (next(it),)
        elif f == "--out-encoding":
            opts.out_encoding = next(it)
        elif f == "--sheet":
            opts.sheet = next(it)
    run(opts, packs, reg)
    n_out = _count_out(out, opts.out_encoding)
    if n_out is None:
        return {"outcome": "ok"}
    n_in = rows_in if rows_in is not None else _rows_in(case, inp, opts.warnings) if case else None
    if n_in is not None and n_in != n_out:
        return {"outcome": "rows", "sig": f"rows in {n_in} != rows out {n_out} ({os.path.splitext(inp)[1]} -> "
                f"{os.path.splitext(out)[1]})", "tb": ""}
    return {"outcome": "ok"}


def _run_cli(case: Case) -> dict:
    from click.testing import CliRunner

    from xacheck.cli import main

    res = CliRunner().invoke(main, case.args, catch_exceptions=True)
    text = (res.output or "") + (getattr(res, "stderr", "") if getattr(res, "stderr_bytes", None) else "")
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        exc = res.exception
        return {"outcome": "traceback", "sig": signature(exc, res.exc_info[2] if res.exc_info else None),
                "tb": "".join(traceback.format_exception(*res.exc_info))[-3000:] if res.exc_info else repr(exc)}
    if "internal error" in text or "内部错误" in text or "Traceback" in text:
        line = next((ln for ln in text.splitlines() if "internal error" in ln or "内部错误" in ln), text[-300:])
        return {"outcome": "internal", "sig": "cli: " + _strip(line), "tb": text[-3000:]}
    if res.exit_code not in (0, 1, 2):
        return {"outcome": "internal", "sig": f"cli: exit {res.exit_code}", "tb": text[-3000:]}
    if case.args and case.args[0] == "batch" and res.exit_code in (0, 1):
        out = case.args[3]
        enc = case.args[case.args.index("--out-encoding") + 1] if "--out-encoding" in case.args else None
        n_out = _count_out(out, enc)
        n_in = _rows_in(case, case.args[1], [])
        if n_in is not None and n_out is not None and n_in != n_out and "the headings are on row" not in text \
                and "表头在第" not in text:
            return {"outcome": "rows", "sig": f"cli rows in {n_in} != rows out {n_out}", "tb": text[-2000:]}
    return {"outcome": "ok"}


def _strip(line: str) -> str:
    import re

    line = re.sub(r"'[^']*'", "'…'", line)
    return re.sub(r"[0-9]+", "N", line)[:160]


def signature(exc: BaseException, tb=None) -> str:
    """Exception type and the innermost xacheck frame (file:function), numbers stripped from the message."""
    frames = traceback.extract_tb(tb or exc.__traceback__)
    own = [f for f in frames if "/xacheck/" in f.filename and "/bench/" not in f.filename]
    where = f"{Path(own[-1].filename).name}:{own[-1].name}" if own else \
        (f"{Path(frames[-1].filename).name}:{frames[-1].name}" if frames else "?")
    return f"{type(exc).__name__} at {where}: {_strip(str(exc))[:100]}"


# ------------------------------------------------------------------------------------------------ attribution
def attribute(kind: str, sig: str, feats: set, outcome: str) -> str:
    """Which point of issue 15 a failure belongs to, when other work fixes it; "other" otherwise."""
    import re

    s = sig
    if "RecursionError" in s or "maximum recursion" in s:
        return "#11 recursion"
    if "UnicodeEncodeError" in s:
        return "#13 terminal encodings"
    if "No space left" in s or "Read-only" in s or "LookupError" in s or "unknown encoding" in s:
        return "#14 environment"
    if re.search(r"\bOverflow\b", s) and "OverflowError" not in s:
        return "#9 decimal overflow"
    if "date value out of range" in s or "year N is out of range" in s or "year is out of range" in s \
            or "OverflowError" in s and ("date" in s or "timedelta" in s) or "days=" in s:
        return "#12 dates"
    if "InvalidOperation" in s or "ConversionSyntax" in s or "DivisionUndefined" in s:
        return "#8/#10 numbers (display context, NaN)"
    if "NaN" in s or "nan" in s.split(":")[-1] or "Infinity" in s or "cannot convert float" in s:
        return "#10 NaN/Inf"
    if outcome in ("abort", "hang") and "condition" in feats and kind in ("pack", "cli"):
        return "#5 compiler (conditions)"
    return "other"


# ------------------------------------------------------------------------------------------------ workers
def _worker(conn, seed: int, kinds: dict, mem_mb: int, recycle: int = 0):
    import resource

    if mem_mb:
        resource.setrlimit(resource.RLIMIT_AS, (mem_mb << 20, mem_mb << 20))
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    ctx = Ctx()
    conn.send("ready")
    base = tempfile.mkdtemp(prefix="xafuzz-")
    done = 0
    while True:
        if recycle and done >= recycle:  # a fresh process now and then: no drift of one worker's memory
            conn.send("recycle")
            break
        i = conn.recv()
        if i is None:
            break
        done += 1
        tmp = os.path.join(base, str(i))
        os.makedirs(tmp)
        t = time.perf_counter()
        case = None
        try:
            case = make_case(seed, i, kinds)
            res = run_case(case, ctx, tmp)
            if "ok" in res:
                res = {"outcome": "ok"} if not isinstance(res["ok"], dict) else res["ok"]
            res.setdefault("refused", False)
        except MemoryError:
            res = {"outcome": "traceback", "sig": "MemoryError", "tb": ""}
        except Exception as exc:  # noqa: BLE001 - the harness's own failure: reported apart, not counted
            res = {"outcome": "harness", "sig": f"harness: {type(exc).__name__}: {exc}"[:200],
                   "tb": traceback.format_exc()[-3000:]}
        res.update(i=i, kind=case.kind if case else "?", feats=sorted(case.feats) if case else [],
                   secs=time.perf_counter() - t)
        shutil.rmtree(tmp, ignore_errors=True)
        conn.send(res)
    shutil.rmtree(base, ignore_errors=True)


class Pool:
    def __init__(self, n: int, seed: int, kinds: dict, mem_mb: int, recycle: int = 0):
        self.args = (seed, kinds, mem_mb, recycle)
        self.ctx = mp.get_context("spawn")
        self.slots = [self._start() for _ in range(n)]

    def _start(self):
        a, b = self.ctx.Pipe()
        p = self.ctx.Process(target=_worker, args=(b, *self.args), daemon=True)
        p.start()
        b.close()
        return {"p": p, "c": a, "i": None, "t": 0.0, "ready": False}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="inputs to run (default 100,000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", type=int, default=0, help="first input index (to continue a run)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds before an input counts as a hang")
    ap.add_argument("--mem-mb", type=int, default=6144, help="address-space cap of each worker (MB; Polars alone "
                    "reserves 2.3 GB of address space)")
    ap.add_argument("--recycle", type=int, default=1000, help="a fresh worker process after this many inputs")
    ap.add_argument("--kinds", default=",".join(KINDS), help="comma-separated: " + ",".join(KINDS))
    ap.add_argument("--save", default=None, help="folder for the failing inputs (default: a temporary one)")
    ap.add_argument("--replay", type=int, default=None, help="run input INDEX here and print its traceback")
    ap.add_argument("--show", type=int, default=None, help="write input INDEX's files to --save and say how to run it")
    args = ap.parse_args(argv)
    kinds = {k: KINDS[k] for k in args.kinds.split(",") if k}
    os.environ.setdefault("XACHECK_TODAY", AS_OF)
    os.environ.setdefault("POLARS_MAX_THREADS", "1")
    os.environ.setdefault("RAYON_NUM_THREADS", "1")
    os.environ.setdefault("NO_COLOR", "1")
    sys.path.insert(0, str(ROOT))
    if args.replay is not None or args.show is not None:
        i = args.replay if args.replay is not None else args.show
        case = make_case(args.seed, i, kinds)
        tmp = args.save or tempfile.mkdtemp(prefix=f"xafuzz-{i}-")
        os.makedirs(tmp, exist_ok=True)
        print(f"input {i}: {case.kind} {case.what} feats={sorted(case.feats)} args={case.args} files in {tmp}")
        if args.show is not None:
            for name, data in case.files.items():
                p = os.path.join(tmp, name)
                os.makedirs(os.path.dirname(p), exist_ok=True)
                Path(p).write_bytes(data)
            return 0
        print(run_case(case, Ctx(), tmp))
        return 0
    save = Path(args.save or tempfile.mkdtemp(prefix="xafuzz-failed-"))
    save.mkdir(parents=True, exist_ok=True)
    counts = collections.Counter()
    by_kind = collections.Counter()
    secs_by_kind: collections.Counter = collections.Counter()
    refused: collections.Counter = collections.Counter()  # inputs refused with a user error (the rest answered)
    sigs: dict[tuple, list] = {}
    t0 = time.monotonic()
    todo = iter(range(args.start, args.start + args.n))
    pending: list[int] = []
    pool = Pool(max(1, args.workers), args.seed, kinds, args.mem_mb, args.recycle)
    done = 0
    last = t0

    def record(i, kind, outcome, sig, tb, feats):
        counts[outcome] += 1
        if outcome == "ok":
            return
        cls = attribute(kind, sig, set(feats), outcome)
        key = (outcome, cls, kind, sig)
        if key not in sigs:
            sigs[key] = []
            (save / f"{outcome}-{i}.txt").write_text(f"seed {args.seed} index {i} kind {kind} feats {feats}\n{sig}\n\n{tb}",
                                                    encoding="utf-8")
        sigs[key].append(i)

    active = len(pool.slots)
    from multiprocessing.connection import wait

    while active:
        for s in pool.slots:
            if s["ready"] and s["i"] is None and s["p"] is not None:
                i = pending.pop() if pending else next(todo, None)
                if i is None:
                    s["c"].send(None)
                    s["p"] = None
                    active -= 1
                    continue
                s["i"], s["t"] = i, time.monotonic()
                s["c"].send(i)
        live = [s for s in pool.slots if s["p"] is not None]
        if not live:
            break
        ready = wait([s["c"] for s in live], timeout=1.0)
        now = time.monotonic()
        for k, s in enumerate(pool.slots):
            if s["p"] is None:
                continue
            if s["c"] in ready:
                try:
                    msg = s["c"].recv()
                except (EOFError, OSError):
                    msg = None
                if msg == "ready":
                    s["ready"] = True
                    continue
                if msg == "recycle":
                    if s["i"] is not None:  # sent after its last result: not run, run by another
                        pending.append(s["i"])
                    s["p"].join(10)
                    pool.slots[k] = pool._start()
                    continue
                if msg is None:  # the worker died
                    s["p"].join(5)
                    code = s["p"].exitcode
                    i = s["i"]
                    case = make_case(args.seed, i, kinds) if i is not None else None
                    name = signal.Signals(-code).name if code is not None and code < 0 else f"exit {code}"
                    record(i, case.kind if case else "?", "abort", f"worker died: {name}", "", sorted(case.feats) if case else [])
                    by_kind[case.kind if case else "?"] += 1
                    done += 1
                    pool.slots[k] = pool._start()
                    continue
                by_kind[msg["kind"]] += 1
                secs_by_kind[msg["kind"]] += msg.get("secs", 0)
                refused[msg["kind"]] += bool(msg.get("refused"))
                record(msg["i"], msg["kind"], msg.get("outcome", "ok"), msg.get("sig", ""), msg.get("tb", ""), msg["feats"])
                s["i"] = None
                done += 1
            elif s["i"] is not None and now - s["t"] > args.timeout:
                i = s["i"]
                s["p"].kill()
                s["p"].join(5)
                case = make_case(args.seed, i, kinds)
                record(i, case.kind, "hang", f"over {args.timeout:.0f} s", "", sorted(case.feats))
                by_kind[case.kind] += 1
                done += 1
                pool.slots[k] = pool._start()
        if now - last > 60:
            last = now
            print(f"... {done:,} inputs, {now - t0:,.0f} s: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())),
                  file=sys.stderr, flush=True)
    secs = time.monotonic() - t0
    fails = {o: sum(len(v) for (oc, *_), v in sigs.items() if oc == o)
             for o in ("traceback", "internal", "abort", "hang", "rows", "harness")}
    print(f"fuzz: seed {args.seed}, inputs {done:,} ({', '.join(f'{k} {v:,}' for k, v in sorted(by_kind.items()))}), "
          f"{secs:,.0f} s on {args.workers} worker(s)")
    print(f"  tracebacks {fails['traceback']}, internal errors {fails['internal']}, aborts {fails['abort']}, "
          f"hangs {fails['hang']}, rows in != rows out {fails['rows']}"
          + (f"  (the fuzz's own failures, not counted: {fails['harness']})" if fails["harness"] else ""))
    print("  mean seconds per input: " + ", ".join(f"{k} {secs_by_kind[k] / max(n, 1):.3f}" for k, n in sorted(by_kind.items())))
    print("  refused with a user error (the rest answered): " + ", ".join(
        f"{k} {refused[k] / max(n, 1):.0%}" for k, n in sorted(by_kind.items()) if k != "cli"))
    by_class = collections.Counter()
    for (oc, cls, kind, sig), ids in sigs.items():
        by_class[(cls, oc)] += len(ids)
    for (cls, oc), n in sorted(by_class.items()):
        print(f"  {cls:<40} {oc:<10} {n}")
    for (oc, cls, kind, sig), ids in sorted(sigs.items(), key=lambda kv: -len(kv[1])):
        print(f"  [{oc}] [{cls}] {kind}: {sig}  x{len(ids)}  e.g. --replay {ids[0]}")
    print(f"  failing inputs: {save}")
    return 1 if any(v for k, v in fails.items() if k != "harness") else 0


if __name__ == "__main__":
    sys.exit(main())
