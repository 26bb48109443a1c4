"""``--format json``: the report as one JSON document (shape documented in the README)."""
from __future__ import annotations

import json

from .data import CheckReport, report_dict


def render(rep: CheckReport, lang: str) -> str:
    return json.dumps(report_dict(rep, lang), ensure_ascii=False, indent=2) + "\n"
