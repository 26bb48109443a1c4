"""Reading untrusted YAML: safe loader only, exact decimals, positions and duplicate keys kept.

PyYAML silently keeps the last of two duplicate keys; in a hand-edited rule file that is almost
always a lost edit, so every duplicate is recorded with its line. Floats become ``Decimal`` built
from the text as written (``4317.81`` stays exactly 4317.81), because thresholds are decided in
decimal arithmetic, never binary floating point.
"""
from __future__ import annotations

import hashlib

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from .errors import Location, YamlSyntaxError
from .i18n import Msg

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Inputs larger than this are refused before parsing (bytes).
MAX_YAML_BYTES = 8 * 1024 * 1024
#: Deepest nesting of mappings/sequences accepted.
MAX_DEPTH = 64
#: Nodes in one document (aliases count each time they are used).
MAX_NODES = 500_000
#: Keys in one mapping: a profile has a hundred fields, a pack a dozen keys; a generated file of 400,000
#: unknown keys is refused here, before it is built and checked key by key (issue 15 #7)
MAX_KEYS = 10_000


class _DecimalSafeLoader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader whose floats are ``Decimal``; nothing else differs from ``yaml.SafeLoader``."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node)).replace("_", "").strip()
    low = text.lower()
    if low in (".inf", "+.inf", "-.inf", ".nan"):
        return float(low.replace(".inf", "inf").replace(".nan", "nan"))
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the resolver only sends float-looking text
        return loader.construct_yaml_float(node)


_DecimalSafeLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _marked(construct):
    """Turn a constructor's ValueError (2026-13-01, a 10,000-digit integer) into an error with its line."""

    def wrapper(loader, node):
        try:
            return construct(loader, node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(None, None, _CannotRead(node.value[:40], str(exc)),
                                                    node.start_mark) from None

    return wrapper


_DecimalSafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _marked(yaml.SafeLoader.construct_yaml_timestamp))
_DecimalSafeLoader.add_constructor("tag:yaml.org,2002:int", _marked(yaml.SafeLoader.construct_yaml_int))


class _CannotRead(str):
    """A scalar PyYAML's constructors refuse (2026-13-01, a 10,000-digit integer): said in words, not
    in Python's ("month must be in 1..12")."""

    def __new__(cls, value: str, detail: str):
        self = super().__new__(cls, f"cannot read {value!r}: {detail}")
        self.value = value
        return self

    def message(self) -> Msg:
        return Msg("cannot read {value!r}: not a valid date or number", value=self.value)


#: PyYAML's problems, as a person fixing a hand-written file reads them
_PROBLEMS = {
    "mapping values are not allowed": Msg("a ':' where a value was expected (a value containing ': ' must be quoted)"),
    "could not find expected ':'": Msg("a key without ':' after it"),
    "found character '\\t' that cannot start any token": Msg("a tab character: indent with spaces"),
    "did not find expected key": Msg("the indentation does not line up"),
    "found unexpected end of stream": Msg("the file ends inside a quote or a bracket"),
    "did not find expected node content": Msg("a value is missing"),
    "found undefined alias": Msg("an alias (*name) with no anchor (&name)"),
    "expected <block end>, but found": Msg("the indentation does not line up"),
    "found duplicate anchor": Msg("the same anchor (&name) twice"),
}


def _yaml_problem(exc) -> Msg | str:
    problem = str(exc.problem or "")
    for key, said in _PROBLEMS.items():
        if problem.startswith(key):
            return said
    return " ".join(x for x in (exc.context, exc.problem) if x) or str(exc)


@dataclass
class YamlDocument:
    """A parsed document with the source position of every mapping key and sequence item."""

    data: Any
    path: str
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[tuple[tuple, int, int]] = field(default_factory=list)
    #: sha256 of the bytes read (a file) or of the UTF-8 text (a string): names the exact content in decision records
    sha256: str = ""

    def where(self, path: tuple) -> Location:
        """The closest known position for a data path such as ``('rules', 3, 'when', 0)``."""
        p = tuple(path)
        while p and p not in self.positions:
            p = p[:-1]
        line, col = self.positions.get(p, (None, None))
        return Location(self.path, line, col)


