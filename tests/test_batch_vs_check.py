"""`xacheck batch` and `xacheck check` give the same answers for the same firm.

Every shipped enterprise sample is checked on its own (`check --format json`) and, as one row of a
spreadsheet, in a batch; statuses, counts, the supports that apply and the missing fields must agree,
on dates before, inside and after the hard-tech measures' validity and the 2026 专精特新 regime.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

pl = pytest.importorskip("polars")
from click.testing import CliRunner  # noqa: E402

from xacheck.cli import main  # noqa: E402

SAMPLES = sorted(str(p) for p in (Path(__file__).parent.parent / "samples").glob("enterprise-*.yaml"))


def _cell(v) -> str:
    """A profile value as a consultant's spreadsheet holds it."""
    if isinstance(v, list):
        return "、".join(map(str, v)) or "无"   # an empty list: "none at all", not a blank
    if isinstance(v, bool):
        return "是" if v else "否"
    return "" if v is None else str(v)


@pytest.mark.parametrize("as_of", ["2026-03-01", "2026-11-23", "2027-02-01"])
def test_batch_rows_answer_as_check_does(tmp_path, as_of):
    run = CliRunner()
    checks = []
    for s in SAMPLES:
        res = run.invoke(main, ["check", s, "--format", "json", "--as-of", as_of], catch_exceptions=False)
        checks.append(json.loads(res.output))
    keys = list(dict.fromkeys(k for d in checks for k in d["profile"]["values"]))
    src, out = tmp_path / "firms.csv", tmp_path / "scored.csv"
    with open(src, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(keys)
        w.writerows([[_cell(d["profile"]["values"].get(k)) for k in keys] for d in checks])
    res = run.invoke(main, ["batch", str(src), "-o", str(out), "--as-of", as_of, "--all-rules"],
                     catch_exceptions=False)
    assert res.exit_code == 0, res.output
    got = pl.read_csv(out, infer_schema=False)
    assert got.height == len(SAMPLES)
    compared = 0
    for i, d in enumerate(checks):
        row, name = got.row(i, named=True), Path(SAMPLES[i]).name
        assert row["error"] is None, (name, row["error"])
        results = d["results"]
        for r in results:
            assert row[r["id"]] == r["status"], (name, r["id"])
            compared += 1
        for s in ("applies", "unknown", "needs_assessment"):
            assert int(row[f"n_{s}"]) == sum(r["status"] == s for r in results), (name, s)
        applies = [r["id"] for r in results if r["status"] == "applies" and r["supports"]]
        shown = [part.split(": ")[0] for part in (row["supports"] or "").split(" | ") if part]
        assert shown == applies, name
        missing = {m for r in results if r["status"] == "unknown" for m in r["missing"]}
        assert set((row["missing"] or "").split(", ")) - {""} == missing, name
    assert compared >= 8 * 50
