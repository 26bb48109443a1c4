"""``xacheck serve``: the HTTP API and the self-check web page (``pip install "xacheck[serve]"``)."""
from __future__ import annotations

from pathlib import Path

import click

from .options import guard_outputs, handle_errors, rules_options
from ..errors import Location, UsageError
from ..i18n import Msg


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 exposes the server to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@rules_options
@click.option("--log", "log_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Decision log: one JSON line per answer (name and credit code masked).")
@click.option("--log-identities", is_flag=True, help="Write name, id and credit code into the log unmasked.")
@click.option("--max-body", type=click.IntRange(min=1024), default=1024 * 1024, show_default=True,
              help="Largest request body in bytes (uploads excepted).")
@click.option("--max-upload", type=click.IntRange(min=1024), default=20 * 1024 * 1024, show_default=True,
              help="Largest spreadsheet /batch accepts, in bytes.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds a request may take before it is answered 503.")
@click.option("--workers", type=click.IntRange(min=1), default=4, show_default=True,
              help="Requests evaluated at once (more wait their turn).")
@click.option("--processes", type=click.IntRange(min=1), default=1, show_default=True,
              help="Server processes (one per core answers more requests at once; each loads the packs).")
@handle_errors
def serve(host, port, rules_dirs, no_shipped, log_path, log_identities, max_body, max_upload, timeout, workers,
          processes) -> None:
    """Serve the HTTP JSON API and the self-check page at http://HOST:PORT/ (API docs at /docs).

    Rule folders come from these options only, never from a request.

    \b
    xacheck serve                               # http://127.0.0.1:8000/
    xacheck serve --rules my-packs --port 9000 --log decisions.jsonl
    """
    guard_outputs({"--log": log_path}, rules=rules_dirs)
    try:
        import uvicorn

        from ..server import ServerConfig, create_app
    except ImportError as exc:
        raise UsageError(Msg("the server needs the serve extra ({name} is missing): pip install \"xacheck[serve]\"", name=exc.name), Location("serve")) from None
    cfg = ServerConfig(rules=tuple(rules_dirs), shipped=not no_shipped, log_path=log_path,
                       log_identities=log_identities, max_body=max_body, max_upload=max_upload, timeout=timeout,
                       workers=workers)
    app = create_app(cfg)  # loaded here first: a broken rule folder stops the server before it listens
    click.echo(f"xacheck serve: http://{host}:{port}/  (API docs: /docs; {len(app.state.engine.packs)} packs"
               + (f"; {processes} processes" if processes > 1 else "") + ")", err=True)
    common = dict(host=host, port=port, log_level="warning", access_log=False,
                  limit_concurrency=max(64, workers * 16), timeout_keep_alive=5)
    if processes == 1:
        uvicorn.run(app, **common)
        return
    import os

    from ..server.config import ENV

    os.environ[ENV] = cfg.to_json()
    uvicorn.run("xacheck.server.app:from_env", factory=True, workers=processes, **common)
