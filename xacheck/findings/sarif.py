"""``--format sarif``: SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards."""
from __future__ import annotations

import json
from pathlib import Path

from .base import FindingsReport, rel
from .codes import CODES, severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render_findings(report: FindingsReport, color: bool = False) -> str:
    used = sorted({f.code for f in report.findings})
    rules = [{"id": code, "name": code,
              "shortDescription": {"text": CODES.get(code, code)},
              "defaultConfiguration": {"level": severity(code)},
              "helpUri": "https://xacheck.invalid/docs/validate.md#finding-codes"} for code in used]
    index = {code: i for i, code in enumerate(used)}
    results = []
    for f in report.findings:
        loc = f.location
        physical: dict = {"artifactLocation": {"uri": rel(loc.path), "uriBaseId": "%SRCROOT%"}}
        if loc.line:
            region = {"startLine": loc.line}
            if loc.column:
                region["startColumn"] = loc.column
            physical["region"] = region
        results.append({"ruleId": f.code, "ruleIndex": index[f.code],
                        "level": "error" if f.severity == "error" else "warning",
                        "message": {"text": f.message}, "locations": [{"physicalLocation": physical}]})
    run = {
        "tool": {"driver": {"name": "xacheck", "version": report.version,
                            "informationUri": "https://xacheck.invalid/", "rules": rules}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
        "results": results,
    }
    if report.as_of:
        run["properties"] = {"as_of": report.as_of.isoformat(), "strict": report.strict}
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2) + "\n"
