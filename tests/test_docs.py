"""Docs that stay true: every command shown with its output in README.md and docs/*.md is run, and the
pasted output must match today's (``…`` lines mark trims). Drift fails CI; ``python -m
tests.docs_examples --update`` pastes the new output back. See :mod:`tests.docs_examples`."""
from __future__ import annotations

import pytest

from .docs_examples import blocks, examples, matches, run, scratch, undated

EXAMPLES = examples()
BLOCKS = blocks(EXAMPLES)


def test_the_docs_show_examples():
    # the mechanism is not vacuous: README and docs/ hold shown commands, in several documents
    assert len(EXAMPLES) >= 10 and len({e.doc for e in EXAMPLES}) >= 3


def test_matching_rules():
    assert matches(["a", "b"], ["a", "b"]) is None
    assert matches(["a", "…"], ["a", "b", "c"]) is None
    assert matches(["…", "c"], ["a", "b", "c"]) is None
    assert matches(["a", "…", "c"], ["a", "b", "c"]) is None
    assert matches(["a", "b"], ["a", "x"]) is not None           # a changed line
    assert matches(["a"], ["a", "b"]) is not None                 # an untrimmed extra line
    assert matches(["…", "b"], ["b", "c"]) is not None            # a shown end that is not the end
    assert matches(["a", "…", "z"], ["a", "b"]) is not None


@pytest.mark.parametrize("block", BLOCKS, ids=[b[0].name for b in BLOCKS])
def test_shown_output_is_real(block, tmp_path):
    """Each code block's commands run in order in one scratch folder (a later one may read an earlier one's
    file), each output compared with what the block shows."""
    folder = tmp_path / "work"
    folder.mkdir()
    for ex in block:
        assert undated(ex), f"{ex.name}: pin the day with --as-of so the example does not change with the date"
        problem = matches(ex.expected, run(ex, cache_dir=str(tmp_path / "cache"), cwd=scratch(str(folder))))
        assert problem is None, (f"{ex.name}: `{ex.command}` no longer prints what the docs show — {problem}\n"
                                 f"(python -m tests.docs_examples --update pastes today's output)")
