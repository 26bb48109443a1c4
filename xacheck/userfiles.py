"""Opening the files a user names: regular files only, read within a bound, never through a link out of the
folder that was named.

Every file xacheck reads because a user named it — a profile, a rule pack (``--rules FILE`` or the
``*.yaml`` of ``--rules DIR`` and of ``DIR/fields/``), a source document of ``--sources DIR``, a ``--map``
file, a batch input, a decision log — is opened here, one way:

* **resolved**: a link is followed to the file it names; where a *folder* was named (``--rules DIR``,
  ``--sources DIR``), a link that leads out of it is refused, so a pack folder or a folder of source texts
  from someone else cannot make xacheck read (and quote, in a finding) ``~/.ssh/id_rsa``;
* **opened without waiting** (``O_NONBLOCK``): a named pipe (FIFO) opens at once instead of waiting for a
  writer; then the *opened* descriptor is examined (``fstat``), and anything but a regular file — a FIFO,
  ``/dev/zero``, a socket, a folder — is refused with a plain message, never read;
* **bounded**: a file larger than the caller's limit is refused before it is read, and the read itself stops
  one byte past the limit (a file growing meanwhile is refused too).

Readers that take a *path* (pyarrow, fastexcel, Parquet) get it after :func:`check_file` has said it is a
regular file. Errors are :class:`~xacheck.errors.UnreadableFile` naming the file; callers that have a code of
their own (a YAML file's XA001) say it with theirs.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Iterable

from .errors import Location, UnreadableFile
from .i18n import Msg

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0) \
    | getattr(os, "O_BINARY", 0)


def os_reason(exc: OSError) -> Msg | str:
    """Why the system would not open a file, in words (the catalogue's), else the system's own."""
    said = {errno.ENOENT: Msg("no such file"), errno.EACCES: Msg("permission denied"), errno.EPERM: Msg("permission denied"),
            errno.EISDIR: Msg("it is a folder"), errno.ENXIO: Msg("not a regular file ({kind}); name a file",
                                                                  kind=Msg("a socket or a device")),
            errno.ELOOP: Msg("a link that leads to itself"), errno.ENOTDIR: Msg("no such file")}
    return said.get(exc.errno, exc.strerror or str(exc))


def file_kind(mode: int) -> Msg:
    """What a file that is not a regular one is, in words (a folder, a FIFO, a device …)."""
    if stat.S_ISDIR(mode):
        return Msg("a folder")
    if stat.S_ISFIFO(mode):
        return Msg("a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Msg("a device")
    if stat.S_ISSOCK(mode):
        return Msg("a socket or a device")
    return Msg("a special file")


def refused(path: str | Path, reason: Msg | str) -> UnreadableFile:
    return UnreadableFile(Msg("cannot read file: {reason}", reason=reason), Location(str(path)), reason=reason)


def inside(path: str | Path, folder: str | Path) -> str:
    """``path`` resolved (links followed); refused when that leaves ``folder`` (itself resolved: a folder
    named through a link is the folder it names)."""
    real = os.path.realpath(path)
    root = os.path.realpath(folder)
    try:
        out = os.path.commonpath([real, root]) != root
    except ValueError:  # (another drive)
        out = True
    if out:
        raise refused(path, Msg("a link that leads out of the folder {folder}; only files inside it are read",
                                folder=str(folder)))
    return real


def open_file(path: str | Path, within: str | Path | None = None) -> tuple[int, os.stat_result]:
    """``(fd, stat)`` of ``path`` opened for reading: a regular file (else refused, nothing read), inside
    ``within`` when given. The caller closes the descriptor."""
    target = inside(path, within) if within is not None else str(path)
    try:
        fd = os.open(target, _FLAGS)
    except OSError as exc:
        raise refused(path, os_reason(exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise refused(path, Msg("not a regular file ({kind}); name a file", kind=file_kind(st.st_mode)))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # (a regular file never blocks; plain reads from here on)
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def check_file(path: str | Path, within: str | Path | None = None) -> os.stat_result:
    """Refuse ``path`` unless it is a regular file (inside ``within``); for readers that take a path."""
    fd, st = open_file(path, within)
    os.close(fd)
    return st


def read_file(path: str | Path, limit: int | None, within: str | Path | None = None) -> bytes:
    """The bytes of a regular file, refused beyond ``limit`` bytes (None: no limit)."""
    fd, st = open_file(path, within)
    with os.fdopen(fd, "rb") as fh:
        if limit is not None and st.st_size > limit:
            raise too_large(path, st.st_size, limit)
        try:
            data = fh.read() if limit is None else fh.read(limit + 1)
        except OSError as exc:
            raise refused(path, os_reason(exc)) from None
    if limit is not None and len(data) > limit:
        raise too_large(path, len(data), limit)
    return data


def too_large(path: str | Path, size: int, limit: int) -> UnreadableFile:
    reason = Msg("file is {size} bytes; the limit is {limit}", size=size, limit=limit)
    return UnreadableFile(reason, Location(str(path)), reason=reason)


def files_in(folder: str | Path, suffixes: Iterable[str] | None = None, within: str | Path | None = None,
             hidden: bool = False) -> list[Path]:
    """The entries of ``folder`` (sorted by name) whose name ends with one of ``suffixes`` (None: every
    entry), sub-folders left out; an entry that is a link leading out of ``within`` (default: ``folder``)
    is refused. What is not a regular file (a FIFO named ``x.yaml``) is listed: reading it refuses it, by
    name. Dotfiles are left out unless ``hidden``."""
    folder = Path(folder)
    ends = tuple(suffixes) if suffixes is not None else None
    out = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if (ends is not None and not entry.name.endswith(ends)) or (entry.name.startswith(".") and not hidden):
            continue
        inside(entry, within if within is not None else folder)  # (a link, or a folder named through one)
        if entry.is_dir():
            continue
        out.append(entry)
    return out


def identity(path: str | Path) -> tuple[int, int] | None:
    """``(st_dev, st_ino)`` of the file ``path`` names (links followed), or None when there is none: two
    names with the same identity are the same file (a link, a hard link)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


__all__ = ["check_file", "file_kind", "files_in", "identity", "inside", "open_file", "os_reason", "read_file", "refused",
           "too_large"]
