"""Paths: a rule file's own claims never lead xacheck outside the folders it was given."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from xacheck.cli import main

from ..conftest import MINI_PACK


@pytest.mark.parametrize("claim", ["../../../../etc/passwd", "/etc/passwd", "..", "sub/doc.txt", "..\\\\secret.txt"])
def test_document_file_must_be_a_bare_name(tmp_path, claim):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "p.yaml").write_text(MINI_PACK.replace("file: 004_28d1566f0c8ba0b7.txt", f"file: '{claim}'"), encoding="utf-8")
    sources = tmp_path / "sources"
    sources.mkdir()
    res = CliRunner().invoke(main, ["validate", str(rules), "--as-of", "2026-06-01", "--sources", str(sources)])
    assert res.exit_code == 1
    assert "XA100" in res.output and "document/file" in res.output
    assert "root:" not in res.output


def test_outputs_never_overwrite_their_input(tmp_path):
    from xacheck.atomic import write_atomic

    prof = tmp_path / "p.yaml"
    prof.write_text("type: enterprise\nname: 某公司\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["report", str(prof), "--as-of", "2026-06-01", "-o", str(prof)])
    assert res.exit_code == 2 and "overwrite" in res.output
    assert prof.read_text(encoding="utf-8").startswith("type: enterprise")
    res = CliRunner().invoke(main, ["deadlines", "--as-of", "2026-06-01", "--profile", str(prof), "--ics", str(prof)])
    assert res.exit_code == 2
    out = tmp_path / "r.html"
    write_atomic(out, "<html></html>")
    assert out.read_text() == "<html></html>" and not list(tmp_path.glob(".*.tmp"))
