"""xacheck — check enterprise, project and region profiles against Xi'an S&T policy measures.

The flow is the layout: :mod:`~xacheck.packs` loads rule packs, :mod:`~xacheck.profiles` loads
profiles, :mod:`~xacheck.evaluate` evaluates (pure: no I/O, no clock), :mod:`~xacheck.render`
renders, :mod:`~xacheck.cli` is the command line.
"""
__version__ = "0.1.0"

from .engine import Engine  # noqa: E402  (the Python API: `from xacheck import Engine`)

__all__ = ["Engine", "__version__"]
