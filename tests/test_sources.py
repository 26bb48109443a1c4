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
