"""The source documents ship with the project: every pack's document is in xacheck/sources/, each copy is
the one recorded (sha256 in sources.yaml), and no document of the project points outside the repository."""
from __future__ import annotations

import hashlib
import re

from xacheck.packs import load_packs
from xacheck.source_docs import MANIFEST, manifest, shipped_sources_dir

from .conftest import ROOT


def test_every_pack_document_ships_and_is_described():
    docs = manifest()
    files = {p.name for p in shipped_sources_dir().iterdir() if p.name not in (MANIFEST, "README.md")}
    assert set(docs) == files
    readme = (shipped_sources_dir() / "README.md").read_text(encoding="utf-8")
    for name, doc in docs.items():
        assert f"`{name}`" in readme and doc.title and doc.origin and doc.checked
    assert {p.document.file for p in load_packs()} <= files


def test_each_copy_is_the_recorded_one():
    """A copy is ground truth: a wrong quote is fixed in the pack, never in the document."""
    for name, doc in manifest().items():
        data = (shipped_sources_dir() / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == doc.sha256, name


def test_the_docs_link_only_files_inside_the_repository():
    link = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
    pages = [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), shipped_sources_dir() / "README.md"]
    for page in pages:
        for target in link.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue  # a web address
            path = (page.parent / target).resolve()
            assert path.is_relative_to(ROOT.resolve()) and path.exists(), f"{page.name} links {target}"


def test_ci_reads_nothing_beside_the_repository():
    assert "../" not in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_version_names_the_packs_and_their_data_date():
    from click.testing import CliRunner

    from xacheck import __version__
    from xacheck.cli import main

    res = CliRunner().invoke(main, ["--version"])
    assert res.exit_code == 0 and res.output.startswith(f"xacheck {__version__}\n")
    lines = {line.split()[0]: line for line in res.output.splitlines()[2:]}
    assert set(lines) == {p.id for p in load_packs()}
    checked = manifest()["001_8fee340fc1397ebd.txt"].checked
    assert f"data {checked}" in lines["xa-hardtech-2024"] and "until 2026-12-31" in lines["xa-hardtech-2024"]
    assert "kept for the record" in lines["xa-qinchuangyuan-2023"]


# ------------------------------------------------------------- summaries in English, read by a Chinese user
def test_every_summary_quote_has_a_chinese_rendering_shown_as_such():
    import json

    from click.testing import CliRunner

    from xacheck.cli import main

    summary_rules = [r for p in load_packs() if p.document.quotes == "summary" for r in p.rules]
    assert summary_rules and all(r.quote_zh for r in summary_rules), [r.id for r in summary_rules if not r.quote_zh]
    prof = str(ROOT / "samples" / "enterprise-optics.yaml")
    zh = CliRunner().invoke(main, ["check", prof, "--as-of", "2026-06-01", "--format", "json"])
    en = CliRunner().invoke(main, ["--lang", "en", "check", prof, "--as-of", "2026-06-01", "--format", "json"])
    by_zh = {r["id"]: r["source"] for r in json.loads(zh.output)["results"]}
    by_en = {r["id"]: r["source"] for r in json.loads(en.output)["results"]}
    hnte_zh, hnte_en = by_zh["natl-hnte.art11"], by_en["natl-hnte.art11"]
    assert hnte_zh["quote"].startswith("八项须同时满足") and "本项目" in hnte_zh["quote_label"]
    assert hnte_zh["quote_reference"].startswith("all eight required")  # the summary itself is kept
    assert hnte_en["quote"].startswith("all eight required") and "quote_reference" not in hnte_en


def test_a_chinese_rendering_is_refused_on_own_words_and_with_a_number_of_its_own(tmp_path):
    import shutil

    from click.testing import CliRunner

    from xacheck.cli import main

    rules = tmp_path / "measures"
    shutil.copytree(ROOT / "xacheck" / "measures", rules)
    gazelle = rules / "xa-gazelle.yaml"
    text = gazelle.read_text(encoding="utf-8")
    gazelle.write_text(text.replace("近4年平均研发投入强度不低于5%", "近4年平均研发投入强度不低于6%"), encoding="utf-8")
    hard = rules / "xa-hardtech-2024.yaml"
    text = hard.read_text(encoding="utf-8")
    hard.write_text(text.replace("    applies_to: [enterprise]\n", "    quote_zh: 译文\n    applies_to: [enterprise]\n", 1),
                    encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", "--as-of", "2026-06-01", str(rules)])
    assert res.exit_code == 1
    found = [line for line in res.output.splitlines() if " XA139 " in line]
    assert any("xa-gazelle.yaml" in line and "6%" in line for line in found), res.output
    assert any("xa-hardtech-2024.yaml" in line and "summary quotes" in line for line in found), res.output
