"""The command line: parse options, call the library, hand the result to a renderer.

Exit codes: 0 success; 1 findings or failing tests (``validate``, ``test``); 2 bad input or usage,
with a message naming the file, line and field — never a bare traceback.

Layout (imports point one way): ``options`` (shared types, options, error handling; imports no command)
<- one module per command (``check``, ``measures``, ``plan``, ``report``, ``rules``, ``batch``, ``replay``,
``serve``, ``template``) <- ``app`` (the group) <- this module, which names each command's module. A
command's module is imported only when that command runs (or help lists them all), and keeps heavy
imports inside its functions, so ``xacheck check`` starts fast.
"""
from __future__ import annotations

from .app import main

#: command name -> "module:attribute" under xacheck.cli, imported on first use
COMMANDS = {
    "check": "check:check", "measures": "measures:measures", "schema": "measures:schema",
    "validate": "rules:validate", "test": "rules:test_cmd", "deadlines": "report:deadlines", "init": "report:init",
    "report": "report:report", "gaps": "plan:gaps_cmd", "diff": "plan:diff_cmd", "batch": "batch:batch",
    "replay": "replay:replay", "serve": "serve:serve", "template": "template:template",
}
main.lazy_commands.update(COMMANDS)

__all__ = ["main"]
