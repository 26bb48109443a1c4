"""Score a Spark/Hive enterprise table with xacheck's rules, in place (免申即享: rules go to the data).

    pip install "xacheck[spark]"
    python examples/spark_score.py enterprises.csv scored_parquet_dir --as-of 2026-12-01

In a warehouse, replace the CSV read with ``spark.table("dw.enterprise_profile")`` and the write with
``saveAsTable``. Every column is read as text, exactly as ``xacheck batch`` reads a CSV, so the
statuses are the same as the command line's (and the row evaluator's) for every row.
"""
from __future__ import annotations

import argparse
import datetime as dt

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from xacheck.batch.spark import spark_scorer


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today())
    ap.add_argument("--pack", action="append", default=[])
    ap.add_argument("--rules", action="append", default=[])
    a = ap.parse_args()

    spark = SparkSession.builder.master("local[2]").appName("xacheck").getOrCreate()
    df = spark.read.option("header", True).option("inferSchema", False).csv(a.input)  # all text
    df = df.select([F.col(c).cast("string") for c in df.columns])                    # a warehouse table: cast to text
    fn, schema = spark_scorer(df.columns, as_of=a.as_of, pack_ids=a.pack, rules_dirs=a.rules)
    scored = df.mapInArrow(fn, schema)
    scored.write.mode("overwrite").parquet(a.output)
    scored.groupBy("n_applies").count().orderBy("n_applies").show()
    spark.stop()


if __name__ == "__main__":
    main()
