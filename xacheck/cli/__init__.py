"""The command line: parse options, call the library, hand the result to a renderer.

Exit codes: 0 success; 1 findings or failing tests (``validate``, ``test``); 2 bad input or usage,
with a message naming the file, line and field — never a bare traceback.

Layout (imports point one way): ``options`` (shared types, options, error handling; imports no command)
<- one module per command (``check``, ``measures``, ``plan``, ``report``, ``rules``, ``batch``, ``replay``,
``serve``, ``template``) <- ``app``
(the group) <- this module, which adds each command to the group. Each command module keeps heavy imports
inside its functions so ``xacheck check`` starts fast.
"""
from __future__ import annotations

from .app import main
from .batch import batch
from .check import check
from .measures import measures, schema
from .plan import diff_cmd, gaps_cmd
from .replay import replay
from .report import deadlines, init, report
from .rules import test_cmd, validate
from .serve import serve
from .template import template

for _cmd in (check, measures, schema, validate, test_cmd, deadlines, init, report, gaps_cmd, diff_cmd, batch,
             replay, serve, template):
    main.add_command(_cmd)

__all__ = ["main"]
