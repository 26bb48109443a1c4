"""The ``xacheck`` command group; the commands live one module each and are added in ``__init__``.

Exit codes: 0 success; 1 findings or failing tests (``validate``, ``test``); 2 bad input or usage,
with a message naming the file, line and field — never a bare traceback.
"""
from __future__ import annotations

import click

from .. import __version__
from .options import _terminate_cleanly


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xacheck")
def main() -> None:
    """xacheck — check an enterprise, project or region against Xi'an S&T policy measures.

    \b
    xacheck check samples/enterprise-optics.yaml          # what applies, gaps, deadlines
    xacheck check profile.yaml --lang en --format json    # English, machine-readable
    xacheck measures list                                  # browse the encoded measures
    xacheck validate measures/ && xacheck test             # check rule files
    """
    restore = _terminate_cleanly()
    click.get_current_context().call_on_close(restore)
