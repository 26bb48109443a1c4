"""Renderers: one module per output format, chosen by name.

Each renderer takes a :class:`CheckReport` and the language and returns text. Adding a format is
one new module and one line in :data:`RENDERERS`.
"""
from __future__ import annotations

from typing import Callable

from .data import CheckReport

RENDERERS: dict[str, str] = {
    "text": "xacheck.render.text",
    "json": "xacheck.render.json_out",
    "markdown": "xacheck.render.markdown",
    "html": "xacheck.render.html",
}


def get_renderer(name: str) -> Callable[[CheckReport, str], str]:
    import importlib

    return importlib.import_module(RENDERERS[name]).render  # type: ignore[no-any-return]


__all__ = ["CheckReport", "RENDERERS", "get_renderer"]
