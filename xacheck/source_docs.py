"""The source documents the shipped packs cite, shipped in the package (``xacheck/sources/``).

They make the build independent of anything beside the repository: ``xacheck validate`` looks every quote
up in them with no flag (``--sources DIR`` adds folders for packs of your own), and ``xacheck --version``
gives each pack's data date from ``sources.yaml`` — the day the packs were last checked against the
document, so a reader knows that a policy published later is not in them.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

MANIFEST = "sources.yaml"


def shipped_sources_dir() -> Path:
    return Path(str(resources.files("xacheck") / "sources"))


@dataclass(frozen=True)
class SourceDoc:
    file: str
    title: str
    origin: str
    published: _dt.date | None
    checked: _dt.date | None
    sha256: str


def manifest() -> dict[str, SourceDoc]:
    """``sources.yaml``: file name -> what it is, where it comes from, when it was checked, its hash."""
    from .yamlsafe import load_yaml_file

    data = load_yaml_file(str(shipped_sources_dir() / MANIFEST)).data or {}
    return {name: SourceDoc(name, str(d.get("title") or ""), str(d.get("origin") or ""), _day(d.get("published")),
                            _day(d.get("checked")), str(d.get("sha256") or ""))
            for name, d in data.items()}


def _day(value) -> _dt.date | None:
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value)) if value else None


__all__ = ["MANIFEST", "SourceDoc", "manifest", "shipped_sources_dir"]
