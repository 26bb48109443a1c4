"""统一社会信用代码 (GB 32100-2015): the 18-character code and its check character.

A mistyped code is caught by the check character (the 18th), which is computed from the first 17
with weights 3^i mod 31 over the 31-character set that leaves out I, O, Z, S and V.
"""
from __future__ import annotations

import unicodedata

from .i18n import Msg

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(CHARSET)}


def check_char(first17: str) -> str:
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def normalise(code: str) -> str:
    return unicodedata.normalize("NFKC", code).strip().upper().replace(" ", "")


def problem(code: str) -> Msg | None:
    """``None`` for a valid code, else what is wrong with it, in a sentence."""
    c = normalise(code)
    if len(c) != 18:
        return Msg("统一社会信用代码 must have 18 characters, {code!r} has {n}", code=code, n=len(c))
    bad = [ch for ch in c if ch not in _VALUE]
    if bad:
        return Msg("统一社会信用代码 {code!r} contains {ch!r}, which the code never uses (no I, O, Z, S, V)",
                   code=code, ch=bad[0])
    want = check_char(c[:17])
    if c[17] != want:
        return Msg("统一社会信用代码 {code!r} fails its check character (expected {want!r} at the end): probably mistyped",
                   code=code, want=want)
    return None
