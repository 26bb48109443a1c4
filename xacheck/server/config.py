"""What the server is told at start — the only source of rule folders and limits (never a request)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

#: how ``xacheck serve --processes N`` hands the configuration to its worker processes
ENV = "XACHECK_SERVE_CONFIG"


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

    def to_json(self) -> str:
        d = asdict(self)
        d["rules"] = [str(r) for r in self.rules]
        d["log_path"] = str(self.log_path) if self.log_path else None
        return json.dumps(d)

    @classmethod
    def from_json(cls, text: str) -> "ServerConfig":
        d = json.loads(text)
        d["rules"] = tuple(d.get("rules") or ())
        d["log_path"] = Path(d["log_path"]) if d.get("log_path") else None
        return cls(**d)
