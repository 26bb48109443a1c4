#!/usr/bin/env python
"""Longer fuzz run over the condition parser, the YAML and profile loaders and `xacheck check`.

    python scripts/fuzz.py                 # default counts (a few minutes on 2 cores)
    python scripts/fuzz.py --scale 0.1     # a quick look

Uses the same generators as tests/robustness (hypothesis). Prints, per target, how many inputs were
generated and how many crashed (anything but an xacheck error). A crashing input is saved under
tests/robustness/corpus/<target>/ so the test suite replays it from then on.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests.robustness import test_properties as props  # noqa: E402
from tests.robustness.strategies import conditions, profiles, yaml_texts  # noqa: E402
from xacheck.errors import XacheckError  # noqa: E402
from xacheck.profiles import profile_from_mapping  # noqa: E402
from xacheck.yamlsafe import load_yaml  # noqa: E402

CORPUS = ROOT / "tests" / "robustness" / "corpus"


def _save(kind: str, text: str) -> None:
    d = CORPUS / kind
    d.mkdir(parents=True, exist_ok=True)
    (d / f"found-{hashlib.sha1(text.encode()).hexdigest()[:12]}.txt").write_text(text, encoding="utf-8")


def run(name: str, strategy, body, count: int, kind: str) -> tuple[int, int]:
    stats = {"n": 0, "crash": 0}

    @settings(max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def target(x):
        stats["n"] += 1
        try:
            body(x)
        except XacheckError:
            pass
        except Exception:  # noqa: BLE001 - this is what we are looking for
            stats["crash"] += 1
            _save(kind, x if isinstance(x, str) else json.dumps(x, ensure_ascii=False, default=str))
            traceback.print_exc()

    t0 = time.monotonic()
    target()
    print(f"{name:<22} {stats['n']:>8} inputs  {stats['crash']:>3} crashes  {time.monotonic() - t0:6.1f} s")
    return stats["n"], stats["crash"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args()
    n = lambda k: max(10, int(k * a.scale))  # noqa: E731
    total = [
        run("condition parser", conditions, props._parse_and_eval, n(20000), "conditions"),
        run("yaml loader", yaml_texts, lambda t: load_yaml(t, "fuzz.yaml"), n(10000), "yaml"),
        run("profile loader", profiles, lambda d: profile_from_mapping(d, props.REG), n(10000), "profiles"),
    ]
    crashes = sum(c for _, c in total)
    print(f"{'total':<22} {sum(k for k, _ in total):>8} inputs  {crashes:>3} crashes")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
