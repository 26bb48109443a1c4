"""Finding a rule's quote in its source document, tolerant of the noise in web and OCR copies.

The seed documents are copies of web pages: full- and half-width forms mixed, spaces and line
breaks inside sentences, and OCR slips ("吸弓I" for "吸引", "o" for "。"). A quote is written as the
clause *should* read, so both sides are folded before comparing:

1. NFKC (full-width letters, digits and punctuation become their ASCII forms), lower case;
2. a small table of OCR confusions is undone (see :data:`OCR_FIXES`);
3. every character that is not a letter or a digit — whitespace, punctuation, symbols — is dropped.

``……`` (or ``...``) in a quote marks an elision: each part must be found, in order. A part that is
not found verbatim is accepted when a window of the document of about the same length matches it with
a similarity of at least :data:`FUZZY_RATIO` (difflib), so one or two mistyped or mis-OCRed characters
in a long clause do not fail the check, while a wrong number or a clause from another document does.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: OCR confusions undone on both sides before comparing (applied after NFKC, before stripping).
OCR_FIXES: tuple[tuple[str, str], ...] = (
    ("弓i", "引"), ("弓|", "引"), ("弓l", "引"), ("弓1", "引"),
    ("末来", "未来"),
)
#: A lone latin o/0 between two CJK characters is an OCR'd full stop "。".
_OCR_STOP = re.compile(r"(?<=[\u3400-\u9fff])[o0](?=[\u3400-\u9fff]|$)", re.M)
_ELLIPSIS = re.compile(r"(?:…+|\.{3,}|⋯+)")
#: Parts of a quote shorter than this (after folding) are too short to say anything and are skipped.
MIN_PART = 2
#: Least difflib ratio for a fuzzy match of one part.
FUZZY_RATIO = 0.88
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
    ratio: float = 0.0  # and its similarity


def _fuzzy(part: str, doc: str, start: int) -> tuple[int, float, str]:
    """Best window of ``doc`` (from ``start``) for ``part``: (end index, ratio, text). Anchored, so fast."""
    n = len(part)
    candidates: set[int] = set()
    step = max(1, n // 12)
    for i in range(0, max(1, n - _ANCHOR + 1), step):
        anchor = part[i:i + _ANCHOR]
        pos = doc.find(anchor, start)
        hits = 0
        while pos != -1 and hits < 50:
            candidates.add(max(start, pos - i))
            pos = doc.find(anchor, pos + 1)
            hits += 1
    best = (-1, 0.0, "")
    sm = difflib.SequenceMatcher(autojunk=False)
    sm.set_seq2(part)
    for c in sorted(candidates):
        for width in (n, n - 1, n + 1, n - 2, n + 2):
            window = doc[c:c + width]
            if not window:
                continue
            sm.set_seq1(window)
            if sm.real_quick_ratio() <= best[1] or sm.quick_ratio() <= best[1]:
                continue
            r = sm.ratio()
            if r > best[1]:
                best = (c + width, r, window)
    return best


def match_quote(quote: str, document: str) -> QuoteMatch:
    """Look for ``quote`` in ``document`` (both raw text); see the module docstring for the tolerance."""
    return _match(quote, _fold_doc(document))


@lru_cache(maxsize=32)
def _fold_doc(document: str) -> str:
    return fold(document)


def _match(quote: str, doc: str) -> QuoteMatch:
    parts = [(p, fold(p)) for p in _ELLIPSIS.split(quote)]
    parts = [(raw, f) for raw, f in parts if len(f) >= MIN_PART]
    if not parts:
        return QuoteMatch(False, (quote,))
    pos = 0
    missing: list[str] = []
    best_text, best_ratio = "", 0.0
    for raw, part in parts:
        hit = doc.find(part, pos)
        if hit != -1:
            pos = hit + len(part)
            continue
        end, ratio, text = _fuzzy(part, doc, pos)
        if ratio < FUZZY_RATIO:
            # elided parts are in order, but be lenient about order before calling it missing
            end, ratio, text = _fuzzy(part, doc, 0) if pos else (end, ratio, text)
        if ratio >= FUZZY_RATIO:
            pos = max(pos, end)
            continue
        missing.append(raw.strip())
        if not best_text:
            best_text, best_ratio = text, ratio
    return QuoteMatch(not missing, tuple(missing), best_text, round(best_ratio, 2))


class SourceLibrary:
    """The source documents in one folder (``--sources DIR``), read once and folded once."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._docs: dict[str, str | None] = {}

    def folded(self, name: str) -> str | None:
        """The folded text of document ``name``, or ``None`` when the folder does not have it."""
        if name not in self._docs:
            path = self.root / name
            try:
                self._docs[name] = fold(path.read_text(encoding="utf-8-sig", errors="replace"))
            except (OSError, ValueError):
                self._docs[name] = None
        return self._docs[name]

    def check(self, name: str, quote: str) -> QuoteMatch | None:
        """Match ``quote`` in document ``name``; ``None`` when the document is not in the folder."""
        doc = self.folded(name)
        return None if doc is None else _match(quote, doc)
