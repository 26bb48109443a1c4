"""``xacheck check``: evaluate one profile and render the answer."""
from __future__ import annotations

from pathlib import Path

import click

from ..model import STATUSES
from .options import DATE, LANGS, _engine, handle_errors, log_options, rules_options, write_log


@click.command()
@click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as-of", type=DATE, help="Evaluate as of this day (default: today).")
@click.option("--lang", type=LANGS, default="zh", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--pack", "pack_ids", multiple=True, help="Only these packs (repeatable).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="Only results with these statuses (repeatable).")
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE",
              help="What-if: evaluate with FIELD=VALUE (key or Chinese label; repeatable; FIELD+=N adds, FIELD= clears).")
@rules_options
@log_options
@handle_errors
def check(profile: Path, as_of, lang, fmt, pack_ids, statuses, rules_dirs, no_shipped, sets=(), log_path=None,
          log_identities=False) -> None:
    """Evaluate one PROFILE (YAML or JSON) against every measure that concerns it."""
    eng = _engine(rules_dirs, no_shipped)
    answer = eng.check(profile, as_of, lang=lang, packs=pack_ids, statuses=statuses, sets=sets)
    write_log(log_path, "check", answer, log_identities, [profile])
    click.echo(answer.render(fmt, lang), nl=False)
