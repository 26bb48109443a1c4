"""Finding a rule's quote in its source document, tolerant of the noise in web and OCR copies.

The seed documents are copies of web pages: full- and half-width forms mixed, spaces and line
breaks inside sentences, and OCR slips ("吸弓I" for "吸引", "o" for "。"). A quote is written as the
clause *should* read, so both sides are folded before comparing:

1. NFKC (full-width letters, digits and punctuation become their ASCII forms), lower case;
2. a small table of OCR confusions is undone (see :data:`OCR_FIXES`);
3. every character that is not a letter or a digit — whitespace, punctuation, symbols — is dropped.

``……`` (or ``...``) in a quote marks an elision, and ``（第四章第三节（一）：…）`` or ``脚注1：…``
introduces a further passage from another place of the same document: each part must be found (anywhere
in the document). A part that is not found verbatim is accepted when a window of the document a little
longer than the part holds at least :data:`FUZZY_RATIO` of its characters in order (difflib) *and* every
number of the part: one or two mistyped or mis-OCRed characters in a long clause, or a footnote spliced
into the page, do not fail the check, while a wrong number or a clause from another document does.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

#: OCR confusions undone on both sides before comparing (applied after NFKC, before stripping).
OCR_FIXES: tuple[tuple[str, str], ...] = (
    ("弓i", "引"), ("弓|", "引"), ("弓l", "引"), ("弓1", "引"),
    ("末来", "未来"),
)
#: A lone latin o/0 between two CJK characters is an OCR'd full stop "。".
_OCR_STOP = re.compile(r"(?<=[\u3400-\u9fff])[o0](?=[\u3400-\u9fff]|$)", re.M)
#: Where a quote is cut into parts that are looked up separately: an elision (``……``, ``...``) or an
#: editorial reference to a further passage, ``（第四章第三节（一）：…）`` or ``脚注1：…``.
_SPLIT = re.compile(
    r"…+|\.{3,}|⋯+"
    r"|[（(]\s*(?:第[^：:（）()\n]{1,12}(?:[（(][^）)\n]{1,4}[）)])?|专栏\s*\d+[^：:\n]{0,12})\s*[：:]"
    r"|脚注\s*\d+\s*[：:]")
_NUMBER = re.compile(r"\d+")
#: Parts of a quote shorter than this (after folding) are too short to say anything and are skipped.
MIN_PART = 2
#: Least share of a part's characters that must be found, in order, for a fuzzy match.
FUZZY_RATIO = 0.9
#: Length of the anchors used to find candidate windows for a fuzzy match.
_ANCHOR = 3


def fold(text: str) -> str:
    """The comparable form of a text: NFKC, lower case, OCR fixes, letters and digits only."""
    t = unicodedata.normalize("NFKC", text).lower()
    for bad, good in OCR_FIXES:
        t = t.replace(bad, good)
    t = _OCR_STOP.sub("", t)
    return "".join(ch for ch in t if ch.isalnum())


@dataclass(frozen=True)
class QuoteMatch:
    """Whether a quote was found; ``missing`` holds the parts that were not (as written in the quote)."""

    found: bool
    missing: tuple[str, ...] = ()
    best: str = ""      # for the first missing part: the closest text of the document (folded)
    ratio: float = 0.0  # and the share of the part's characters it holds


def _fuzzy(part: str, doc: str) -> tuple[float, str]:
    """Best window of ``doc`` for ``part``: (coverage, window text). Anchored on short substrings, so fast.

    Coverage is the share of ``part``'s characters found, in order, in runs of two or more, within a
    window a little longer than ``part``: text spliced into the page (a footnote, an image caption) costs
    nothing, a changed or missing character costs one.
    """
    n = len(part)
    slack = min(n // 2 + 40, 160)
    starts: set[int] = set()
    step = max(1, n // 12)
    for i in range(0, max(1, n - _ANCHOR + 1), step):
        anchor = part[i:i + _ANCHOR]
        pos, hits = doc.find(anchor), 0
        while pos != -1 and hits < 40:
            starts.add(max(0, pos - i))
            pos, hits = doc.find(anchor, pos + 1), hits + 1
    best = (0.0, "")
    sm = difflib.SequenceMatcher(autojunk=False)
    sm.set_seq1(part)
    last = -10
    for c in sorted(starts):
        if c - last < 3:
            continue
        last = c
        window = doc[c:c + n + slack]
        sm.set_seq2(window)
        blocks = [b for b in sm.get_matching_blocks() if b.size >= 2]
        cover = sum(b.size for b in blocks) / n
        if cover > best[0]:
            text = window[blocks[0].b:blocks[-1].b + blocks[-1].size] if blocks else ""
            best = (cover, text)
    return best


def match_quote(quote: str, document: str) -> QuoteMatch:
    """Look for ``quote`` in ``document`` (both raw text); see the module docstring for the tolerance."""
    return _match(quote, _fold_doc(document))


@lru_cache(maxsize=32)
def _fold_doc(document: str) -> str:
    return fold(document)


def _match(quote: str, doc: str) -> QuoteMatch:
    parts = [(p, fold(p)) for p in _SPLIT.split(quote)]
    parts = [(raw, f) for raw, f in parts if len(f) >= MIN_PART]
    if not parts:
        return QuoteMatch(False, (quote,))
    missing: list[str] = []
    best_text, best_ratio = "", 0.0
    for raw, part in parts:
        if part in doc:
            continue
        ratio, text = _fuzzy(part, doc)
        if ratio >= FUZZY_RATIO and set(_NUMBER.findall(part)) <= set(_NUMBER.findall(text)):
            continue
        missing.append(raw.strip())
        if not best_text:
            best_text, best_ratio = text, ratio
    return QuoteMatch(not missing, tuple(missing), best_text, round(best_ratio, 2))


#: the largest source document read (bytes): the shipped ones are a few hundred KB
MAX_SOURCE_BYTES = 32 * 1024 * 1024


class SourceLibrary:
    """The source documents in one or more folders (``--sources DIR``, repeatable), read and folded once.

    A document is read only as a regular file inside its folder (:mod:`xacheck.userfiles`): a link out of the
    folder, a FIFO or a device is never read — so no finding can quote a file elsewhere — and is named in
    :attr:`refused` with the reason."""

    def __init__(self, roots: Path | Iterable[Path]):
        self.roots = [Path(roots)] if isinstance(roots, (str, Path)) else [Path(r) for r in roots]
        self._docs: dict[str, str | None] = {}
        #: document name -> why a folder's file of that name was not read (the first such folder)
        self.refused: dict[str, str] = {}

    @property
    def root(self) -> str:
        return ", ".join(str(r) for r in self.roots)

    def folded(self, name: str) -> str | None:
        """The folded text of document ``name`` (first folder that has it), or ``None``."""
        from .errors import UnreadableFile
        from .userfiles import read_file

        if name not in self._docs:
            self._docs[name] = None
            for root in self.roots:
                path = root / name
                if not (path.exists() or path.is_symlink()):
                    continue
                try:
                    raw = read_file(path, MAX_SOURCE_BYTES, within=root)
                except UnreadableFile as exc:
                    self.refused.setdefault(name, f"{path}: {exc.reason}")
                    continue
                self._docs[name] = fold(raw.decode("utf-8-sig", errors="replace"))
                break
        return self._docs[name]

    def check(self, name: str, quote: str) -> QuoteMatch | None:
        """Match ``quote`` in document ``name``; ``None`` when no folder has the document."""
        doc = self.folded(name)
        return None if doc is None else _match(quote, doc)
