"""Issue 15 #13 and #14: the environment, not the input — a standard output in GBK or Latin-1, a full disk, a
read-only or missing folder, an output that is a device, a bad ``--out-encoding`` — gives a plain message
naming the file and the command's real exit code, never "internal error", a traceback, or a temporary file
left behind."""
from __future__ import annotations

import errno
import gc
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from xacheck.cli import main

from ..conftest import ROOT

SAMPLE = ROOT / "samples" / "enterprise-optics.yaml"
DAY = ["--as-of", "2026-06-01"]


def _cli(*args, lang="en", charset="utf-8", **kw):
    return CliRunner(charset=charset).invoke(main, ["--lang", lang, *map(str, args)], **kw)


def _book(tmp_path: Path, rows: int = 300, bad: bool = False) -> Path:
    src = tmp_path / "in.csv"
    lines = ["企业名称,所在城市,营业收入（万元）,研发费用（万元）"]
    lines += [f"企业{i},西安市,{1000 + i},{50 + i % 70}" for i in range(rows)]
    if bad:
        lines.append("坏,西安市,五万,1")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


def _clean(text: str) -> None:
    assert "internal error" not in text and "Traceback" not in text and "Exception ignored" not in text, text


def _no_temporaries(folder: Path) -> None:
    assert [p.name for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")] == []


# ---------------------------------------------------------------- #13 a stdout in GBK or Latin-1

@pytest.mark.parametrize("charset", ["gbk", "latin-1"])
@pytest.mark.parametrize("cmd", [["check", SAMPLE], ["check", SAMPLE, "--all"], ["gaps", SAMPLE],
                                 ["deadlines", "--profile", SAMPLE], ["report", SAMPLE, "--format", "markdown"],
                                 ["measures", "list"], ["diff", SAMPLE, "--to", "2027-01-01"]])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_stdout_that_cannot_carry_the_marks_still_gets_the_answer(cmd, charset, lang):
    res = _cli(*cmd, *(DAY if cmd[0] != "measures" else []), lang=lang, charset=charset)
    _clean(res.output)
    assert res.exit_code == 0, res.output
    if cmd[0] == "check" and lang == "en":
        assert "v (" in res.output or "v 脚注" in res.output or "\nv " in res.output, res.output[:600]


@pytest.mark.parametrize("charset", ["gbk", "latin-1"])
def test_batch_exits_with_its_real_code_whatever_the_stdout_encoding(tmp_path, charset):
    out = tmp_path / "out.csv"
    res = _cli("batch", _book(tmp_path, 5), "-o", out, *DAY, charset=charset)
    _clean(res.output)
    assert res.exit_code == 0 and out.exists(), res.output
    res = _cli("batch", _book(tmp_path, 5, bad=True), "-o", out, *DAY, charset=charset)
    _clean(res.output)
    assert res.exit_code == 1 and "1 of 6 rows had errors" in res.output, res.output


def test_a_real_gbk_stdout_in_a_subprocess(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "XACHECK_LANG": "zh"}
    res = subprocess.run([sys.executable, "-m", "xacheck", "check", str(SAMPLE), *DAY], env=env,
                         capture_output=True, timeout=120)
    assert res.returncode == 0, res.stderr.decode("gbk", "replace")
    text = res.stdout.decode("gbk")   # what a Chinese Windows console shows: the Chinese kept, ✔ as v
    assert "西安曦芒光电科技有限公司" in text and "\nv （四）" in text and "✔" not in text
    _clean(res.stderr.decode("gbk", "replace"))


def test_the_marks_fall_back_to_ascii_and_anything_else_to_a_question_mark():
    from xacheck.terminal import GuardedStream

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="latin-1")
    GuardedStream(stream).write("✔ ✘ ⚠ … 西安 ·\n")
    stream.flush()
    assert raw.getvalue().decode("latin-1") == "v x ! ... ?? ·\n"


# ---------------------------------------------------------------- #14 a full disk

class _FullDisk(io.RawIOBase):
    """A file on a disk with ``room`` bytes left: the write past it fails as the system's would (ENOSPC)."""

    def __init__(self, f, room: int):
        self.f, self.room = f, room

    def writable(self):
        return True

    def write(self, b):
        if len(b) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(b)
        return self.f.write(b)

    def flush(self):
        if not self.f.closed:
            self.f.flush()

    def close(self):
        if not self.closed:
            super().close()
            self.f.close()

    def fileno(self):
        return self.f.fileno()

    def tell(self):
        return self.f.tell()


