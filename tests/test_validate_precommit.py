"""A real `pre-commit try-repo` of this repository's hooks on a sample rule-pack repository.

`try-repo` takes uncommitted changes of *tracked* files only (`git add -u` into a shadow clone), so the
working tree is snapshotted into a temporary git repository first — tracked and untracked-but-not-ignored
files, exactly what a commit of the current work would hold. The hooks' virtualenv installs this package
and its dependencies with pip from the package index; it is cached in one PRE_COMMIT_HOME for the session.
Set XACHECK_SKIP_PRECOMMIT=1 to skip (e.g. with no package index at hand).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("pre-commit") is None or bool(os.environ.get("XACHECK_SKIP_PRECOMMIT")),
                                reason="pre-commit is not installed (pip install pre-commit)")

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def _commit_all(repo: Path) -> None:
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "snapshot")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """This repository's working tree as a commit of its own."""
    dest = tmp_path_factory.mktemp("xacheck-hooks")
    files = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if not (src.is_file() or src.is_symlink()) or rel.startswith("tests/"):
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / rel, follow_symlinks=False)
    assert (dest / ".pre-commit-hooks.yaml").is_file()
    _commit_all(dest)
    return dest


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _packs_repo(base: Path, broken: bool = False) -> Path:
    repo = base / ("broken" if broken else "packs")
    (repo / "measures").mkdir(parents=True)
    pack = (ROOT / "tests" / "rules_corpus" / "ok-clean.yaml").read_text(encoding="utf-8")
    if broken:
        pack = pack.replace("rd_intensity > 5%", "rd_intensty > 5%")
    (repo / "measures" / "corpus.yaml").write_text(pack, encoding="utf-8")
    (repo / "measures" / "corpus.tests.yaml").write_text(
        "tests:\n  - rule: corpus.shuangwu\n    name: 刚好超过\n"
        "    profile: {type: enterprise, revenue_wan: 50001, rd_expense_wan: 2600}\n    expect: applies\n",
        encoding="utf-8")
    _commit_all(repo)
    return repo


def _try(repo: Path, hook_repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess:
    # the hooks run on the clock's day; here a fixed one (tests never read the clock: tests/conftest.py)
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1", "XACHECK_TODAY": "2026-06-01"}
    return subprocess.run(["pre-commit", "try-repo", str(hook_repo), hook, "--all-files", "--verbose"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=900)


def test_try_repo_runs_both_hooks(tmp_path, hook_repo, pre_commit_home):
    repo = _packs_repo(tmp_path)
    for hook in ("xacheck-validate", "xacheck-test"):
        res = _try(repo, hook_repo, hook, pre_commit_home)
        assert res.returncode == 0, res.stdout + res.stderr
        assert "Passed" in res.stdout
    assert "7 passed, 0 failed" in res.stdout  # 6 embedded cases + 1 in the stand-alone test file


def test_try_repo_fails_on_a_broken_pack(tmp_path, hook_repo, pre_commit_home):
    repo = _packs_repo(tmp_path, broken=True)
    res = _try(repo, hook_repo, "xacheck-validate", pre_commit_home)
    assert res.returncode == 1
    assert "Failed" in res.stdout
    assert "measures/corpus.yaml:15:9: XA112" in res.stdout and "did you mean 'rd_intensity'" in res.stdout
