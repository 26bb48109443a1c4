"""Issue 15 #4: a profile's name, a pack's title or quote, a cell — data someone else wrote — never reaches the
terminal with its control characters raw (``ESC[2J`` clears the screen, OSC sets the title or writes the
clipboard, ``\\r`` overwrites a line, C1 ``\\x9b`` is CSI on some terminals). One step at the edge
(``xacheck.terminal``) writes them as ``\\u001b``; JSON and the files written keep the data as it is.

The runs pass ``color=True`` so click does not strip ANSI sequences itself (as it does not on a terminal)."""
from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from xacheck.cli import main

from ..conftest import MINI_PACK

DAY = ["--as-of", "2026-06-01"]
NASTY = "\x1b[2J\x1b]0;pwned\x07\x9b31m\x1b]52;c;ZXZpbA==\x07\u202e"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def _cli(*args, lang="en", **kw):
    return CliRunner().invoke(main, ["--lang", lang, *map(str, args)], color=True, **kw)


def _profile(tmp_path, name=f"Evil{NASTY}Co"):
    p = tmp_path / "p.yaml"
    p.write_text("type: enterprise\nname: " + json.dumps(name) + "\ncity: 西安市\nrevenue_wan: 60000\n"
                 "rd_expense_wan: 4000\n", encoding="utf-8")
    return p


def _raw_controls(text: str) -> list[str]:
    return [c for c in RAW if c in text]


@pytest.mark.parametrize("cmd", [["check"], ["check", "--all"], ["gaps"], ["report", "--format", "markdown"],
                                 ["check", "--format", "markdown"]])
def test_a_profile_name_with_escapes_is_shown_escaped(tmp_path, cmd):
    res = _cli(cmd[0], _profile(tmp_path), *cmd[1:], *DAY)
    assert res.exit_code == 0, res.output
    assert _raw_controls(res.output) == [], repr(res.output[:300])
    assert "Evil\\u001b[2J\\u001b]0;pwned\\u0007\\u009b31m" in res.output


def test_deadlines_for_a_profile_named_with_escapes(tmp_path):
    res = _cli("deadlines", "--profile", _profile(tmp_path), *DAY)
    assert res.exit_code == 0, res.output
    assert _raw_controls(res.output) == [] and "Evil\\u001b[2J" in res.output


def test_a_pack_title_and_quote_with_escapes_are_shown_escaped(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    pack = MINI_PACK.replace("title: {zh: 双五企业, en: Double-five enterprise}",
                             "title: {zh: \"双五\\e]0;x\\a企业\", en: \"Double-five\\e[2J\\x9b enterprise\"}").replace(
        "quote: 营收超5亿元且内部研发投入强度超过5%的企业", "quote: \"营收超5亿元\\e]8;;http://x\\a且内部研发投入强度超过5%的企业\"")
    (rules / "p.yaml").write_text(pack, encoding="utf-8")
    prof = _profile(tmp_path, "Plain Co")
    for args in (["check", prof, "--all", "--pack", "mini", *DAY], ["measures", "list", "--pack", "mini"],
                 ["measures", "show", "mini.shuangwu"]):
        res = _cli(*args, "--rules", rules)
        assert res.exit_code == 0, res.output
        assert _raw_controls(res.output) == [], (args, repr(res.output[:400]))
        assert "Double-five\\u001b[2J\\u009b enterprise" in res.output, (args, res.output[:400])
        if args[0] == "check":
            assert "营收超5亿元\\u001b]8;;http://x\\u0007且" in res.output, res.output


def test_an_error_that_quotes_the_data_is_escaped_too(tmp_path):
    """Errors go to stderr through the same edge: in Chinese a bad value is quoted “as typed”, not repr'd."""
    p = tmp_path / "bad.yaml"
    p.write_text('type: enterprise\nname: 甲\nrevenue_wan: "12\\e]0;x\\a万"\n', encoding="utf-8")
    res = _cli("check", p, *DAY, lang="zh")
    assert res.exit_code == 2
    assert _raw_controls(res.output) == [] and "\\u001b]0;x\\u0007" in res.output, repr(res.output)


def test_json_keeps_the_data_exactly(tmp_path):
    name = f"Evil{NASTY}Co"
    res = _cli("check", _profile(tmp_path, name), "--format", "json", *DAY)
    assert res.exit_code == 0
    assert _raw_controls(res.output) == []           # (C1 and the bidi override are escaped too, JSON-wise)
    assert json.loads(res.output)["profile"]["name"] == name


def test_files_keep_the_data_as_it_is(tmp_path):
    """The edge is the terminal's: a result file holds the client's name byte for byte."""
    src, out = tmp_path / "in.csv", tmp_path / "out.jsonl"
    src.write_text("企业名称,所在城市\n" + f"A{NASTY}B,西安市\n", encoding="utf-8")
    res = _cli("batch", src, "-o", out, *DAY)
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["企业名称"] == f"A{NASTY}B"


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_on_a_terminal_only_xacheck_s_own_colours_pass():
    from xacheck.terminal import GuardedStream

    inner = _Tty()
    GuardedStream(inner).write("\x1b[1;32mok\x1b[0m \x1b[2J\x1b]0;t\x07\r\x9b1m\ttab\n")
    assert inner.getvalue() == "\x1b[1;32mok\x1b[0m \\u001b[2J\\u001b]0;t\\u0007\\u000d\\u009b1m\ttab\n"
    piped = io.StringIO()  # not a terminal: no colour is xacheck's, every sequence is escaped
    GuardedStream(piped).write("\x1b[1mok\x1b[0m\n")
    assert piped.getvalue() == "\\u001b[1mok\\u001b[0m\n"


def test_a_coloured_report_escapes_the_data_before_styling_it(tmp_path):
    """On a terminal the colours are rich's: a colour sequence inside the name is escaped, not passed."""
    from xacheck.engine import Engine
    from xacheck.render.text import render

    eng = Engine()
    answer = eng.check(_profile(tmp_path, "Evil\x1b[8mhidden\x1b[0mCo"), "2026-06-01", lang="en")
    text = render(answer.report(), "en", color=True, width=100)
    assert "\x1b[" in text                     # rich coloured it
    assert "Evil\\u001b[8mhidden\\u001b[0mCo" in text and "\x1b[8m" not in text
