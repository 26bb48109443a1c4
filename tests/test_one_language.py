"""One language at a time, all of it: a test that finds any user-facing string that exists in one
language only.

Three nets:

* the catalogue itself (:data:`xacheck.i18n.ZH` and the keyed tables): every entry in both languages,
  placeholders the same on both sides;
* the code: every ``Msg(...)`` / ``msg(lang, ...)`` key and every click help string is in the catalogue,
  and no Chinese text is written in code outside the catalogue except as the Chinese half of an inline
  (zh, en) pair or as data the readers match (``是``, ``合计``, ``万元``…);
* the output: a run of the real commands — help, the first view and the audit list, gaps, diff,
  deadlines, measures, init, the report, errors from a bad profile, a bad option and a bad batch cell — in
  ``--lang en`` shows no Chinese that is not data (rule titles, clauses, quotes, names from the packs,
  the registry and the profile), and in ``--lang zh`` no English prose.
"""
from __future__ import annotations

import ast
import inspect
import re
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

from xacheck import i18n
from xacheck.cli import main

from .conftest import ROOT

PKG = ROOT / "xacheck"
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f“”‘’《》（）【】、。，；：？！…—·]+")
HAN = re.compile(r"[\u3400-\u9fff]")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# --------------------------------------------------------------------------- the catalogue

def test_catalogue_entries_have_both_languages_and_the_same_placeholders():
    for en, zh in {**i18n.ZH, **i18n.CLICK_ZH}.items():
        assert en.strip() and zh.strip(), en
        if en in i18n.CLICK_ZH:  # click's own: Chinese may leave out a word click fixed in English
            assert _fields(zh) <= _fields(en), (en, zh)
        else:
            assert _fields(en) == _fields(zh), (en, zh)
        assert HAN.search(zh) or en in ("{label}: {problem}",) or _fields(en), f"not translated: {en!r} -> {zh!r}"
        assert re.search("[A-Za-z]", en) or not HAN.search(en), en  # the key is English (examples of input aside)


def _keyed_tables():
    from xacheck.render import html

    tables = {name: obj for name, obj in vars(i18n).items() if name.isupper() and isinstance(obj, dict)
              and obj and all(isinstance(v, tuple) and len(v) == 2 for v in obj.values())}
    tables["html.WORDS"] = html.WORDS
    return tables


def test_keyed_tables_have_both_languages():
    tables = _keyed_tables()
    assert {"STATUS", "WORDS", "KIND", "DEADLINE_KIND", "TYPE_WORDS", "html.WORDS"} <= set(tables)
    for name, table in tables.items():
        for key, (zh, en) in table.items():
            assert isinstance(zh, str) and isinstance(en, str), (name, key)
            assert _fields(zh) == _fields(en), (name, key)
            if name != "html.WORDS" or key not in ("pages_end",):
                assert zh.strip() and en.strip(), (name, key)


# --------------------------------------------------------------------------- the code

def _sources():
    for p in sorted(PKG.rglob("*.py")):
        yield p, ast.parse(p.read_text(encoding="utf-8"))


def _call_name(node: ast.Call) -> str | None:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def test_every_message_is_in_the_catalogue():
    missing, dynamic = [], []
    for path, tree in _sources():
        if path.name == "i18n.py":
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            arg = node.args[0] if name == "Msg" and node.args else node.args[1] if name == "msg" and len(node.args) > 1 else None
            if arg is None:
                continue
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                if arg.value not in i18n.ZH:
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno}: {arg.value!r}")
            else:
                dynamic.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not missing, "messages with no Chinese in xacheck.i18n.ZH:\n" + "\n".join(missing)
    assert not dynamic, "a message key must be a literal (the catalogue is looked up by it):\n" + "\n".join(dynamic)


def _commands(cmd, path=()):
    import click

    yield path, cmd
    if isinstance(cmd, click.Group):
        subs = cmd.all_commands() if hasattr(cmd, "all_commands") else cmd.commands
        for name, sub in sorted(subs.items()):
            yield from _commands(sub, path + (name,))


