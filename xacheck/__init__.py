"""xacheck — check enterprise, project and region profiles against Xi'an S&T policy measures.

The flow is the layout: :mod:`~xacheck.packs` loads rule packs, :mod:`~xacheck.profiles` loads
profiles, :mod:`~xacheck.evaluate` evaluates (pure: no I/O, no clock), :mod:`~xacheck.render`
renders, :mod:`~xacheck.engine` is the Python API (``from xacheck import Engine``), :mod:`~xacheck.cli` the command
line and :mod:`~xacheck.server` the HTTP server over it.
"""
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # type checkers see the class; at run time it is imported on first use (below)
    from .engine import Engine

__all__ = ["Engine", "__version__"]


def __getattr__(name: str):
    """``from xacheck import Engine`` (the Python API, :mod:`xacheck.engine`), imported on first use so that
    ``xacheck --version`` and the commands load only what they need."""
    if name == "Engine":
        from .engine import Engine

        return Engine
    raise AttributeError(f"module 'xacheck' has no attribute {name!r}")
