"""No test and no CI step changes result with the day.

How it holds (tests/conftest.py): xacheck reads the clock in one place, ``xacheck.engine.today()`` (the
default ``--as-of``, the API's and the server's default day), which takes ``$XACHECK_TODAY`` first; the suite sets that to a value
that is not a date, so a test that reaches the clock fails at once, in process and in subprocesses. The
tests that take the clock on purpose use the ``today`` fixture (marker ``clock``). Here they run again
with the clock at 2027-01-02 (the hard-tech measures have ended) and 2031-01-02 (the 高新区 plan has
ended too), and so does ``.ci/run``'s validate step, read from ``.ci/run`` itself.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys

import pytest
from click.testing import CliRunner

from xacheck.cli import main

from .conftest import NO_CLOCK, ROOT, TEST_TODAY_ENV

DAYS = ["2027-01-02", "2031-01-02"]
SAMPLE = str(ROOT / "samples" / "enterprise-optics.yaml")


def _ci_validate_step() -> list[str]:
    steps = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
             if line.strip().startswith("xacheck validate")]
    assert len(steps) == 1, steps
    return shlex.split(steps[0])


def _xacheck(args: list[str], day: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "XACHECK_TODAY": day}
    return subprocess.run([sys.executable, "-m", "xacheck", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("day", DAYS)
def test_the_ci_validate_step_passes_on_any_day(day):
    step = _ci_validate_step()
    assert step[:2] == ["xacheck", "validate"] and "--as-of" not in step and not any("shared" in a for a in step)
    res = _xacheck(step[1:], day)
    assert res.returncode == 0, res.stdout + res.stderr
    # the clock was the given day: the hard-tech measures are reported as ended, as notices
    assert f"(as of {day})" in res.stdout and " XW001 " in res.stdout
    # the same day given with --as-of asks "is the pack ready for that day?", and a strict run says no
    assert _xacheck([*step[1:], "--as-of", day], day).returncode == 1


@pytest.mark.parametrize("day", DAYS)
def test_the_tests_that_take_the_clock_pass_on_any_day(day):
    env = {**os.environ, TEST_TODAY_ENV: day}
    res = subprocess.run([sys.executable, "-m", "pytest", "-q", "-m", "clock", "-p", "no:cacheprovider",
                          str(ROOT / "tests")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:]
    passed = int(re.search(r"(\d+) passed", res.stdout).group(1))  # type: ignore[union-attr]
    assert passed >= 4 and " failed" not in res.stdout


def test_a_test_cannot_read_the_clock():
    res = CliRunner().invoke(main, ["check", SAMPLE])
    assert res.exit_code == 2 and NO_CLOCK in res.output


# ---------------------------------------------------------------- the clock, used on purpose (marker `clock`)


def test_check_takes_the_clock_day_by_default(today):
    res = CliRunner().invoke(main, ["check", SAMPLE, "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["as_of"] == today.isoformat()


def test_validate_on_the_clock_day_reports_the_day_but_never_fails_for_it(today):
    res = CliRunner().invoke(main, ["validate", "--strict", "--format", "json"])
    assert res.exit_code == 0, res.output
    codes = {f["code"] for f in json.loads(res.output)["findings"]}
    # the hard-tech measures end 2026-12-31: expiring within 60 days before, expired after
    assert ("XW001" in codes) == (today.isoformat() > "2026-12-31")
    assert codes <= {"XW001", "XW002"}


def test_deadlines_count_from_the_clock_day(today):
    res = CliRunner().invoke(main, ["deadlines", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["as_of"] == today.isoformat()


def test_xacheck_test_reads_no_clock(today, monkeypatch):
    monkeypatch.setenv("XACHECK_TODAY", NO_CLOCK)  # the embedded cases carry their own days
    res = CliRunner().invoke(main, ["test"])
    assert res.exit_code == 0 and " 0 failed" in res.output, res.output


def test_an_unreadable_clock_override_is_a_usage_error(today, monkeypatch):
    monkeypatch.setenv("XACHECK_TODAY", "2027-13-01")
    res = CliRunner().invoke(main, ["validate"])
    assert res.exit_code == 2 and "XACHECK_TODAY=“2027-13-01” 不是 YYYY-MM-DD 格式的日期" in res.output
    res = CliRunner().invoke(main, ["--lang", "en", "validate"])
    assert res.exit_code == 2 and "XACHECK_TODAY='2027-13-01' is not a date YYYY-MM-DD" in res.output