def _walk(node: yaml.Node, path: tuple, doc: YamlDocument, depth: int, seen: dict) -> None:
    seen["n"] += 1
    if seen["n"] > MAX_NODES:
        raise YamlSyntaxError(Msg("document has more than {n} nodes (alias expansion?)", n=MAX_NODES),
                              Location(doc.path, node.start_mark.line + 1, node.start_mark.column + 1))
    if depth > MAX_DEPTH:
        raise YamlSyntaxError(Msg("nesting deeper than {n} levels", n=MAX_DEPTH),
                              Location(doc.path, node.start_mark.line + 1, node.start_mark.column + 1))
    doc.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode) and len(node.value) > MAX_KEYS:
        raise YamlSyntaxError(Msg("a mapping of {n} keys (at most {limit} are read)", n=f"{len(node.value):,}",
                                  limit=f"{MAX_KEYS:,}"),
                              Location(doc.path, node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        keys: set = set()
        for knode, vnode in node.value:
            key = knode.value if isinstance(knode, yaml.ScalarNode) else id(knode)
            kpath = path + (key,)
            if key in keys:
                doc.duplicates.append((kpath, knode.start_mark.line + 1, knode.start_mark.column + 1))
            keys.add(key)
            doc.positions[kpath] = (knode.start_mark.line + 1, knode.start_mark.column + 1)
            _walk(vnode, kpath, doc, depth + 1, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), doc, depth + 1, seen)


def load_yaml(text: str | bytes, path: str = "<input>") -> YamlDocument:
    """Parse one YAML document safely; raise :class:`YamlSyntaxError` with the line on failure."""
    size = len(text)
    if size > MAX_YAML_BYTES:
        raise YamlSyntaxError(Msg("file is {size} bytes; the limit is {limit}", size=size, limit=MAX_YAML_BYTES),
                              Location(path))
    loader = _DecimalSafeLoader(text)
    try:
        node = loader.get_single_node()
        raw = text.encode("utf-8") if isinstance(text, str) else text
        doc = YamlDocument(None, path, sha256=hashlib.sha256(raw).hexdigest())
        if node is None:
            return doc
        _walk(node, (), doc, 0, {"n": 0})
        doc.data = loader.construct_document(node)
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        if isinstance(exc.problem, _CannotRead):
            raise YamlSyntaxError(exc.problem.message(), loc) from None
        raise YamlSyntaxError(Msg("YAML syntax error: {detail}", detail=_yaml_problem(exc)), loc) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(Msg("YAML error: {detail}", detail=str(exc)), Location(path)) from None
    except RecursionError:
        raise YamlSyntaxError(Msg("YAML nesting too deep"), Location(path)) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise YamlSyntaxError(Msg("YAML value refused: {detail}", detail=str(exc)), Location(path)) from None
    finally:
        loader.dispose()


def load_yaml_file(path: str, within: str | None = None) -> YamlDocument:
    """Read and parse a YAML (or JSON, a subset of YAML) file (inside the folder ``within``, when given)."""
    raw, text = read_yaml_file(path, within)
    doc = load_yaml(text, path)
    doc.sha256 = hashlib.sha256(raw).hexdigest()  # of the bytes on disk: `sha256sum FILE` gives the same
    return doc


def read_yaml_file(path: str, within: str | None = None) -> tuple[bytes, str]:
    """The bytes and text of a YAML file: a regular file (:mod:`xacheck.userfiles`: never a FIFO or a device,
    never through a link out of ``within``), at most :data:`MAX_YAML_BYTES`, UTF-8 (a BOM allowed); errors name
    the file."""
    from .errors import UnreadableFile
    from .userfiles import read_file

    try:
        raw = read_file(path, MAX_YAML_BYTES, within)
    except UnreadableFile as exc:
        raise YamlSyntaxError(exc.message, exc.location) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(Msg("file is not UTF-8 (byte {n})", n=exc.start), Location(path)) from None
    return raw, text
