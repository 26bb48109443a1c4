"""Issue 15 #7 (and the headings half of #6): an input made of unknown names costs a few suggestions and a
few lines, not one of each per name. A 5.6 MB pack of 400,000 unknown keys took 48 s to be refused and
printed 400,000 lines; a profile of 200,000 unknown keys minutes; a register of 20,000 unknown headings 51 s.

The assertions are on what is printed (lines, bytes), never on time: the suggestions are what cost, and
they are printed, so a bounded output is a bounded cost."""
from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from xacheck import hints
from xacheck.cli import main


def _run(*args):
    return CliRunner().invoke(main, [*map(str, args)], catch_exceptions=False)


def test_a_pack_of_400000_unknown_keys_is_refused_in_a_few_lines(tmp_path):
    """The issue's pack: no mapping of the project holds more than MAX_KEYS keys, so it is refused as it is read,
    before 400,000 keys are built and checked (and before a suggestion is sought for one)."""
    from xacheck.yamlsafe import MAX_KEYS

    pack = tmp_path / "keys.yaml"
    lines = ["pack: junk-keys", 'version: "1"', "title: {zh: 测试, en: test}"]
    pack.write_text("\n".join(lines + [f"zq{i:06d}xkey: {i}" for i in range(400_000)]) + "\n", encoding="utf-8")
    assert pack.stat().st_size > 5_600_000
    res = _run("--lang", "en", "validate", "--as-of", "2026-06-01", pack)
    assert res.exit_code == 1, res.output[-3000:]
    assert res.output.splitlines() == [f"{pack}:1:1: XA001 a mapping of 400,003 keys (at most {MAX_KEYS:,} are read)",
                                       "1 file(s) checked: 1 error(s), 0 warning(s)"]
    # the same pack named by --rules: the same one line
    res = _run("check", "--lang", "en", "--rules", pack, "--as-of", "2026-06-01", tmp_path / "none.yaml")
    assert res.exit_code == 2 and len(res.output.splitlines()) == 1


def test_a_pack_of_thousands_of_unknown_keys_lists_twenty(tmp_path):
    pack = tmp_path / "keys.yaml"
    lines = ["pack: junk-keys", 'version: "1"', "title: {zh: 测试, en: test}"]
    pack.write_text("\n".join(lines + [f"zq{i:06d}xkey: {i}" for i in range(5_000)]) + "\n", encoding="utf-8")
    res = _run("--lang", "en", "validate", "--as-of", "2026-06-01", pack)
    assert res.exit_code == 1, res.output[-3000:]
    out = res.output.splitlines()
    assert len(out) <= 30 and len(res.output) < 10_000, res.output[-2000:]
    unexpected = [ln for ln in out if " XA105 " in ln]
    assert len(unexpected) == hints.MAX_LISTED + 1
    assert unexpected[0].endswith("keys.yaml:4:1: XA105 (top level): unexpected key 'zq000000xkey'; allowed: derived, "
                                  "document, kept_for_record, notes, pack, rules, successor, tests, title, "
                                  "title_lifetimes, valid_from, valid_until, version")
    assert unexpected[-1].endswith(f"keys.yaml:{4 + hints.MAX_LISTED}:1: XA105 (top level): 4,980 more unexpected "
                                   "keys ('zq000020xkey', 'zq000021xkey', 'zq000022xkey', 'zq000023xkey', "
                                   "'zq000024xkey', …); allowed: derived, document, kept_for_record, notes, pack, "
                                   "rules, successor, tests, title, title_lifetimes, valid_from, valid_until, version")


def test_the_findings_of_one_file_are_capped(tmp_path):
    """Whatever the finding, a file lists at most MAX_FINDINGS_PER_FILE, then one line counts the rest by code;
    its severity is the worst hidden, so the run fails as it would have."""
    from xacheck.validate import MAX_FINDINGS_PER_FILE

    pack = tmp_path / "dupes.yaml"
    pack.write_text("pack: dupes\n" + "a: 1\n" * 300, encoding="utf-8")
    res = _run("--lang", "en", "validate", "--as-of", "2026-06-01", pack)
    assert res.exit_code == 1, res.output[-3000:]
    out = [ln for ln in res.output.splitlines() if "dupes.yaml:" in ln]
    assert len(out) == MAX_FINDINGS_PER_FILE + 1
    assert out[-1].endswith("dupes.yaml:94:1: XA002 209 more findings in this file are not listed (XA002 ×208, XA105 "
                            "×1); the first 100 are: fix those and run again"), out[-1]


