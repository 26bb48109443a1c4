"""The commands shown with their output in README.md and docs/*.md, and a run of each.

A shown example is a fenced code block whose lines start with ``$ xacheck …``: each ``$`` line is a
command (a shell line: pipes such as ``| grep -A1 双五`` work; a trailing ``# comment`` is dropped), and
the lines under it, up to the next ``$`` line, are its output as pasted. A line holding only ``…`` is a
marked trim: it stands for any number of output lines (so ``…`` first shows the end of an output, ``…``
last its beginning). Where the block shows typed answers (``> 1`` after a prompt), they are fed to the
command, which shows each one after its prompt as a terminal does.

Commands run from a scratch folder that sees the repository's ``samples/``, ``measures/``,
``examples/`` and ``docs/`` (files they write land there), with the language and the pack cache pinned
and no terminal (no colour, no wrapping). A command whose answer depends on the day must pin
``--as-of``; :func:`undated` names those that do not.

    python -m tests.docs_examples            # list the examples and whether each still matches
    python -m tests.docs_examples --update   # paste today's output back (trims kept where they stand)
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))
TRIM = "…"
#: commands whose output depends on the day unless --as-of is given
DATED = ("check", "gaps", "diff", "deadlines", "report", "init", "batch", "validate")


@dataclass
class Example:
    doc: Path
    line: int                  # 1-based line of the ``$`` line in the document
    command: str               # as shown, without the ``$ `` and a trailing comment
    expected: list[str]        # the pasted output lines (trims included)
    answers: list[str] = field(default_factory=list)  # typed answers (``> x`` lines), in order
    block: int = 0             # line of the code block's opening fence: a block's commands share a folder

    @property
    def name(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}"


def _strip_comment(cmd: str) -> str:
    m = re.search(r"\s{2,}#\s.*$|\s+#\s[^'\"]*$", cmd)
    return cmd[: m.start()].rstrip() if m else cmd.rstrip()


def examples(docs: list[Path] | None = None) -> list[Example]:
    out = []
    for doc in docs or DOCS:
        lines = doc.read_text(encoding="utf-8").split("\n")
        in_block = False
        fence = 0
        cur: Example | None = None
        for i, line in enumerate(lines, 1):
            if line.startswith("```"):
                if in_block and cur is not None:
                    out.append(cur)
                cur = None
                in_block = not in_block
                fence = i
                continue
            if not in_block:
                continue
            if line.startswith("$ xacheck") or (line.startswith("$ ") and "xacheck" in line):
                if cur is not None:
                    out.append(cur)
                cur = Example(doc, i, _strip_comment(line[2:]), [], block=fence)
            elif cur is not None:
                cur.expected.append(line.rstrip())
                if line.startswith("> ") or line == ">":
                    cur.answers.append(line[2:])
        for ex in out:
            while ex.expected and not ex.expected[-1].strip():
                ex.expected.pop()
    return out


def undated(ex: Example) -> bool:
    """True when the command needs no --as-of (help, browsing, errors before any date matters)."""
    words = shlex.split(ex.command.split("|")[0])
    sub = words[1] if len(words) > 1 else ""
    return sub not in DATED or "--as-of" in words or "--help" in words or "-h" in words


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XACHECK_", "LC_")) and k != "LANG"}
    env.update(LANG="C.UTF-8", PYTHONUNBUFFERED="1", NO_COLOR="1", COLUMNS="100", TERM="dumb")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def blocks(exs: list[Example]) -> list[list[Example]]:
    """The examples grouped by code block, in order (a block's commands run one after another in one
    folder: the second may read what the first wrote)."""
    out: dict[tuple, list[Example]] = {}
    for ex in exs:
        out.setdefault((ex.doc, ex.block), []).append(ex)
    return list(out.values())


def scratch(d: str) -> str:
    """Make ``d`` a scratch folder that sees the repository's samples, measures, examples and docs."""
    for name in ("samples", "measures", "examples", "docs", "xacheck"):
        if (ROOT / name).exists() and not (Path(d) / name).exists():
            os.symlink(ROOT / name, Path(d) / name)
    return d