def test_every_help_text_is_in_the_catalogue():
    from xacheck.cli.localize import localize_tree

    main.all_commands()
    localize_tree(main, "en")  # the English originals, whatever an earlier test left
    missing = []
    for path, cmd in _commands(main):
        texts = [cmd.help, cmd.short_help] + [p.help for p in cmd.params if getattr(p, "help", None)]
        for text in texts:
            if text and inspect.cleandoc(text) not in i18n.ZH and text not in i18n.CLICK_ZH:
                missing.append(f"xacheck {' '.join(path)}: {inspect.cleandoc(text)[:90]!r}")
    assert not missing, "help with no Chinese in xacheck.i18n.ZH:\n" + "\n".join(missing)


#: modules whose messages are for rule authors (``xacheck validate`` / ``test`` findings, the schema's
#: hints): English by design, naming the documents' Chinese terms (百分点, 万元); their codes are in
#: docs/validate.md. Everything a profile's owner or a consultant reads is in the catalogue.
AUTHOR_MODULES = {"condcheck.py", "quotes.py", "codes.py", "packs.py", "validate.py", "ruletest.py",
                  "quote_numbers.py", "numbers_in_quotes.py"}  # the words read in quotes; messages to rule authors

#: Chinese in code that is data, not text for people: words the readers match in what people type
#: (是/否, 合计, money units), the field-type hints of the profile schema, names of the documents'
#: own terms. (module, constant or function) — reviewed; add with care.
DATA_OK = {
    ("fields.py", "_TRUE"), ("fields.py", "_FALSE"), ("fields.py", "MISSING_TOKENS"), ("fields.py", "EMPTY_LIST_TOKENS"),
    ("fields.py", "_MONEY"), ("fields.py", "_DATE_PATTERNS"), ("fields.py", "parse_number_text"),
    ("fields.py", "profile_json_schema"),
    ("questionnaire.py", "QUIT_WORDS"), ("questionnaire.py", "_AUTHOR_NOTES"), ("questionnaire.py", "reader_hint"),
    ("runner.py", "TOTAL_WORDS"), ("runner.py", "_totals_rows"), ("runner.py", "maybe"), ("gaps.py", "step_of"),
    ("rows.py", "TOTAL_WORDS"), ("rows.py", "NOTE_RE"), ("rows.py", "_MARKERS"),      # row kinds: words a sheet holds
    ("cells.py", "_MONEY_WORD"), ("cells.py", "_SUFFIX_CHARS"), ("cells.py", "_MONEY_POW"), ("cells.py", "_MONEY_UNITS"),
    ("cells.py", "_DATE_FORMS"), ("readers.py", "_utf8_chinese"),                  # forms and units cells are read in
    ("page.py", "_input"), ("page.py", "read_form"),   # 无: the "none" a list answer sends, as a cell would
    ("places.py", "NO_ZONE"), ("places.py", "_NO_ZONE_WORDS"), ("places.py", "_SELF_LOCATING"),  # place words read
    ("places.py", "COUNTRY"), ("places.py", "_ZONE_WORDS"), ("places.py", "suggest"), ("places.py", "parse_address"),
    ("places.py", "gazetteer"), ("places.py", "examples"), ("fields.py", "_place_schema"),  # schema: "zh / en"
    ("template.py", "TITLE_DATE_WORDS"), ("template.py", "title_date_columns"),  # headings read, cells written
    ("template.py", "profile_row"),
    ("headers.py", "MONEY_UNITS"), ("headers.py", "_UNIT_RE"), ("headers.py", "load_map"),
    ("data.py", "source_line"), ("data.py", "_short"), ("data.py", "_OPS_ZH"), ("text.py", "_short"),
    ("text.py", "_width"), ("html.py", "_text_width"),
}


#: functions that build a text and its English side by side in two variables (``text`` / ``text_en``,
#: ``*_zh`` / ``*_en``), which the pair detection below cannot see: both languages exist
SIDE_BY_SIDE = {("gaps.py", "_fixed"), ("gaps.py", "_boolean"), ("gaps.py", "_member"), ("gaps.py", "_compare"),
                ("gaps.py", "change_dict"), ("gaps.py", "_set_number"),
                ("places.py", "_LEVEL_ZH"), ("places.py", "_FIELD_ZH"), ("places.py", "unknown"),  # PlaceNote(zh, en)
                ("places.py", "_conflict"),
                ("decision.py", "_CAUSE_ZH"),   # replay causes: the English key and its Chinese, a pattern each
                ("page.py", "W")}               # the page's word table (the language switch names the other one)


