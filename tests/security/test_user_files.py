"""Issue 15 #2 and #3: every file a user names is read one way (``xacheck.userfiles``) — a regular file,
bounded, never a FIFO or a device, never through a link out of the folder named — and no output is ever
written over any input of the run (the main input, ``--map``, the packs and field files of ``--rules``, the
``--sources`` documents, a profile), by path, link or hard link.

The FIFO and ``/dev/zero`` cases run the command in a subprocess with a time limit: before the fix they hung
(a FIFO waits for a writer) or read without end."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from xacheck.cli import main

from ..conftest import MINI_PACK, ROOT

SAMPLE = ROOT / "samples" / "enterprise-optics.yaml"
DAY = ["--as-of", "2026-06-01"]
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")


def _cli(*args, **kw):
    return CliRunner().invoke(main, ["--lang", "en", *map(str, args)], **kw)


def _subprocess(cwd: Path, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "XACHECK_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "xacheck", *map(str, args)], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def _scene(tmp_path: Path) -> Path:
    """A rules folder with one pack and a field file, a sources folder, a profile, a CSV and a --map."""
    rules = tmp_path / "rules"
    (rules / "fields").mkdir(parents=True)
    (rules / "mini.yaml").write_text(MINI_PACK, encoding="utf-8")
    (rules / "fields" / "extra.yaml").write_text("fields:\n  extra_note:\n    type: string\n    applies_to: [enterprise]\n"
                                                 "    label: {zh: 备注, en: Note}\n", encoding="utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "p.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "in.csv").write_text("name,revenue_wan,city\n甲,60000,西安市\n", encoding="utf-8")
    (tmp_path / "map.csv").write_text("客户,name\n", encoding="utf-8")
    return tmp_path


# which command reads the special file, where: (the path it is put at, the command line)
PLACES = {
    "profile": ("p.yaml", ["check", "p.yaml", *DAY]),
    "pack in --rules DIR": ("rules/zz.yaml", ["check", "p.yaml", "--rules", "rules", *DAY]),
    "--rules DIR/fields/*.yaml": ("rules/fields/zz.yaml", ["check", "p.yaml", "--rules", "rules", *DAY]),
    "--map": ("map.csv", ["batch", "in.csv", "-o", "out.csv", "--map", "map.csv", *DAY]),
    "batch input": ("in.csv", ["batch", "in.csv", "-o", "out.csv", *DAY]),
    "replay record": ("log.jsonl", ["replay", "log.jsonl"]),
}


@posix_only
@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_fifo_is_refused_at_once_never_waited_on(tmp_path, place):
    where, args = PLACES[place]
    d = _scene(tmp_path)
    (d / where).unlink(missing_ok=True)
    os.mkfifo(d / where)
    res = _subprocess(d, *args)
    assert res.returncode == 2, res.stderr
    assert f"{where}: XA" in res.stderr and "not a regular file (a named pipe (FIFO))" in res.stderr, res.stderr
    assert "internal error" not in res.stderr and "Traceback" not in res.stderr
    assert not (d / "out.csv").exists()


@posix_only
@pytest.mark.parametrize("place", ["profile", "--rules DIR/fields/*.yaml", "--map", "batch input"])
def test_a_link_to_dev_zero_is_refused_never_read(tmp_path, place):
    where, args = PLACES[place]
    d = _scene(tmp_path)
    (d / where).unlink(missing_ok=True)
    os.symlink("/dev/zero", d / where)
    if place.startswith("--rules"):  # a folder named: the link leads out of it, refused before it is opened
        expected = "a link that leads out of the folder rules"
    else:  # a file named: the link is followed, and what it names is no regular file
        expected = "not a regular file (a device)"
    res = _subprocess(d, *args)
    assert res.returncode == 2, res.stderr
    assert f"{where}: XA" in res.stderr and expected in res.stderr, res.stderr
    assert "internal error" not in res.stderr and "Traceback" not in res.stderr


@posix_only
def test_a_source_document_that_is_a_fifo_is_refused(tmp_path):
    d = _scene(tmp_path)
    os.mkfifo(d / "sources" / "004_28d1566f0c8ba0b7.txt")
    res = _subprocess(d, "validate", "rules", "--sources", "sources", *DAY)
    # (the folder's copy is passed over; the document shipped with the packs has the first rule's quote)
    assert res.returncode == 1 and "XA133" not in res.stdout, res.stdout + res.stderr
    assert "quote of 'mini.shuangwu'" not in res.stdout, res.stdout
    assert "internal error" not in res.stdout + res.stderr and "Traceback" not in res.stderr


def test_the_closest_text_hint_never_quotes_a_file_outside_the_sources_folder(tmp_path):
    """A link in --sources to a file elsewhere is not read: validate cannot print 40 characters of it."""
    d = _scene(tmp_path)
    pack = MINI_PACK.replace("quote: 营收超5亿元且内部研发投入强度超过5%的企业", "quote: 营收超5亿元且内部研发投入强度超过6%的企业")
    (d / "rules" / "mini.yaml").write_text(pack.replace("004_28d1566f0c8ba0b7.txt", "mine.txt"), encoding="utf-8")
    secret = d / "secret.txt"  # outside the folder: as ~/.ssh/id_rsa would be
    secret.write_text("营收超5亿元且内部研发投入SECRET4711强度超过5%的企业", encoding="utf-8")
    os.symlink(secret, d / "sources" / "mine.txt")
    res = _cli("validate", d / "rules", "--sources", d / "sources", *DAY)
    assert "SECRET" not in res.output and "4711" not in res.output, res.output
    assert "XA133" in res.output and "a link that leads out of the folder" in res.output, res.output
    # the same file copied into the folder is read (and the hint shows it): only the link was refused
    (d / "sources" / "mine.txt").unlink()
    (d / "sources" / "mine.txt").write_text(secret.read_text(encoding="utf-8"), encoding="utf-8")
    res = _cli("validate", d / "rules", "--sources", d / "sources", *DAY)
    assert "XA132" in res.output and "secret4711" in res.output, res.output


def test_a_pack_or_field_file_linked_from_outside_the_rules_folder_is_refused(tmp_path):
    d = _scene(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "other.yaml").write_text(MINI_PACK.replace("pack: mini", "pack: other").replace("mini.", "other."),
                                          encoding="utf-8")
    os.symlink(elsewhere / "other.yaml", d / "rules" / "other.yaml")
    for cmd in (["check", d / "p.yaml", "--rules", d / "rules", *DAY], ["validate", d / "rules", *DAY]):
        res = _cli(*cmd)
        assert res.exit_code == 2, res.output
        assert "rules/other.yaml" in res.output and "a link that leads out of the folder" in res.output, res.output
    (d / "rules" / "other.yaml").unlink()
    (elsewhere / "f.yaml").write_text("fields:\n  f2:\n    type: string\n    label: {zh: 甲, en: A}\n", encoding="utf-8")
    os.symlink(elsewhere / "f.yaml", d / "rules" / "fields" / "f.yaml")
    res = _cli("check", d / "p.yaml", "--rules", d / "rules", *DAY)
    assert res.exit_code == 2 and "fields/f.yaml" in res.output and "leads out of the folder" in res.output, res.output


def test_a_link_that_stays_inside_the_folder_is_read(tmp_path):
    d = _scene(tmp_path)
    (d / "rules" / "kept").mkdir()
    (d / "rules" / "mini.yaml").rename(d / "rules" / "kept" / "mini.yaml")
    os.symlink(Path("kept") / "mini.yaml", d / "rules" / "mini.yaml")
    res = _cli("check", d / "p.yaml", "--rules", d / "rules", "--pack", "mini", *DAY)
    assert res.exit_code == 0, res.output


def test_a_map_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    from xacheck.yamlsafe import MAX_YAML_BYTES

    d = _scene(tmp_path)
    with open(d / "map.csv", "w", encoding="utf-8") as fh:
        fh.write("客户,name\n")
        fh.write(("x" * 1023 + "\n") * (MAX_YAML_BYTES // 1024 + 1))
    res = _cli("batch", d / "in.csv", "-o", d / "out.csv", "--map", d / "map.csv", *DAY)
    assert res.exit_code == 2
    assert "map.csv" in res.output and f"the limit is {MAX_YAML_BYTES}" in res.output, res.output
    assert not (d / "out.csv").exists()


def test_userfiles_refuses_every_kind_of_special_file(tmp_path):
    import socket

    from xacheck.errors import UnreadableFile
    from xacheck.userfiles import check_file, read_file

    (tmp_path / "ok.txt").write_text("ok", encoding="utf-8")
    assert read_file(tmp_path / "ok.txt", 10) == b"ok"
    with pytest.raises(UnreadableFile, match="file is 2 bytes; the limit is 1"):
        read_file(tmp_path / "ok.txt", 1)
    with pytest.raises(UnreadableFile, match=r"not a regular file \(a folder\)"):
        check_file(tmp_path)
    with pytest.raises(UnreadableFile, match="no such file"):
        check_file(tmp_path / "missing.txt")
    if hasattr(socket, "AF_UNIX"):
        sock = socket.socket(socket.AF_UNIX)
        try:
            sock.bind(str(tmp_path / "s.sock"))
            with pytest.raises(UnreadableFile, match="not a regular file"):
                check_file(tmp_path / "s.sock")
        finally:
            sock.close()
    assert stat.S_ISREG(check_file(tmp_path / "ok.txt").st_mode)


# ---------------------------------------------------------------- #3 outputs over other inputs

def _snapshot(d: Path) -> dict[str, bytes]:
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file() and not p.is_symlink()}


OVERWRITES = {
    # name: (how the output is made to be an input, command line, the input it would have overwritten)
    "batch -o is the --map": (None, ["batch", "in.csv", "-o", "map.csv", "--map", "map.csv", *DAY], "map.csv"),
    "batch -o is a hard link to the --map": ("hard:map.csv:out.csv",
                                             ["batch", "in.csv", "-o", "out.csv", "--map", "map.csv", *DAY], "map.csv"),
    "batch --summary is a pack under --rules": (None, ["batch", "in.csv", "-o", "out.csv", "--summary", "rules/mini.yaml",
                                                       "--rules", "rules", *DAY], "rules/mini.yaml"),
    "deadlines --ics is a link to a pack": ("link:rules/mini.yaml:cal.ics",
                                            ["deadlines", "--profile", "p.yaml", "--ics", "cal.ics", "--rules", "rules",
                                             *DAY], "rules/mini.yaml"),
    "report -o is a field file": (None, ["report", "p.yaml", "-o", "rules/fields/extra.yaml", "--format", "markdown",
                                         "--rules", "rules", *DAY], "rules/fields/extra.yaml"),
    "validate -o is a pack it checks": (None, ["validate", "rules", "-o", "rules/mini.yaml", *DAY], "rules/mini.yaml"),
    "validate -o is a --sources document": (None, ["validate", "rules", "--sources", "sources", "-o",
                                                   "sources/doc.txt", *DAY], "sources/doc.txt"),
    "test -o is a pack it runs": (None, ["test", "rules", "-o", "rules/mini.yaml"], "rules/mini.yaml"),
    "check --log is a pack": (None, ["check", "p.yaml", "--log", "rules/mini.yaml", "--rules", "rules", *DAY],
                              "rules/mini.yaml"),
}


@pytest.mark.parametrize("case", sorted(OVERWRITES))
def test_no_output_is_written_over_any_input(tmp_path, monkeypatch, case):
    make, args, victim = OVERWRITES[case]
    d = _scene(tmp_path)
    (d / "sources" / "doc.txt").write_text("一份来源文件", encoding="utf-8")
    if make:
        kind, src, dst = make.split(":")
        (os.link if kind == "hard" else os.symlink)(d / src, d / dst)
    before = _snapshot(d)
    monkeypatch.chdir(d)
    res = _cli(*args)
    assert res.exit_code == 2, res.output
    assert "the output would overwrite the input" in res.output and victim in res.output, res.output
    assert _snapshot(d) == before  # every input as it was, no output, no temporary file


def test_two_outputs_that_are_one_file_are_refused(tmp_path, monkeypatch):
    d = _scene(tmp_path)
    monkeypatch.chdir(d)
    res = _cli("batch", "in.csv", "-o", "out.csv", "--summary", "out.csv", *DAY)
    assert res.exit_code == 2 and "-o and --summary name the same file" in res.output, res.output
    assert not (d / "out.csv").exists()


def test_the_overwrite_refusal_is_said_in_chinese_too(tmp_path, monkeypatch):
    d = _scene(tmp_path)
    monkeypatch.chdir(d)
    res = CliRunner().invoke(main, ["--lang", "zh", "batch", "in.csv", "-o", "map.csv", "--map", "map.csv", *DAY])
    assert res.exit_code == 2 and "输出会覆盖输入文件 map.csv" in res.output, res.output