def test_a_profile_of_many_unknown_keys_lists_the_first_and_counts_the_rest(tmp_path):
    prof = tmp_path / "p.yaml"
    prof.write_text("type: enterprise\nname: 测试\nrevenu_wan: 5\n" + "".join(f"zq{i:05d}: 1\n" for i in range(9_000)),
                    encoding="utf-8")
    res = _run("check", "--lang", "en", "--as-of", "2026-06-01", prof)
    assert res.exit_code == 2
    out = res.output.splitlines()
    assert len(out) == hints.MAX_LISTED + 1, res.output[-2000:]
    assert out[0].endswith("p.yaml:3:1: XA200 unknown field 'revenu_wan' (did you mean 'revenue_wan'?); "
                           "`xacheck schema profile` lists the fields")
    assert out[-1].endswith(f"p.yaml:{3 + hints.MAX_LISTED}:1: XA200 8,981 more problems are not listed ('zq00019', "
                            "'zq00020', 'zq00021', 'zq00022', 'zq00023', …); fix the ones above and run again")
    res = _run("check", "--lang", "zh", "--as-of", "2026-06-01", prof)
    assert res.output.splitlines()[-1].endswith("另有 8,981 处问题未列出（“zq00019”、“zq00020”、“zq00021”、“zq00022”、"
                                                "“zq00023”……）；请先改正上面列出的，再运行一次")


def _register(path, headings, rows=2):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(headings)
        for i in range(rows):
            w.writerow([f"企业{i}"] + ["1"] * (len(headings) - 1))


def test_a_register_of_many_unknown_headings_warns_in_a_few_lines(tmp_path):
    """1,000 headings no field has (the widest register read): 20 warnings with their suggestions, one line for
    the rest — and every column carried through."""
    src, out = tmp_path / "wide.csv", tmp_path / "out.csv"
    _register(src, ["名称", "营业收人（万元）"] + [f"col{i}" for i in range(1_000)])
    res = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "--lang", "en", "--as-of", "2026-06-01", "-q"])
    assert res.exit_code == 0, res.output
    warned = [ln for ln in res.output.splitlines() if "match" in ln]
    assert len(warned) == hints.MAX_LISTED + 1
    assert warned[0] == "xacheck: column '营业收人（万元）' matches no field; carried through unchanged (did you mean " \
                        "'营业收入（万元）'?)"
    assert warned[-1] == "xacheck: 981 more columns match no field ('col19', 'col20', 'col21', 'col22', 'col23', …); " \
                         "carried through unchanged"
    with open(out, encoding="utf-8-sig", newline="") as f:
        head = next(csv.reader(f))
    assert {"col0", "col999"} <= set(head)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_a_register_wider_than_any_sheet_is_refused(tmp_path, fmt):
    """Past 1,024 columns (what the XLSX reader reads) any input is refused, as a sheet is."""
    src, out = tmp_path / f"wide.{fmt}", tmp_path / "out.csv"
    names = ["名称"] + [f"col{i}" for i in range(20_000)]
    if fmt == "csv":
        _register(src, names)
    elif fmt == "jsonl":
        import json

        src.write_text(json.dumps(dict.fromkeys(names, "1"), ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.table({n: ["1"] for n in names}), src)
    res = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "--lang", "en", "--as-of", "2026-06-01"])
    assert res.exit_code == 2
    assert res.output == f"xacheck: {src}: XA300 the input has 20,001 columns; at most 1,024 are read (a register has " \
                         "tens: delete the empty or stray columns)\n"
    assert not out.exists()


def test_a_budget_bounds_the_suggestions_computed():
    known = ["revenue_wan", "rd_expense_wan", "employees"]
    with hints.budget(3):
        got = [hints.first(name, known) for name in ["revenu_wan"] * 5]
    assert got == ["revenue_wan"] * 3 + [None] * 2
    assert hints.first("revenu_wan", known) == "revenue_wan"  # outside a budget: one typo, one suggestion
    assert hints.first("revenue_wan" + "x" * hints.MAX_NAME, known) is None  # no known name is that long