def _pair_ok(node: ast.AST, parents: dict) -> bool:
    """The Chinese half of an inline pair: ``"x" if en else "中"``, ``(zh, en)``, ``{"k": (zh, en)}``."""
    p = parents.get(node)
    while isinstance(p, (ast.JoinedStr, ast.FormattedValue, ast.BinOp)):  # f"…中…" / "中" + x
        node, p = p, parents.get(p)
    if isinstance(p, ast.IfExp) and node in (p.body, p.orelse):
        other = p.orelse if node is p.body else p.body
        return not HAN.search(ast.unparse(other))
    if isinstance(p, ast.Tuple) and len(p.elts) == 2 and p.elts[0] is node:
        return not HAN.search(ast.unparse(p.elts[1]))
    if isinstance(p, ast.Call) and node in p.args:  # f(…, "中", "en", …): Chinese then its English
        i = p.args.index(node)
        return i + 1 < len(p.args) and not HAN.search(ast.unparse(p.args[i + 1]))
    if isinstance(p, ast.keyword) and p.arg and p.arg.endswith("_zh"):  # f(x_zh="中", x_en="en")
        call = parents.get(p)
        twin = next((k for k in getattr(call, "keywords", []) if k.arg == p.arg[:-3] + "_en"), None)
        return twin is not None and not HAN.search(ast.unparse(twin.value))
    return False


def test_no_chinese_outside_the_catalogue():
    bad = []
    for path, tree in _sources():
        if path.name == "i18n.py" or path.name in AUTHOR_MODULES:
            continue
        parents = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                      and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        owner: dict = {}
        for n in ast.walk(tree):
            if isinstance(n, (ast.FunctionDef, ast.ClassDef)) or (isinstance(n, ast.Assign) and n.targets
                                                                  and isinstance(n.targets[0], ast.Name)
                                                                  and isinstance(parents.get(n), ast.Module)):
                name = n.name if not isinstance(n, ast.Assign) else n.targets[0].id
                for c in ast.walk(n):
                    owner[c] = name  # ast.walk is breadth first: the innermost definition writes last
        for n in ast.walk(tree):
            if not (isinstance(n, ast.Constant) and isinstance(n.value, str) and HAN.search(n.value)):
                continue
            if id(n) in docstrings or (path.name, owner.get(n)) in DATA_OK | SIDE_BY_SIDE or _pair_ok(n, parents):
                continue
            p = parents.get(n)
            if isinstance(p, ast.Call) and _call_name(p) in ("compile", "sub", "match", "search"):
                continue  # a pattern matching input
            if isinstance(p, ast.Call) and _call_name(p) in ("Msg", "msg") and n in p.args[:2]:
                continue  # a catalogue key (its Chinese is checked above)
            if isinstance(p, ast.keyword) and p.arg == "help":
                continue  # click help: a catalogue key (checked above)
            bad.append(f"{path.relative_to(ROOT)}:{n.lineno}: {n.value[:40]!r}")
    assert not bad, "Chinese text in code, outside the catalogue and without its English:\n" + "\n".join(bad)


# --------------------------------------------------------------------------- the output

SAMPLE = ROOT / "samples/enterprise-optics.yaml"
REGION = ROOT / "samples/region-xian-2020.yaml"


@pytest.fixture(scope="module")
def data_text() -> str:
    """Every string the packs, the field registry and the samples hold: Chinese found in it is data."""
    from xacheck.yamlsafe import load_yaml_file

    out: list[str] = []

    def walk(v):
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(str(k))
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    for f in list((PKG / "measures").glob("*.yaml")) + list((PKG / "fields").glob("*.yaml")) + list((ROOT / "samples").glob("*.yaml")):
        walk(load_yaml_file(str(f)).data)
    return "\n".join(out)


