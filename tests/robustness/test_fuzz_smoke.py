"""The fuzz (bench/fuzz.py) in miniature: its inputs are made again from the seed and the index alone, and a few
dozen of them — profiles and registers in every input format — run in this process without a failure that
is not one of the points other work on issue 15 fixes. The ≥ 100,000-input run is a script, not a test."""
from __future__ import annotations

import importlib.util
import os
import sys

import pytest

from ..conftest import ROOT


@pytest.fixture(scope="module")
def fuzz():
    spec = importlib.util.spec_from_file_location("xacheck_fuzz", ROOT / "bench" / "fuzz.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # (its dataclasses look their module up)
    spec.loader.exec_module(mod)
    yield mod
    sys.modules.pop(spec.name, None)


def test_an_input_is_made_again_from_its_seed_and_index(fuzz):
    for i in range(40):
        a, b = fuzz.make_case(7, i, fuzz.KINDS), fuzz.make_case(7, i, fuzz.KINDS)
        assert (a.kind, a.files, a.args, a.what, a.out) == (b.kind, b.files, b.args, b.what, b.out)
    assert fuzz.make_case(7, 1, fuzz.KINDS).files != fuzz.make_case(8, 1, fuzz.KINDS).files


def test_a_few_dozen_inputs_run_clean(fuzz, tmp_path):
    kinds = {k: fuzz.KINDS[k] for k in ("profile", "csv", "xlsx", "jsonl", "parquet")}
    ctx = fuzz.Ctx()
    outcomes = []
    for i in range(36):
        case = fuzz.make_case(3, i, kinds)
        folder = tmp_path / str(i)
        folder.mkdir()
        res = fuzz.run_case(case, ctx, str(folder))
        res = res["ok"] if isinstance(res.get("ok"), dict) else res if "outcome" in res else {"outcome": "ok"}
        if res["outcome"] != "ok":
            outcomes.append((i, res["outcome"], fuzz.attribute(case.kind, res["sig"], case.feats, res["outcome"]),
                             res["sig"]))
    assert os.getcwd() != str(tmp_path)  # (each input ran in its own folder and came back)
    assert [o for o in outcomes if o[2] == "other"] == [], outcomes
