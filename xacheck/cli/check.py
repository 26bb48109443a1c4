"""``xacheck check``: evaluate one profile and render the answer."""
from __future__ import annotations

from pathlib import Path

import click

from ..model import STATUSES
from .options import (DATE, _engine, guard_outputs, handle_errors, lang_option, log_options, renew_lead_option,
                      rules_options, write_log)


@click.command()
@click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as-of", type=DATE, help="Evaluate as of this day (default: today).")
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--pack", "pack_ids", multiple=True, help="Only these packs (repeatable).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="Only results with these statuses (repeatable).")
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE",
              help="What-if: evaluate with FIELD=VALUE (key or Chinese label; repeatable; FIELD+=N adds, FIELD= clears).")
@click.option("--all", "--audit", "show_all", is_flag=True,
              help="The audit list: every item with its quoted clause, rule id and field keys, expired included.")
@click.option("--quotes", is_flag=True, help="Quote the clause under each item of the first view.")
@renew_lead_option
@rules_options
@log_options
@handle_errors
def check(profile: Path, as_of, lang, fmt, pack_ids, statuses, rules_dirs, no_shipped, sets=(), show_all=False,
          quotes=False, renew_lead=None, log_path=None, log_identities=False) -> None:
    """Evaluate one PROFILE (YAML or JSON) against every measure that concerns it.

    The first view leads with what to act on: what the profile can claim now, the nearest opportunities
    (each plan checked by evaluating the rule again), what lapses or must be renewed soon, then one line
    counting the rest. --all lists every item with its clause.
    """
    guard_outputs({"--log": log_path}, [profile], rules_dirs)
    eng = _engine(rules_dirs, no_shipped)
    answer = eng.check(profile, as_of, lang=lang, packs=pack_ids, statuses=statuses, sets=sets)
    answer.view = "all" if show_all or statuses else "brief"
    answer.quotes, answer.renew_lead = quotes, renew_lead
    write_log(log_path, "check", answer, log_identities, [profile])
    click.echo(answer.render(fmt, lang), nl=False)