@pytest.fixture
def full_disk(monkeypatch):
    """The disk is full for the temporary files xacheck writes an output through: each has ``room`` bytes
    (``disk["room"]``), those whose name holds ``disk["only"]`` (when set) alone."""
    import tempfile

    disk = {"room": 0, "only": ""}
    made: dict[int, str] = {}
    real_mkstemp, real_fdopen = tempfile.mkstemp, os.fdopen

    def mkstemp(*args, **kwargs):
        fd, path = real_mkstemp(*args, **kwargs)
        made[fd] = path
        return fd, path

    def fdopen(fd, mode="r", *args, **kwargs):
        f = real_fdopen(fd, mode, *args, **kwargs)
        path = made.pop(fd, None) if isinstance(fd, int) else None
        if "w" in mode and path is not None and disk["only"] in Path(path).name:
            return _FullDisk(f, disk["room"])
        return f

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "fdopen", fdopen)
    return disk


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("room", [0, 3, 20_000])
@pytest.mark.parametrize("out, extra", [("out.csv", []), ("out.xlsx", []), ("out.jsonl", []), ("out.parquet", []),
                                        ("out.xlsx", ["--to", "2027-01-01"])])
def test_a_full_disk_is_a_plain_message_and_leaves_nothing(tmp_path, full_disk, room, out, extra):
    full_disk["room"] = room
    target = tmp_path / out
    target.write_bytes(b"the earlier result")
    res = _cli("batch", _book(tmp_path), "-o", target, *DAY, *extra)
    gc.collect()  # (a zip a library left open would complain now: "Exception ignored in ZipFile.__del__")
    _clean(res.output)
    assert res.exit_code == 2, res.output
    assert f"{target}: XA901 cannot write the file: the disk is full; nothing was written" in res.output, res.output
    assert target.read_bytes() == b"the earlier result"
    _no_temporaries(tmp_path)


@pytest.mark.parametrize("what", ["report", "summary", "ics", "validate"])
def test_a_full_disk_under_the_other_outputs(tmp_path, full_disk, what):
    out = tmp_path / "out.md"
    args = {"report": ["report", SAMPLE, "-o", out, *DAY],
            "summary": ["batch", _book(tmp_path, 5), "-o", tmp_path / "r.csv", "--summary", out, *DAY],
            "ics": ["deadlines", "--profile", SAMPLE, "--ics", out, *DAY],
            "validate": ["validate", "-o", out, *DAY]}[what]
    full_disk["only"] = "out.md"  # (the batch result fits; its summary does not)
    res = _cli(*args)
    _clean(res.output)
    assert res.exit_code == 2, res.output
    assert f"{out}: XA901 cannot write the file: the disk is full; nothing was written" in res.output, res.output
    assert not out.exists()
    _no_temporaries(tmp_path)


