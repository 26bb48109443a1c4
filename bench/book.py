"""The consultant's book at scale: output size and the book over time, timed in one run.

    python bench/book.py [N] [REPS] [OUTDIR]          (default 100000 3 bench/data)

Writes OUTDIR/book_N.csv — a client register with the columns `xacheck template` gives for the rules in force on
2026-12-02 (名称, 统一社会信用代码, 编号, then every field the packs read, and the title-date columns), filled
deterministically: amounts spread over three orders of magnitude, yes/no and choices drawn with blanks (≈ 8 %
of cells unknown), 高新技术企业 and 科技型中小企业 dates for a third of the clients — and times, each REPS times
in one process per run (medians):

* ``batch book.csv -o scored.csv`` with every shipped pack: wall time and the CSV's bytes per row;
* the same with ``--all-rules`` (every rule's column, as before rules not in force were left out);
* ``batch book.csv -o scored.xlsx``: the workbook for people;
* ``batch book.csv --as-of 2026-12-31 --to 2027-01-01 -o changes.csv``: the book over time;
* ``deadlines --book book.csv --within 90d --ics book.ics``: every client's dates, one calendar.

The figures print as a table (and the load average, to read them by).
"""
from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from xacheck.batch import template as tpl  # noqa: E402
from xacheck.cli.options import _load  # noqa: E402
from xacheck.credit_code import check_char  # noqa: E402

AS_OF = dt.date(2026, 12, 2)
DISTRICTS = ["西安高新区", "经开区", "航天基地", "曲江新区", "浐灞生态区", "雁塔区", "碑林区"]


def make_book(n: int, path: str) -> None:
    import csv

    packs, reg = _load((), False)
    cols = tpl.columns(packs, reg, "zh", ("enterprise",), None, AS_OF)
    rng = random.Random(20261202)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow([c.heading for c in cols])
        for i in range(1, n + 1):
            revenue = round(10 ** rng.uniform(2, 5.3), 2)
            row = []
            for c in cols:
                row.append(_cell(c, i, revenue, rng))
            w.writerow(row)


def _cell(c, i: int, revenue: float, rng: random.Random) -> str:
    if c.title is not None:
        if c.title in ("高新技术企业", "科技型中小企业") and rng.random() < 0.33:
            return (AS_OF - dt.timedelta(days=rng.randint(30, 3 * 365))).isoformat()
        return ""
    k, f = c.key, c.field
    if k == "name":
        return f"西安某某科技有限公司{i:06d}"
    if k == "id":
        return f"C{i:07d}"
    if k == "credit_code":
        first = f"91610131{i:09d}"
        return first + check_char(first)
    if rng.random() < 0.08:
        return ""
    if k == "city":
        return "西安市" if rng.random() < 0.9 else "宝鸡市"
    if k == "district":
        return rng.choice(DISTRICTS)
    if k == "revenue_wan":
        return str(revenue)
    if k.endswith("_wan"):
        return str(round(revenue * rng.uniform(0.01, 0.12) * (3 if "3y" in k else 1), 2))
    if f.type == "boolean":
        return rng.choice(["是", "否", "否"])
    if f.type == "date":
        return (AS_OF - dt.timedelta(days=rng.randint(200, 9000))).isoformat()
    if f.type == "enum":
        return rng.choice(f.choices)
    if f.type == "list":
        return "、".join(rng.sample(list(f.choices), rng.randint(0, 2))) or "无"
    low = int(f.minimum) if f.minimum is not None else 0
    if f.type == "integer":
        return str(rng.randint(low, low + 400))
    if f.type == "number":
        return str(round(rng.uniform(low, low + 100), 1))
    return ""


def timed(args: list[str]) -> float:
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "xacheck", *args], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if res.returncode not in (0, 1):
        raise SystemExit(f"xacheck {' '.join(args)} failed ({res.returncode}): {res.stderr[-2000:]}")
    return wall


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    out = sys.argv[3] if len(sys.argv) > 3 else os.path.join(ROOT, "bench", "data")
    os.makedirs(out, exist_ok=True)
    book = os.path.join(out, f"book_{n}.csv")
    if not os.path.exists(book):
        make_book(n, book)
    load = os.getloadavg()
    runs = {
        "batch -o scored.csv (rules in force)": ["batch", book, "-o", os.path.join(out, "scored.csv"), "-q",
                                                 "--as-of", AS_OF.isoformat()],
        "batch -o scored.csv --all-rules": ["batch", book, "-o", os.path.join(out, "scored-all.csv"), "-q",
                                            "--as-of", AS_OF.isoformat(), "--all-rules"],
        "batch -o scored.xlsx (the workbook)": ["batch", book, "-o", os.path.join(out, "scored.xlsx"), "-q",
                                                "--as-of", AS_OF.isoformat()],
        "batch --as-of 2026-12-31 --to 2027-01-01 -o changes.csv": [
            "batch", book, "-o", os.path.join(out, "changes.csv"), "-q", "--as-of", "2026-12-31", "--to", "2027-01-01"],
        "deadlines --book --within 90d --ics": ["deadlines", "--book", book, "--within", "90d", "--as-of",
                                               AS_OF.isoformat(), "--ics", os.path.join(out, "book.ics")],
    }
    walls: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(reps):  # interleaved
        for name, args in runs.items():
            walls[name].append(timed(args))
    files = ["scored.csv", "scored-all.csv", "scored.xlsx", "changes.csv", "book.ics"]
    size = {p: os.path.getsize(os.path.join(out, p)) for p in files}
    print(f"\nbook of {n:,} clients ({os.path.getsize(book) / 1e6:.1f} MB, {open(book, encoding='utf-8-sig').readline().count(',') + 1} "
          f"columns); load avg at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; median of {reps}\n")
    print("| run | wall s (median) | output | bytes per row |")
    print("|---|---:|---:|---:|")
    for (name, w), f in zip(walls.items(), files):
        print(f"| {name} | {statistics.median(w):.2f} | {size[f] / 1e6:.1f} MB | {size[f] / n:,.0f} |")


if __name__ == "__main__":
    main()
