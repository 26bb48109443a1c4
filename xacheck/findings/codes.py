"""The finding codes of ``xacheck validate``: stable, never reused. ``XA…`` are errors, ``XW…`` warnings.

One table, used by the SARIF renderer (rule descriptions), the docs and a test that every code the
checker can emit is listed here.
"""
from __future__ import annotations

#: code -> short description (what is wrong, in one line)
CODES: dict[str, str] = {
    "XA001": "YAML syntax error, or a file that cannot be read (not UTF-8, too large, invalid date)",
    "XA002": "duplicate key in a mapping (PyYAML silently keeps the last one)",
    "XA100": "schema violation: a value of the wrong type, form or choice",
    "XA101": "rule id used twice (within or across packs)",
    "XA102": "pack id used by two files",
    "XA103": "rule id does not start with its pack id",
    "XA104": "pack-level derived quantity shadows a profile field",
    "XA105": "unexpected key (with a did-you-mean suggestion)",
    "XA106": "missing required key",
    "XA110": "condition does not parse",
    "XA111": "condition mixes types (text compared with a number, a number used as yes/no, ...)",
    "XA112": "condition or target names a field the profile schema does not have",
    "XA113": "unit mismatch (percentage points vs ratio, 万元 vs 亿元, amount vs ratio, ...)",
    "XA114": "condition compares a field with a value it can never take",
    "XA116": "condition marked open (open: true) is not a single list test (any_in(field, [...]) or field in [...])",
    "XA117": "condition or derived quantity too large: beyond the limits on characters, nesting, depth (a chain "
             "of derived quantities counts) or parts",
    "XA120": "field registry file (fields/*.yaml) is invalid",
    "XA121": "validity window ends before it begins",
    "XA122": "dated versions of a rule overlap",
    "XA123": "dated versions of a rule leave a gap",
    "XA124": "target without a deadline",
    "XA125": "target or indicator rule without a target",
    "XA126": "a number xacheck cannot compare (NaN, infinity, or beyond 1e30 / below 1e-30) or a day outside "
             "1800-01-01 … 2200-12-31, in a target, baseline, basis, reading, validity date, deadline or test",
    "XA130": "rule without a source clause",
    "XA131": "rule without a quote",
    "XA132": "quote not found in its source document (shipped in xacheck/sources/, or in a --sources folder)",
    "XA133": "source document not found (in the --sources folders, or for a shipped pack in xacheck/sources/)",
    "XA139": "quote_zh on a quote that is the document's own words, or stating a number its summary does not",
    "XA140": "stand-alone test file is invalid",
    "XA141": "test names an unknown rule",
    "XA142": "test profile is invalid (unknown field, wrong value)",
    "XA143": "test expects a status the rule can never have",
    "XA150": "a threshold or target number that its quote does not state (nor a basis or reading declares)",
    "XA151": "a threshold or target comparison that disagrees with the quote's words (超过 is >, 以上 is >=, ...)",
    "XA152": "a basis or reading number that no condition or target of the rule uses",
    "XW001": "rule already expired as of --as-of, in a pack not kept_for_record",
    "XW002": "rule expires within 60 days of --as-of",
    "XW003": "rule has no embedded test case",
    "XW004": "rule with conditions whose tests expect only one outcome",
    "XW005": "a list in a condition holds a value the field can never take (a dead entry)",
    "XW010": "a list test whose quote goes on with 等 (an open list) is not marked open: true",
    "XW011": "a threshold or target with no embedded test case at exactly its number",
}


def severity(code: str) -> str:
    return "warning" if code.startswith("XW") else "error"