def _bad_files(tmp: Path) -> dict[str, Path]:
    bad = tmp / "bad.yaml"
    bad.write_text("type: enterprise\nname: 测试\nrevenue_wan: 五万\nrd_intensity: 5%\nrevenu_wan: 1\n"
                   "established: 2024-13-40\ntitles: [不存在的称号]\n", encoding="utf-8")
    csv = tmp / "clients.csv"
    csv.write_text("名称,营业收入（万元）,研发费用（万元）,所在城市\n甲公司,五万,100,西安市\n乙公司,6000,300,西安市\n",
                   encoding="utf-8")
    return {"bad": bad, "csv": csv}


def _runs(tmp: Path, lang: str) -> list[tuple[str, str]]:
    """(what, text shown) for each run, stdout and stderr together."""
    files = _bad_files(tmp)
    runner = CliRunner()
    out = []

    def run(*args, input=None, env=None):
        res = runner.invoke(main, ["--lang", lang, *map(str, args)], input=input, prog_name="xacheck", env=env)
        text = res.output + (res.stderr if res.stderr_bytes is not None else "")
        if "report" in args and "--format" not in args:  # the HTML as a reader sees it: text, not markup
            import html

            text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<style>.*?</style>", " ", text)))
        out.append((" ".join(map(str, args)), text))
        return res

    for path, cmd in _commands(main):
        run(*path, "--help")
    day = ["--as-of", "2026-12-02"]
    run("check", SAMPLE, *day)
    run("check", SAMPLE, *day, "--all")
    run("check", SAMPLE, *day, "--format", "markdown")
    run("check", REGION, "--as-of", "2024-06-01")
    run("gaps", SAMPLE, *day)
    run("diff", SAMPLE, "--as-of", "2026-12-31", "--to", "2027-01-01")
    run("deadlines", "--profile", SAMPLE, *day)
    run("measures", "list", "--pack", "natl-hnte")
    run("measures", "show", "xa-14fyp.p-double-five")
    run("report", SAMPLE, *day)
    run("report", SAMPLE, *day, "--format", "markdown")
    # init stamps the profile with the day it is written: the clock, pinned here (tests/conftest.py)
    run("init", "--as-of", "2026-12-02", input="1\n测试公司\n西安市\n\nabc\n", env={"XACHECK_TODAY": "2026-12-02"})
    run("check", files["bad"], *day)
    run("check", SAMPLE, "--as-of", "2026-13-01")
    run("check", SAMPLE, "--pack", "nope", *day)
    run("check", SAMPLE, *day, "--set", "revenue_wan=五万")
    run("measures", "show", "nope")
    run("chek")
    res_out = tmp / f"scored-{lang}.csv"
    run("batch", files["csv"], "-o", res_out, *day, "--pack", "xa-14fyp")
    if res_out.exists():  # the cells (the headings are the result columns' keys, the same in both languages)
        out.append(("batch output cells", res_out.read_text(encoding="utf-8-sig").split("\n", 1)[1]))
    return out


#: words allowed in Chinese output: names of things (formats, programs, units, acronyms) and what a
#: user types (commands, options, placeholders)
EN_OK = re.compile(r"(?m)^\s{2}[a-z]+(?=\s{2})|--[a-z][a-z-]*|xacheck(?: [a-z]+)*|[\w./*-]*\.(?:ya?ml|csv|tsv|xlsx|json|jsonl|parquet|html|pdf|md|ics)\b"
                   r"|\b[a-z0-9-]+\.[a-z0-9][a-z0-9.-]*\b|\b[a-z]+(?:_[a-z0-9]+)+\b|\bXACHECK_[A-Z_]+\b"
                   r"|\b[a-z0-9]+(?:-[a-z0-9]+)+\b|^[a-z_]+:|\b(?:abc|nope|chek)\b"
                   r"|\b(?:text|json|markdown|html|pdf|zh|en|enterprise|project|institution|region|applies|"
                   r"not_applicable|unknown|needs_assessment|expired|not_yet_effective|met|not_met|on_track|behind|"
                   r"true|false|none|no|opportunity|measure|programme|target|indicator|junit|github|sarif|rules|"
                   r"profile|tap|utf-8-sig|utf-8|gbk|list|show|check|schema|sha256|"
                   r"scored|blank|note|totals|unreadable)\b|https?://\S+|/\S+")   # (row_kind keys, as the statuses)


LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9_ ,.;:'()/&%≥≤<>=+\-\"’–×÷]*")


def _english_prose(text: str, data_text: str) -> list[str]:
    """Lowercase English words of three letters or more that are not a command, option, key or name,
    nor part of data (the national packs quote an English summary of their regulations)."""
    text = LATIN_RUN.sub(lambda m: " " if m.group(0).strip(" ,.;:()") in data_text else m.group(0), text)
    text = EN_OK.sub(" ", text)
    return re.findall(r"(?<![A-Za-z])[a-z]{3,}(?![A-Za-z])", text)


def test_chinese_runs_speak_chinese(tmp_path, data_text):
    problems = []
    for what, text in _runs(tmp_path, "zh"):
        words = _english_prose(text, data_text)
        if words:
            problems.append(f"{what}: {sorted(set(words))[:12]}")
    assert not problems, "English in --lang zh output:\n" + "\n".join(problems)


#: what the runs above type in Chinese (echoed back in errors and outputs: data, not text)
TYPED = "测试 五万 不存在的称号 测试公司 甲公司 乙公司 客户收入 高新技术企业认定日期"


def test_english_runs_speak_english(tmp_path, data_text):
    problems = []
    for what, text in _runs(tmp_path, "en"):
        pieces = [p for run in CJK.findall(text) for p in re.split(r"[“”（）《》、，。；：—…·【】\s]+", run)]
        stray = [p for p in pieces if HAN.search(p) and p not in data_text and p not in TYPED]
        if stray:
            problems.append(f"{what}: {stray[:8]}")
    assert not problems, "Chinese in --lang en output that is not data:\n" + "\n".join(problems)


def test_the_output_nets_catch_a_stray_string(data_text):
    """The two output nets are not blind: an English sentence in Chinese output, a Chinese word in English
    output are caught, while data and commands pass."""
    assert _english_prose("xacheck: 第 3 行：expected a number, got 五万", data_text) == ["expected", "number", "got"]
    assert _english_prose("试算: xacheck check a.yaml --set revenue_wan=20000 · natl-hnte.art11", data_text) == []
    pieces = [p for run in CJK.findall("wrote report.html 已写入; 《西安市“十四五”科技创新发展规划》")
              for p in re.split(r"[“”（）《》、，。；：—…·【】\s]+", run)]
    assert [p for p in pieces if HAN.search(p) and p not in data_text] == ["已写入"]


def _error_classes() -> set[str]:
    """The names of the error classes a user reads (:class:`xacheck.errors.XacheckError` and its subclasses,
    wherever defined)."""
    import importlib

    from xacheck.errors import XacheckError

    # every module imported first (their error classes are defined on import): the answer must not depend on
    # which tests ran before (xlsx_guard's XlsxTooLarge was seen only when an XLSX test had imported it)
    for path in sorted(PKG.rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        if not name.endswith("__main__"):
            try:
                importlib.import_module(name)
            except ImportError:  # an extra not installed (serve, spark): its module defines no error class
                pass

    out, todo = set(), [XacheckError]
    while todo:
        cls = todo.pop()
        out.add(cls.__name__)
        todo += cls.__subclasses__()
    return out


#: errors in rule packs and field files: for their authors, English by design (as AUTHOR_MODULES)
AUTHOR_ERRORS = {"ConditionSyntaxError", "ConditionTooLarge", "ConditionTypeError", "ConditionError",
                 "FieldRegistryError", "RulePackError"}




def test_every_error_a_user_reads_is_a_catalogue_message():
    """``raise UsageError("…")`` with plain text reaches a Chinese user in English: a user-facing error's
    message is a ``Msg`` (the author modules' findings excepted, see AUTHOR_MODULES)."""
    classes, plain = _error_classes() - AUTHOR_ERRORS, []
    for path, tree in _sources():
        if path.name in AUTHOR_MODULES or path.name == "i18n.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and _call_name(node.exc) in classes \
                    and node.exc.args and isinstance(node.exc.args[0], (ast.Constant, ast.JoinedStr)):
                plain.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not plain, "errors with plain text (use Msg and the catalogue):\n" + "\n".join(plain)
