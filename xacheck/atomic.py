"""Writing output files safely: never over an input, never half a file under the final name.

The text goes to a temporary file in the output's own directory and is renamed into place
(``os.replace`` is atomic within one file system), so an interrupted run leaves either the old
file or the complete new one. The temporary file is created private (0600, ``mkstemp``); before the
rename it gets the mode a plain ``open()`` would have given — ``0666`` less the umask, or the mode of the
file it replaces — so a report on a shared drive opens for the colleagues the umask lets in.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

from .errors import Location, UsageError


def refuse_overwrite(output: str | Path, inputs: Iterable[str | Path]) -> None:
    """Raise :class:`UsageError` when ``output`` is one of ``inputs`` (same path or same file)."""
    out = Path(output)
    for inp in inputs:
        if inp is None:
            continue
        same = out.resolve() == Path(inp).resolve()
        if not same and out.exists() and Path(inp).exists():
            same = os.path.samefile(out, inp)
        if same:
            raise UsageError(f"the output would overwrite the input {inp}; choose another file", Location(str(out)))


#: temporary files being written right now: removed by :func:`discard_temporaries` when a signal ends the
#: process (the command line's handler, cli/options.py), whatever the thread writing them is doing
_LIVE: set[str] = set()


#: files being made right now (between mkstemp and tracking), and what a signal asked for meanwhile
_MAKING = [0]
_DEFERRED: list = []


def temporary_beside(output: str | Path) -> tuple[int, str]:
    """``(fd, path)`` of a new hidden temporary file in ``output``'s folder, tracked until :func:`settled`.
    A signal arriving while it is made and not yet tracked waits (:func:`when_safe`) until it is tracked, so no
    signal can leave it behind."""
    out = Path(output)
    _MAKING[0] += 1
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=str(out.resolve().parent))
        _LIVE.add(tmp)
    finally:
        _MAKING[0] -= 1
    while _DEFERRED and not _MAKING[0]:
        _DEFERRED.pop(0)()
    return fd, tmp


def when_safe(action) -> None:
    """Run ``action`` (a signal's: remove the temporaries and end the process) now, or — while a temporary
    file is being made and not yet tracked — as soon as it is tracked."""
    if _MAKING[0]:
        _DEFERRED.append(action)
    else:
        action()


def settled(tmp: str) -> None:
    """The temporary file was renamed into place or removed: no longer tracked."""
    _LIVE.discard(tmp)


def discard_temporaries() -> None:
    """Remove every tracked temporary file (on a signal: nothing half-written is left behind)."""
    for tmp in list(_LIVE):
        try:
            os.unlink(tmp)
        except OSError:
            pass
        _LIVE.discard(tmp)


def current_umask() -> int:
    """The process umask, read without changing it where the system says it (Linux ``/proc``)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore at once (single-threaded CLI)
    os.umask(mask)
    return mask


def output_mode(path: str | Path) -> int:
    """The permission bits a new ``path`` should get: those of the file it replaces, else 0666 & ~umask."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return 0o666 & ~current_umask()


def publish(tmp: str | Path, output: str | Path) -> None:
    """Give ``tmp`` the mode ``output`` should have and rename it into place (atomically)."""
    os.chmod(tmp, output_mode(output))
    os.replace(tmp, output)


def write_atomic(output: str | Path, data: str | bytes, inputs: Iterable[str | Path] = ()) -> None:
    """Write ``data`` (text as UTF-8) to ``output`` via a temporary file and a rename."""
    refuse_overwrite(output, inputs)
    out = Path(output)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = temporary_beside(out)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        publish(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    finally:
        settled(tmp)


def append_line(path: str | Path, line: str, inputs: Iterable[str | Path] = ()) -> None:
    """Append one line to a log with a single ``write`` on an ``O_APPEND`` descriptor, so lines from several
    threads or processes never interleave (a decision log of ``xacheck serve --processes N``)."""
    refuse_overwrite(path, inputs)
    data = (line.rstrip("\n") + "\n").encode("utf-8")
    fd = os.open(str(path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        written = os.write(fd, data)
        while written < len(data):  # a regular file takes it whole; a short write would be finished, not lost
            written += os.write(fd, data[written:])
    finally:
        os.close(fd)
