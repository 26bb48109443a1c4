"""Parsed rule packs and field files, cached by the files' content hash, so ``xacheck check`` does not
parse the same YAML on every run (0.4 s of a 0.75 s run before the cache).

What is cached is exactly what :func:`xacheck.yamlsafe.load_yaml` returns — the data (decimals, dates),
the position of every key and the duplicate keys — written as JSON, a format that cannot run code when
read (never pickle). Everything built from it (schema checks, conditions parsed by the whitelist parser)
is built again on every run, so a cache entry gives no more power than the YAML file it stands for.

A cache is untrusted input too. An entry is used only if:

* it sits in a directory owned by this user and writable by no one else (created 0700), and is itself a
  regular file (not a symlink) owned by this user, writable by no one else, of bounded size;
* it parses as JSON of the expected shape and names the content hash it was looked up by.

Anything else is a miss: the file is parsed as if there were no cache, and the entry rewritten
(atomically). The key covers the file's bytes, the xacheck version and :data:`FORMAT`, so an edited
pack or a new xacheck never meets a stale entry.

Where: ``$XACHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/xacheck``, else ``~/.cache/xacheck``.
``XACHECK_NO_CACHE=1`` turns it off.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import stat
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import Location
from .yamlsafe import MAX_YAML_BYTES, YamlDocument, load_yaml, read_yaml_file

#: bump when what is stored (or load_yaml's result) changes shape
FORMAT = 2
#: an entry larger than this is not read
MAX_ENTRY_BYTES = 16 * MAX_YAML_BYTES
_TAG = "\u0000"  # prefix of the one key of a tagged value; a YAML key starting with it is stored as pairs


class _NotCacheable(Exception):
    """A value with no JSON form here: that file is simply not cached."""


def cache_dir() -> Path | None:
    """The cache directory for this user, or None when caching is off."""
    if os.environ.get("XACHECK_NO_CACHE", "").strip() not in ("", "0"):
        return None
    base = os.environ.get("XACHECK_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    root = Path(xdg) if xdg else Path.home() / ".cache"
    return root / "xacheck"


def _key(text: str) -> str:
    from . import __version__

    h = hashlib.sha256()
    h.update(f"xacheck-yaml/{FORMAT}/{__version__}/{MAX_YAML_BYTES}\n".encode())
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


# --------------------------------------------------------------------------- encoding

def _enc(v: Any) -> Any:
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, Decimal):
        return {_TAG + "d": str(v)}
    if isinstance(v, float):
        return {_TAG + "f": repr(v)}
    if isinstance(v, _dt.datetime):
        return {_TAG + "T": v.isoformat()}
    if isinstance(v, _dt.date):
        return {_TAG + "t": v.isoformat()}
    if isinstance(v, list):
        return [_enc(x) for x in v]
    if isinstance(v, dict):
        if all(isinstance(k, str) and not k.startswith(_TAG) for k in v):
            return {k: _enc(x) for k, x in v.items()}
        return {_TAG + "m": [[_enc(k), _enc(x)] for k, x in v.items()]}
    raise _NotCacheable(type(v).__name__)


def _hashable(v: Any) -> Any:
    if isinstance(v, list):  # a YAML key can be a sequence; PyYAML refuses those, so this does not occur
        raise ValueError("unhashable key")
    return v


def _dec(d: dict) -> Any:
    if len(d) == 1:
        (k, v), = d.items()
        if k.startswith(_TAG):
            tag = k[1:]
            if tag == "d" and isinstance(v, str):
                return Decimal(v)
            if tag == "f" and v in ("inf", "-inf", "nan"):
                return float(v)
            if tag == "t" and isinstance(v, str):
                return _dt.date.fromisoformat(v)
            if tag == "T" and isinstance(v, str):
                return _dt.datetime.fromisoformat(v)
            if tag == "m" and isinstance(v, list):
                return {_hashable(pair[0]): pair[1] for pair in v}
            raise ValueError(f"bad tag {tag!r}")
    return d


_SEP, _INT = "\x1f", "\x1e"


def _flat_key(path: tuple) -> str:
    """A data path as one string: mapping keys as they are, list indexes marked."""
    return _SEP.join(_INT + str(x) if isinstance(x, int) else str(x) for x in path)


def _unflat(key: str) -> tuple:
    return tuple(int(x[1:]) if x.startswith(_INT) else x for x in key.split(_SEP)) if key else ()


class _CachedDocument(YamlDocument):
    """A document from the cache: positions kept flat until something asks for all of them."""

    flat: dict | None = None

    @property  # type: ignore[override]
    def positions(self) -> dict:
        if self.flat is not None:
            self._positions = {_unflat(k): tuple(v) for k, v in self.flat.items()}
            self.flat = None
        return self._positions

    @positions.setter
    def positions(self, value: dict) -> None:
        self._positions = value

    def where(self, path: tuple):
        if self.flat is None:
            return super().where(path)
        parts = [_INT + str(x) if isinstance(x, int) else str(x) for x in path]
        for n in range(len(parts), -1, -1):  # the closest known position, as YamlDocument.where has it
            hit = self.flat.get(_SEP.join(parts[:n]))
            if hit is not None:
                return Location(self.path, hit[0], hit[1])
        return Location(self.path, None, None)


# --------------------------------------------------------------------------- reading and writing entries

def _safe_dir(d: Path, create: bool) -> bool:
    """The directory exists (or was made, 0700), belongs to this user and no one else can write to it."""
    try:
        if create:
            d.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(d)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read_entry(d: Path, key: str, path: str) -> YamlDocument | None:
    if not _safe_dir(d, create=False):
        return None
    try:
        fd = os.open(d / f"{key}.json", os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if (not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY_BYTES
                or (hasattr(os, "getuid") and st.st_uid != os.getuid())
                or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
            return None
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            raw = fh.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)
    try:
        obj = json.loads(raw, object_hook=_dec)
        if not isinstance(obj, dict) or obj.get("format") != FORMAT or obj.get("key") != key:
            return None
        flat = obj["positions"]
        if not isinstance(flat, dict):
            return None
        # positions only place messages (a wrong one misplaces a message, nothing more): looked up as
        # needed, by the path joined into one string, instead of 13,000 tuples built on every run
        doc = _CachedDocument(obj["data"], path)
        doc.flat = flat
        doc.duplicates = [(tuple(p), line, col) for p, line, col in obj["duplicates"]]
        return doc
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


def _write_entry(d: Path, key: str, doc: YamlDocument) -> None:
    try:
        payload = json.dumps({
            "format": FORMAT, "key": key, "data": _enc(doc.data),
            "positions": {_flat_key(p): [line, col] for p, (line, col) in doc.positions.items()},
            "duplicates": [[list(p), line, col] for p, line, col in doc.duplicates],
        }, ensure_ascii=False, separators=(",", ":"))
    except (_NotCacheable, ValueError, RecursionError):
        return
    if not _safe_dir(d, create=True):
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=".entry.", suffix=".tmp", dir=d)  # 0600
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(payload)
        os.replace(tmp, d / f"{key}.json")
    except OSError:
        try:
            os.unlink(tmp)  # type: ignore[possibly-undefined]
        except (OSError, NameError):
            pass


# --------------------------------------------------------------------------- the loaders

def load_yaml_text_cached(text: str, path: str, sha256: str | None = None) -> YamlDocument:
    """:func:`load_yaml` of ``text``, from the cache when an entry for exactly this text is there.
    ``sha256`` names the content (the file's bytes); default: of the UTF-8 text, as ``load_yaml`` has it."""
    sha = sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    d = cache_dir()
    if d is None:
        doc = load_yaml(text, path)
    else:
        key = _key(text)
        doc = _read_entry(d, key, path)
        if doc is None:
            doc = load_yaml(text, path)  # errors are raised as usual (and nothing is cached)
            _write_entry(d, key, doc)
    doc.sha256 = sha
    return doc


def load_yaml_file_cached(path: str) -> YamlDocument:
    """:func:`xacheck.yamlsafe.load_yaml_file`, through the cache (the same ``sha256``: of the bytes)."""
    raw, text = read_yaml_file(path)
    return load_yaml_text_cached(text, path, hashlib.sha256(raw).hexdigest())