def run(ex: Example, cache_dir: str | None = None, cwd: str | None = None) -> list[str]:
    """The command's output lines (stdout and stderr as a terminal shows them), run in ``cwd`` (a scratch
    folder of its own by default)."""
    if cwd is None:
        with tempfile.TemporaryDirectory(prefix="xacheck-docs-") as d:
            return run(ex, cache_dir, scratch(d))
    env = _env()
    env["XACHECK_CACHE_DIR"] = cache_dir or str(Path(cwd) / ".cache")
    feed = "".join(a + "\n" for a in ex.answers) if ex.answers else None
    res = subprocess.run(["bash", "-o", "pipefail", "-c", ex.command + " 2>&1"], cwd=cwd, env=env, input=feed,
                         capture_output=True, text=True, timeout=300)
    # (typed answers come back in the output: `init` shows each answer read from a pipe after its prompt)
    text = res.stdout.rstrip("\n")
    return [line.rstrip() for line in text.split("\n")] if text else []


def segments(expected: list[str]) -> list[list[str]]:
    """The pasted lines between the trims (an empty segment where two trims meet or one ends the block)."""
    out: list[list[str]] = [[]]
    for line in expected:
        if line.strip() == TRIM:
            out.append([])
        else:
            out[-1].append(line)
    return out


def matches(expected: list[str], actual: list[str]) -> str | None:
    """None when ``actual`` fits ``expected`` (``…`` lines skip any number of lines), else where it differs."""
    head, *rest = segments(expected)
    if actual[: len(head)] != head:
        k = next((i for i, (a, b) in enumerate(zip(head, actual)) if a != b), min(len(head), len(actual)))
        return f"line {k + 1}: expected {head[k] if k < len(head) else '<end>'!r}, got {actual[k] if k < len(actual) else '<end>'!r}"
    pos = len(head)
    if not rest:
        return None if pos == len(actual) else f"{len(actual) - pos} more line(s) than shown, from {actual[pos]!r}"
    for j, seg in enumerate(rest):
        last = j == len(rest) - 1
        if not seg:
            if last:
                return None
            continue
        found = next((i for i in range(pos, len(actual) - len(seg) + 1) if actual[i:i + len(seg)] == seg), None)
        if last and seg and found is not None and found + len(seg) != len(actual):
            # the last segment shows the end: it must end the output
            tail = actual[len(actual) - len(seg):]
            found = len(actual) - len(seg) if tail == seg else None
        if found is None:
            return f"not found in the output after line {pos}: {seg[0]!r}"
        pos = found + len(seg)
    return None


def updated(expected: list[str], actual: list[str]) -> list[str]:
    """Today's output in the shape of the pasted one: with no trim all of it; with trims, as many lines
    as before around each trim (the first segment from the start, the last one from the end). A block
    holding only ``…`` (a placeholder for a new example) gets all of it."""
    segs = segments(expected)
    if len(segs) == 1 or not any(segs):  # no trim, or a placeholder that is only a trim: all of it
        return actual
    head, *mid, tail = segs
    out = actual[: len(head)] + [TRIM]
    for seg in mid:
        at = next((i for i in range(len(actual)) if seg and actual[i] == seg[0]), None)
        if at is not None:
            out += actual[at:at + len(seg)] + [TRIM]
    return out + (actual[len(actual) - len(tail):] if tail else [])


def update(docs: list[Path] | None = None) -> int:
    """Paste today's output under every example; returns how many changed."""
    changed = 0
    for doc in docs or DOCS:
        exs = examples([doc])
        if not exs:
            continue
        lines = doc.read_text(encoding="utf-8").split("\n")
        outputs = {}
        for block in blocks(exs):
            with tempfile.TemporaryDirectory(prefix="xacheck-docs-") as d:
                for ex in block:
                    outputs[ex.line] = run(ex, cwd=scratch(d))
        for ex in reversed(exs):  # from the end, so earlier line numbers stay right
            new = updated(ex.expected, outputs[ex.line])
            if new != ex.expected:
                changed += 1
                lines[ex.line:ex.line + len(ex.expected)] = new
        doc.write_text("\n".join(lines), encoding="utf-8")
    return changed


def main() -> None:
    if "--update" in sys.argv:
        print(f"{update()} example(s) updated")
        return
    for block in blocks(examples()):
        with tempfile.TemporaryDirectory(prefix="xacheck-docs-") as d:
            for ex in block:
                problem = matches(ex.expected, run(ex, cwd=scratch(d)))
                print(f"{'ok  ' if problem is None else 'DIFF'} {ex.name}  $ {ex.command}"
                      + (f"\n     {problem}" if problem else ""))


if __name__ == "__main__":
    main()
