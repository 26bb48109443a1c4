"""The command line in one language: ``--lang`` (anywhere on the line), then ``XACHECK_LANG``, then the
locale decide it once per run, before click parses anything, so ``--help``, click's own messages
(``Usage:``, ``Missing argument``…), xacheck's errors and every label agree.

Help strings stay English in the decorators (they are the catalogue keys, like gettext msgids); each run
swaps in the chosen language's text from :data:`xacheck.i18n.ZH`. click's own strings go through
``gettext`` in each click module (``from gettext import gettext as _``); those names are pointed at
:data:`xacheck.i18n.CLICK_ZH`. Imports no command.
"""
from __future__ import annotations

import inspect
from typing import Sequence

import click

from ..i18n import CLICK_ZH, LANG_CODES, ZH, lang_from_env, set_ui_lang, ui_lang


def lang_from_args(args: Sequence[str]) -> str | None:
    """The value of the last ``--lang X`` / ``--lang=X`` on the command line (before a bare ``--``)."""
    found = None
    it = iter(range(len(args)))
    for i in it:
        a = args[i]
        if a == "--":
            break
        if a == "--lang" and i + 1 < len(args):
            found = args[i + 1]
        elif a.startswith("--lang="):
            found = a.split("=", 1)[1]
    return found if found in LANG_CODES else None


def choose_lang(args: Sequence[str]) -> str:
    """``--lang`` on the line, else ``XACHECK_LANG``, else the locale, else zh."""
    return lang_from_args(args) or lang_from_env()


def _help_key(text: str | None) -> str | None:
    return inspect.cleandoc(text) if text else text


def localize_tree(cmd: click.Command, lang: str) -> None:
    """Put every help text of ``cmd`` and its subcommands in ``lang`` (the English kept to switch back)."""
    for obj, attrs in [(cmd, ("help", "short_help", "epilog"))] + [(p, ("help",)) for p in cmd.params]:
        for attr in attrs:
            stash = f"_xa_{attr}"
            if not hasattr(obj, stash):
                setattr(obj, stash, _help_key(getattr(obj, attr, None)))
            orig = getattr(obj, stash)
            if orig:
                setattr(obj, attr, orig if lang == "en" else ZH.get(orig) or CLICK_ZH.get(orig, orig))
    if not hasattr(cmd, "_xa_options_metavar"):
        cmd._xa_options_metavar = cmd.options_metavar
    cmd.options_metavar = cmd._xa_options_metavar if lang == "en" else "[选项]"
    if isinstance(cmd, click.Group):
        if not hasattr(cmd, "_xa_subcommand_metavar"):
            cmd._xa_subcommand_metavar = cmd.subcommand_metavar
        cmd.subcommand_metavar = cmd._xa_subcommand_metavar if lang == "en" else "命令 [参数]..."
    if getattr(cmd, "_help_option", None) is not None:
        cmd._help_option = None  # click caches --help with its text in the language of the run that made it
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            localize_tree(sub, lang)


#: while a command's module is imported, click's strings stay English: what decorators build then (a
#: Path type's "directory", a --version help) is kept as the key the run's language is looked up by
_BUILDING = [False]


def _click_gettext(message: str) -> str:
    return message if ui_lang() == "en" or _BUILDING[0] else CLICK_ZH.get(message, message)


def import_command(module: str, attr: str) -> click.Command:
    """A command from its module, built with click's English strings (see :data:`_BUILDING`)."""
    import importlib

    _BUILDING[0] = True
    try:
        return getattr(importlib.import_module(f"xacheck.cli.{module}"), attr)
    finally:
        _BUILDING[0] = False


def _click_ngettext(singular: str, plural: str, n: int) -> str:
    return _click_gettext(singular if n == 1 else plural)


def install_click_gettext() -> None:
    """Route click's own messages through the catalogue (idempotent)."""
    import importlib

    for name in ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils"):
        mod = importlib.import_module(f"click.{name}")
        if hasattr(mod, "_"):
            mod._ = _click_gettext  # type: ignore[attr-defined]
        if hasattr(mod, "ngettext"):
            mod.ngettext = _click_ngettext  # type: ignore[attr-defined]


def start(root: click.Command, args: Sequence[str]) -> str:
    """Decide this run's language and put the command line in it; returns the language."""
    lang = choose_lang(args)
    set_ui_lang(lang)
    install_click_gettext()
    localize_tree(root, lang)
    return lang