def test_a_full_disk_under_the_decision_log(tmp_path, monkeypatch):
    log = tmp_path / "decisions.jsonl"

    def write(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", write)
    res = _cli("check", SAMPLE, "--log", log, *DAY)
    _clean(res.output)
    assert res.exit_code == 2 and f"{log}: XA901 cannot write the file: the disk is full" in res.output, res.output


# ---------------------------------------------------------------- #14 a read-only or missing folder, a device

@pytest.fixture
def read_only(monkeypatch, tmp_path):
    """The test's folder is on a read-only file system: no file can be made there (elsewhere, as before)."""
    import tempfile

    real = tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        if str(kwargs.get("dir") or "").startswith(str(tmp_path)):
            raise OSError(errno.EROFS, "Read-only file system")
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


@pytest.mark.parametrize("cmd", ["batch-csv", "batch-xlsx", "report", "validate", "deadlines", "template"])
def test_a_read_only_folder_is_a_plain_message(tmp_path, read_only, cmd):
    out = {"batch-csv": "out.csv", "batch-xlsx": "out.xlsx", "report": "r.html", "validate": "v.txt",
           "deadlines": "d.ics", "template": "t.xlsx"}[cmd]
    target = tmp_path / out
    args = {"batch-csv": ["batch", _book(tmp_path, 5), "-o", target, *DAY],
            "batch-xlsx": ["batch", _book(tmp_path, 5), "-o", target, *DAY],
            "report": ["report", SAMPLE, "-o", target, *DAY],
            "validate": ["validate", "-o", target, *DAY],
            "deadlines": ["deadlines", "--profile", SAMPLE, "--ics", target, *DAY],
            "template": ["template", target, *DAY]}[cmd]
    for lang, said in (("en", f"{target}: XA901 cannot write the file: the file system is read-only; nothing was "
                              "written"),
                       ("zh", f"{target}: XA901 无法写入文件：文件系统为只读；未写入任何内容")):
        res = _cli(*args, lang=lang)
        _clean(res.output)
        assert res.exit_code == 2 and said in res.output, res.output
        assert not target.exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_folder_without_write_permission(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        res = _cli("report", SAMPLE, "-o", folder / "r.html", *DAY)
        _clean(res.output)
        assert res.exit_code == 2 and "cannot write the file: no permission to write there" in res.output, res.output
    finally:
        folder.chmod(0o755)


def test_a_read_only_temporary_folder_is_a_plain_message(tmp_path, monkeypatch):
    """xlsxwriter builds a workbook through temporary files of its own: their folder's refusal is no bug either."""
    import tempfile

    def mkstemp(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    res = _cli("template", tmp_path / "t.xlsx", *DAY)
    _clean(res.output)
    assert res.exit_code == 2 and "the system refused: the file system is read-only" in res.output, res.output


def test_a_missing_folder_is_a_plain_message(tmp_path):
    res = _cli("report", SAMPLE, "-o", tmp_path / "no" / "such" / "r.html", *DAY)
    _clean(res.output)
    assert res.exit_code == 2 and "cannot write the file: the folder does not exist" in res.output, res.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
@pytest.mark.parametrize("cmd", ["report", "validate", "batch"])
def test_an_output_that_is_no_regular_file_is_refused_never_replaced(tmp_path, cmd):
    """``-o /dev/null`` run as root used to replace the device itself with a regular file (the rename into
    place). A FIFO in the test's folder stands for it here: a test never touches /dev."""
    target = tmp_path / ("out.csv" if cmd == "batch" else "out.html")
    os.mkfifo(target)
    args = {"report": ["report", SAMPLE, "-o", target, *DAY], "validate": ["validate", "-o", target, *DAY],
            "batch": ["batch", _book(tmp_path, 5), "-o", target, *DAY]}[cmd]
    res = _cli(*args)
    _clean(res.output)
    assert res.exit_code == 2, res.output
    assert f"{target}: XA901 cannot write the file: not a regular file (a named pipe (FIFO))" in res.output, res.output
    assert stat.S_ISFIFO(os.stat(target).st_mode)
    _no_temporaries(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_log_that_is_a_fifo_is_refused_not_waited_on(tmp_path):
    """(In a subprocess with a time limit: opened for appending, a FIFO waits for a reader.)"""
    log = tmp_path / "decisions.jsonl"
    os.mkfifo(log)
    res = subprocess.run([sys.executable, "-m", "xacheck", "--lang", "en", "check", str(SAMPLE), "--log", str(log),
                          *DAY], capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and "not a regular file (a named pipe (FIFO))" in res.stderr, res.stderr
    _clean(res.stderr)


# ---------------------------------------------------------------- #14 a bad --out-encoding

@pytest.mark.parametrize("name", ["nope", "rot13", "base64", "hex", "zlib"])
def test_a_bad_out_encoding_is_refused_before_anything_is_written(tmp_path, name):
    out = tmp_path / "out.csv"
    for lang, said in (("en", f"--out-encoding {name}: no such text encoding"),
                       ("zh", f"--out-encoding {name}：没有这种文本编码")):
        res = _cli("batch", _book(tmp_path, 5), "-o", out, "--out-encoding", name, *DAY, lang=lang)
        _clean(res.output)
        assert res.exit_code == 2 and said in res.output and "out.csv" in res.output, res.output
        assert not out.exists()
        _no_temporaries(tmp_path)
