"""The ``xacheck`` command group; the commands live one module each and are added in ``__init__``.

Exit codes: 0 success; 1 findings or failing tests (``validate``, ``test``); 2 bad input or usage,
with a message naming the file, line and field — never a bare traceback.
"""
from __future__ import annotations

import click

from .. import __version__
from .options import LANG_HELP, LANGS, _terminate_cleanly


def _version(ctx: click.Context, _param, value: bool) -> None:
    """``--version``: the program and the packs it carries, each with its data date — the day it was last
    checked against its source (``xacheck/sources/sources.yaml``): a policy published later is not in it."""
    if not value or ctx.resilient_parsing:
        return
    from ..packs import load_packs
    from ..source_docs import manifest

    docs = manifest()
    lines = [f"xacheck {__version__}", "rule packs: id, version, data date (the day each was last checked against its "
             "source), rules, in force, title"]
    for pack in load_packs():
        doc = docs.get(pack.document.file)
        start, end = pack.valid_from, pack.valid_until
        window = f"{start} – {end}" if start and end else f"until {end}" if end else f"from {start}" if start \
            else "no end date"
        record = ", kept for the record" if pack.kept_for_record else ""
        day = str(doc.checked) if doc and doc.checked else "unknown"
        n = len({r.id for r in pack.rules})
        lines.append(f"  {pack.id:<23} {pack.version or '-':<7} data {day:<10}  {n:>3} {'rule' if n == 1 else 'rules':<5}  "
                     f"{window}{record}  {pack.title.zh}")
    click.echo("\n".join(lines))
    ctx.exit()


class LocalizedGroup(click.Group):
    """The root group: decides the run's language before parsing (see :mod:`xacheck.cli.localize`), and
    imports a command's module only when that command is asked for (``lazy_commands``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy_commands: dict[str, str] = {}

    def list_commands(self, ctx):
        return sorted(set(self.commands) | set(self.lazy_commands))

    def get_command(self, ctx, name):
        if name not in self.commands and name in self.lazy_commands:
            from ..i18n import ui_lang
            from .localize import import_command, localize_tree

            cmd = import_command(*self.lazy_commands[name].split(":"))
            self.add_command(cmd, name)
            localize_tree(cmd, ui_lang())
        return super().get_command(ctx, name)

    def all_commands(self) -> dict:
        """Every command, imported (help listings, tests)."""
        return {name: self.get_command(None, name) for name in self.list_commands(None)}

    def main(self, args=None, *rest, **kwargs):
        import sys

        from .localize import start

        from ..terminal import guard_streams

        argv = list(sys.argv[1:] if args is None else args)
        start(self, argv)
        # (no control character from the data reaches the terminal raw; no character the stream's encoding
        # lacks ends the run: xacheck.terminal)
        restore = guard_streams()
        try:
            return super().main(argv, *rest, **kwargs)
        finally:
            restore()


@click.group(cls=LocalizedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="Show the version and the rule packs with their data date, and exit.")
@click.option("--lang", type=LANGS, expose_value=False, help=LANG_HELP)
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
