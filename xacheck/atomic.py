"""Writing output files safely: never over an input, never half a file under the final name.

The text goes to a temporary file in the output's own directory and is renamed into place
(``os.replace`` is atomic within one file system), so an interrupted run leaves either the old
file or the complete new one. The temporary file is created private (0600, ``mkstemp``); before the
rename it gets the mode a plain ``open()`` would have given — ``0666`` less the umask, or the mode of the
file it replaces — so a report on a shared drive opens for the colleagues the umask lets in.
"""
from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from .errors import Location, OutputError, UsageError, XacheckError
from .i18n import Msg


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two names are one file: the same path once links are resolved, or the same ``(st_dev, st_ino)``
    (a hard link, a link through another folder)."""
    from .userfiles import identity

    if os.path.realpath(a) == os.path.realpath(b):
        return True
    ida = identity(a)
    return ida is not None and ida == identity(b)


def refuse_overwrite(output: str | Path, inputs: Iterable[str | Path | None]) -> None:
    """Raise :class:`UsageError` when ``output`` is one of ``inputs`` (same path or same file)."""
    for inp in inputs:
        if inp is not None and same_file(output, inp):
            raise UsageError(Msg("the output would overwrite the input {input}; choose another file", input=str(inp)),
                             Location(str(output)))


def refuse_same_outputs(outputs: dict[str, str | Path | None]) -> None:
    """Raise :class:`UsageError` when two outputs (``{option: path}``) are one file: the second would replace
    the first."""
    given = [(k, v) for k, v in outputs.items() if v is not None]
    for i, (ka, a) in enumerate(given):
        for kb, b in given[i + 1:]:
            if same_file(a, b):
                raise UsageError(Msg("{first} and {second} name the same file; choose two files", first=ka, second=kb),
                                 Location(str(b)))


def refuse_special(output: str | Path) -> None:
    """An output that exists must be a regular file: a device (``-o /dev/null``), a FIFO or a folder is refused,
    never replaced by a file (as root, the rename would replace ``/dev/null`` itself) nor opened (a FIFO would
    wait for a reader)."""
    import stat

    from .userfiles import file_kind

    try:
        mode = os.stat(output).st_mode
    except (OSError, ValueError):
        return
    if not stat.S_ISREG(mode):
        raise OutputError(Msg("cannot write the file: {reason}; nothing was written",
                              reason=Msg("not a regular file ({kind}); name a file", kind=file_kind(mode))),
                          Location(str(output)))


def write_reason(exc: OSError) -> Msg | str:
    """Why an output could not be written, in words (the catalogue's), else the system's own."""
    said = {errno.ENOSPC: Msg("the disk is full"), errno.EROFS: Msg("the file system is read-only"),
            errno.EACCES: Msg("no permission to write there"), errno.EPERM: Msg("no permission to write there"),
            errno.ENOENT: Msg("the folder does not exist"), errno.ENOTDIR: Msg("the folder does not exist"),
            errno.EISDIR: Msg("it is a folder"), errno.EFBIG: Msg("the file is too large for the file system")}
    if getattr(errno, "EDQUOT", None) is not None:
        said[errno.EDQUOT] = Msg("the disk quota is used up")
    if exc.errno in said:
        return said[exc.errno]
    text = str(exc)
    if "os error 28" in text or "No space left" in text:  # (Polars and pyarrow say it in words, with no errno)
        return said[errno.ENOSPC]
    return exc.strerror or text


def os_cause(exc: BaseException, chained: bool = True) -> OSError | None:
    """The OSError behind ``exc``: itself, the one a library wrapped (xlsxwriter's FileCreateError holds it as its
    argument), the one it was raised from, and — ``chained`` — the one being handled when it was raised (a zip
    closed after a failed write)."""
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, OSError):
            return exc
        arg = exc.args[0] if getattr(exc, "args", None) else None
        if isinstance(arg, OSError):
            return arg
        exc, seen = exc.__cause__ or (exc.__context__ if chained else None), seen + 1
    return None


@contextmanager
def writing(output: str | Path) -> Iterator[None]:
    """Turn the system's refusal to write ``output`` — a full disk, a read-only or missing folder, no
    permission — into a plain :class:`OutputError` naming the file (exit 2), never an internal error."""
    try:
        yield
    except (XacheckError, BrokenPipeError):  # (already said: a usage error, an OutputError of an inner step)
        raise
    except Exception as exc:  # noqa: BLE001 - only an OSError (or one a library wrapped) is turned
        cause = os_cause(exc)
        if cause is None:
            raise
        raise OutputError(Msg("cannot write the file: {reason}; nothing was written", reason=write_reason(cause)),
                          Location(str(output))) from None


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
    refuse_special(out)
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
    """Write ``data`` (text as UTF-8) to ``output`` via a temporary file and a rename. A full disk or a folder
    that cannot be written is an :class:`OutputError` naming ``output``; nothing is left behind."""
    refuse_overwrite(output, inputs)
    out = Path(output)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with writing(out):
        fd, tmp = temporary_beside(out)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(raw)
                fh.flush()
                os.fsync(fh.fileno())
            publish(tmp, out)
        except BaseException:
            discard(tmp)
            raise
        finally:
            settled(tmp)


def discard(tmp: str | Path) -> None:
    """Remove a temporary file, if it is there (a failure to remove it does not hide the error that led here)."""
    try:
        os.unlink(tmp)
    except OSError:
        pass


def append_line(path: str | Path, line: str, inputs: Iterable[str | Path] = ()) -> None:
    """Append one line to a log with a single ``write`` on an ``O_APPEND`` descriptor, so lines from several
    threads or processes never interleave (a decision log of ``xacheck serve --processes N``)."""
    refuse_overwrite(path, inputs)
    refuse_special(path)
    data = (line.rstrip("\n") + "\n").encode("utf-8")
    with writing(path):
        fd = os.open(str(path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            written = os.write(fd, data)
            while written < len(data):  # a regular file takes it whole; a short write would be finished, not lost
                written += os.write(fd, data[written:])
        finally:
            os.close(fd)
