"""``--format json``: one JSON document for machines (stable keys; ``version`` is the format version)."""
from __future__ import annotations

import json

from .base import FindingsReport, TestReport, rel


def render_findings(report: FindingsReport, color: bool = False) -> str:
    out = {
        "version": 1,
        "tool": {"name": "xacheck", "version": report.version},
        "as_of": report.as_of.isoformat() if report.as_of else None,
        "strict": report.strict,
        "files": [rel(p) for p in report.files],
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "ok": not report.failed,
        "findings": [{**f.as_dict(), "path": rel(f.location.path)} for f in report.findings],
    }
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def render_tests(report: TestReport, color: bool = False) -> str:
    cases = []
    for o in report.outcomes:
        cases.append({
            "name": o.name, "rule": o.rule.id, "case": o.case.name, "path": rel(o.path), "line": o.case.line,
            "ok": o.ok, "expected": o.case.expect, "actual": o.result.status if o.result else None,
            "problems": o.problems, "explanation": [] if o.ok else o.explanation(),
        })
    failed = len(report.failures)
    out = {"version": 1, "tool": {"name": "xacheck", "version": report.version},
           "passed": len(report.outcomes) - failed, "failed": failed, "cases": cases}
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
