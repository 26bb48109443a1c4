"""What the server is told at start — the only source of rule folders and limits (never a request)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServerConfig:
    rules: tuple[str | Path, ...] = ()
    shipped: bool = True
    #: decision log (JSON Lines); None: no log
    log_path: Path | None = None
    log_identities: bool = False
    #: largest request body (bytes), uploads excepted
    max_body: int = 1024 * 1024
    #: largest spreadsheet /batch accepts (bytes)
    max_upload: int = 20 * 1024 * 1024
    #: seconds a request may take before it is answered 503
    timeout: float = 30.0
    #: requests evaluated at once (threads); more wait their turn
    workers: int = 4
