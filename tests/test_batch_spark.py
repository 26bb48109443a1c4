"""The batch scorer inside PySpark (local mode, mapInArrow): same statuses as the row evaluator.

Runs whenever pyspark is installed (`pip install .[spark]`; CI installs it). Java 17 is required.
"""
from __future__ import annotations


import pytest

pyspark = pytest.importorskip("pyspark")
pl = pytest.importorskip("polars")

from tests.test_batch_differential import AS_OF, COLUMNS, EDGE_PACK, gen_rows, reference  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    import os
    import sys

    from pyspark.sql import SparkSession

    # the Python workers run this interpreter (with xacheck and pyarrow), not the first python3 on PATH
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    s = (SparkSession.builder.master("local[2]").appName("xacheck-test")
         .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate())
    yield s
    s.stop()


def test_map_in_arrow_matches_row_evaluator(spark, tmp_path, reg):
    from xacheck.batch.spark import spark_scorer
    from xacheck.packs import load_pack_text

    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    (rules_dir / "edge.yaml").write_text(EDGE_PACK, encoding="utf-8")
    rows = gen_rows(600, seed=11)
    cols = list(COLUMNS.values())
    data = [tuple(r.get(k) for k in COLUMNS) for r in rows]
    df = spark.createDataFrame(data, schema=", ".join(f"`{c}` string" for c in cols)).repartition(3)
    fn, schema = spark_scorer(cols, as_of=AS_OF, rules_dirs=[str(rules_dir)], include_shipped=False)
    out = df.mapInArrow(fn, schema).toPandas()
    assert len(out) == len(rows)
    by_id = {r["编号"]: r for r in out.to_dict("records")}
    rules = list(load_pack_text(EDGE_PACK, "edge.yaml", reg).rules)
    want = reference(rows, rules, reg)
    bad = []
    for row, w in zip(rows, want):
        got = by_id[row["id"]]
        if w is None:
            assert got["error"]
            continue
        for rid, st in w.items():
            g = got[rid]
            g = None if g != g else g  # pandas NaN for null
            if g != st:
                bad.append((row["id"], rid, st, g))
    assert not bad, bad[:5]
