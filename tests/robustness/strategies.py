"""Hypothesis strategies shared by the property tests and scripts/fuzz.py: inputs shaped like the real
ones (condition tokens, YAML fragments, profile values people type) rather than uniform noise, so the
generator reaches the parser's and loaders' deep paths."""
from __future__ import annotations

from hypothesis import strategies as st

from xacheck.fields import default_registry

TOKENS = ["revenue_wan", "rd_expense_wan", "rd_intensity", "city", "titles", "industry_fields", "established",
          "as_of", "employees", "tech_staff", "x", "__import__", "__class__", "and", "or", "not", "in", "true",
          "false", "if", "band", "min", "max", "abs", "known", "any_in", "count_in", "date", "years_between",
          "open", "lambda", "(", ")", "[", "]", ",", ".", "+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=",
          "=", "5", "0", "5%", "0.05", "50000", "4317.81", "1e309", "'西安市'", "'光子'", "'2026-12-31'",
          "\"x\"", "'", "\"", " ", "（", "）", "：", "#", ";", "\\", "\n", "9" * 50]

conditions = st.lists(st.sampled_from(TOKENS), min_size=0, max_size=25).map(" ".join) | st.text(max_size=60)

YAML_BITS = ["a: 1\n", "b: [1, 2\n", "c: {x: 1}\n", "- 1\n", "&a [1]\n", "*a\n", "!!python/object/apply:os.system ['x']\n",
             "d: 2026-13-01\n", "e: 4317.81\n", "f: .inf\n", "g: 0x1f\n", "h: 1e309\n", "'\n", "\t\n", "k: |\n  x\n",
             "---\n", "...\n", "? x\n", "m: !custom 1\n", "n: [[[[[[[[\n", "o: ~\n", "p: 西安市\n", "a: 2\n", "%YAML 1.1\n"]

yaml_texts = st.lists(st.sampled_from(YAML_BITS), max_size=8).map("".join) | st.text(max_size=80)

VALUES = [None, "", "N/A", "—", "-", "1,234.5", "１２３４", "12万", "1.2亿", "5%", "5 %", "0.05", "很多", "2024/3/1",
          "2024年3月1日", "20240301", "2024-02-30", 45352, "45352", "是", "否", "Y", "maybe", True, False, 0, -1,
          "1e309", "9" * 400, float("nan"), float("inf"), 1.5, "西安市", "光子", ["光子"], ["不存在"],
          {"name": "高新技术企业", "date": "2023-11-01"}, [{"name": "高新技术企业", "date": "bad"}], {"a": 1},
          "91350100M000100Y43", "91350100M000100Y44"]

_reg = default_registry()
profile_keys = st.sampled_from(sorted(_reg.fields) + ["营业收入（万元）", "revenu_wan", "unknown_key", "type"])
profiles = st.dictionaries(profile_keys, st.sampled_from(VALUES), max_size=8)
