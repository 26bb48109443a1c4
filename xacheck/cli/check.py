"""``xacheck check``: evaluate one profile and render the answer."""
from __future__ import annotations

from pathlib import Path

import click

from ..model import STATUSES
from .options import DATE, lang_option, _check_pack_ids, _load, _today, handle_errors, renew_lead_option, rules_options


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
@handle_errors
def check(profile: Path, as_of, lang, fmt, pack_ids, statuses, rules_dirs, no_shipped, sets=(), show_all=False,
          quotes=False, renew_lead=None) -> None:
    """Evaluate one PROFILE (YAML or JSON) against every measure that concerns it.

    The first view leads with what to act on: what the profile can claim now, the nearest opportunities
    (each plan checked by evaluating the rule again), what lapses or must be renewed soon, then one line
    counting the rest. --all lists every item with its clause.
    """
    from ..evaluate import evaluate_profile
    from ..profiles import load_profile
    from ..render import CheckReport, get_renderer

    as_of = as_of or _today()
    packs, reg = _load(rules_dirs, no_shipped)
    _check_pack_ids(packs, pack_ids)
    prof = load_profile(str(profile), reg)
    if sets:
        from ..whatif import with_sets

        prof = with_sets(prof, sets, reg)
    results = evaluate_profile(packs, prof, as_of, reg, pack_ids or None)
    if statuses:
        results = [r for r in results if r.status in statuses]
    report = CheckReport(prof, as_of, results, reg, {p.id: p for p in packs}, view="all" if show_all or statuses else "brief",
                         quotes=quotes, renew_lead=renew_lead)
    click.echo(get_renderer(fmt)(report, lang), nl=False)
