"""``xacheck serve``: the engine over HTTP (JSON API, ``/docs``, the self-check page at ``/``).

Needs the ``serve`` extra (FastAPI, uvicorn, python-multipart). Layout: :mod:`.config` (what the server
is told at start), :mod:`.messages` (every client-facing message, zh/en), :mod:`.app` (endpoints,
limits, errors), :mod:`.page` (the self-check page), :mod:`.docs_page` (the API docs page).
"""
from __future__ import annotations

from .app import create_app
from .config import ServerConfig

__all__ = ["ServerConfig", "create_app"]
