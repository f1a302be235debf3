"""YAML documents with the position of every key and value.

Scene files are read with PyYAML's safe loader (the C one when present): its composer gives a
node tree with marks, which we turn into plain values. Where each came from, keyed by the path
of keys and indexes that leads to it, is recorded by a second parse the first time a position
is asked for (`SourceFile`), so a file without findings is parsed once. Diagnostics then point
at the exact key or value, however deep the model check that found the problem. A key written twice in one
mapping is reported, where `yaml.safe_load` would silently keep the last one; tags are refused
on every node, and a document whose aliases would add more values than the pack's
`AliasBudget` has left is refused before it is expanded.

Nothing in a file may raise out of here: a file is read only if it is a regular file of at most
`MAX_FILE_BYTES`, in UTF-8 (a UTF-16 file is named as such); a scalar that PyYAML's constructors
cannot build (`2001-13-45`, `0b_`, `!!float abc`), a number of more than `MAX_INT_DIGITS` digits
and a string holding a control character are each reported at their position, and the rest of
the file is still read.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import os
import re
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping

import yaml

from game.diagnostics import CONTENT_CONTROLS, Codes, Diagnostic, Span
from game.story.scalar_map import char_position

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # no libyaml: the pure-Python loader reads the same documents
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

PathKey = tuple[str | int, ...]

_KEY_END: PathKey = ("\0key",)
"""Prefix of `SourceFile._ends` entries for a key's end (no path of a document starts with it)."""

MAX_ALIAS_VALUES = 250_000
"""Values that aliases may add to all the files of one pack together.

Each alias costs what it repeats (an alias of a list of ten strings adds eleven values). The
budget is shared by the pack's files, since twelve small files that each stayed under a
per-file cap once took 26 seconds; at this size, a pack that spends it all loads in about a
third of a second more. Written values cost nothing here: their number follows from the
files' sizes, which the loader bounds.
"""

MAX_FILE_BYTES = 4 * 1024 * 1024
"""The largest file read (4 MiB): a file of 10,000 generated scenes is 6.4 MB over 100 files."""

MAX_INT_DIGITS = 30
"""Digits a whole number written in YAML may have (a longer one is refused where it is written).

Python refuses to convert more than 4,300 digits, and no story needs a number of more than 30;
the declared range of each int variable bounds the values that play can reach.
"""

_CORE = "tag:yaml.org,2002:"
_STR, _INT, _BOOL, _NULL = _CORE + "str", _CORE + "int", _CORE + "bool", _CORE + "null"
_FLOAT, _TIMESTAMP = _CORE + "float", _CORE + "timestamp"
_SEQ, _MAP, _MERGE = _CORE + "seq", _CORE + "map", _CORE + "merge"
_FLATTENED = {_MERGE, _CORE + "value"}
"""Key tags that `flatten_mapping` acts on; a mapping with neither is left as composed."""
_SCALAR_TAGS = {_STR, _INT, _BOOL, _NULL, _FLOAT, _TIMESTAMP}
_KIND = {_INT: "number", _FLOAT: "number", _BOOL: "true/false value", _TIMESTAMP: "date"}
"""What a scalar resolved to one of these tags claims to be, in an author's words."""
_IMPLICIT_TEXT = {_MERGE: "<<", _CORE + "value": "="}
"""Plain scalars the resolver tags although no author wrote a tag: as values they are text."""
_CONSTRUCTION_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError, yaml.YAMLError)
"""What PyYAML's scalar constructors raise on a value their tag's pattern let through."""
_ESCAPED_CONTROLS = frozenset("0abvfreN")
"""Double-quoted escapes (`\\e`, `\\a`, ...) that stand for a control character."""
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class AliasBudget:
    """What aliases may still add across one pack; the loader passes one to every file it reads."""

    remaining: int = MAX_ALIAS_VALUES

    def spend(self, values: int) -> bool:
        """Take `values` from the budget; False (and nothing taken) when there is not enough left."""
        if values > self.remaining:
            return False
        self.remaining -= values
        return True


class FileRefused(Exception):
    """A path that is not read at all: not a regular file, or larger than `MAX_FILE_BYTES`."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass
class SourceFile:
    """One YAML file: its plain data (None if it did not parse), and where each part of it sits.

    Positions cost more time and memory than the data itself, and a pack that loads cleanly
    never needs one; so `read_yaml` reads a file without them, and the first question about a
    position parses the file again, once, with them (from the text read, until `release`;
    then from the file, if it is unchanged). A file with no finding is parsed once.
    """

    path: str
    data: Any = None
    _values: dict[PathKey, tuple[int, int, str | None, int]] = field(default_factory=dict)
    """Path -> (line, column, scalar style or None for collections, last line)."""
    _keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    _ends: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    """Path -> (line, column just past) where each value, or with `key_at` each key, ends."""
    _strings: dict[PathKey, tuple[str, int, int]] = field(default_factory=dict)
    """Path -> (value, end line, end column) of each string, for positions inside it."""
    _lines: list[str] = field(default_factory=list)
    """The text's lines, once positions are filled, for positions inside strings."""
    digest: str = ""
    """SHA-256 of the file's text, for the story's fingerprint."""
    parsed: bool = False
    """The file was valid YAML (an empty or comment-only one too: its `data` is then None)."""
    _located: bool = True
    """The position tables are filled (or the file never parsed, so there is nothing to locate)."""
    _text: str | None = None
    """The text read, kept while the file is being checked so that positions need no second read."""

    @property
    def values(self) -> dict[PathKey, tuple[int, int, str | None, int]]:
        self._locate()
        return self._values

    @property
    def keys(self) -> dict[PathKey, tuple[int, int]]:
        self._locate()
        return self._keys

    def release(self) -> None:
        """Drop the data, the text and the positions; positions come back from the file on demand."""
        self.data = None
        self._values, self._keys, self._strings, self._lines, self._ends = {}, {}, {}, [], {}
        self._text = None
        self._located = not self.parsed

    def _locate(self) -> None:
        """Fill the position tables by parsing the text once more, this time recording positions."""
        if self._located:
            return
        self._located = True
        text = self._text
        if text is None:
            read = read_text(Path(self.path))
            if not isinstance(read, str) or hashlib.sha256(read.encode("utf-8")).hexdigest() != self.digest:
                return  # edited since it was loaded: a position from it now could point anywhere
            text = read
        cache = _CACHE.get()
        tables = _positions(self.path, text) if cache is None else cache.positions(self.path, text)
        self._values, self._keys, self._strings, self._lines, self._ends = tables  # type: ignore[assignment]

    def span(self, path: PathKey, *, key: bool = False) -> Span:
        """The position of the value (or its key) at `path`, or of its nearest located parent."""
        probe = tuple(path)
        while probe:
            if key and probe in self.keys:
                line, col = self.keys[probe]
                return Span(self.path, line, col, *self._ends.get(_KEY_END + probe, (0, 0)))
            if probe in self.values:
                line, col = self.values[probe][:2]
                return Span(self.path, line, col, *self._ends.get(probe, (0, 0)))
            probe = probe[:-1]
        if () in self.values:
            line, col = self.values[()][:2]
            return Span(self.path, line, col, *self._ends.get((), (0, 0)))
        return Span(self.path, 1, 1)

    def scalar_path(self, path: PathKey) -> PathKey:
        """`path`, or the list it indexes when that list was written as one string (`do: x = 1`)."""
        probe = tuple(path)
        while probe not in self.values and probe and isinstance(probe[-1], int):
            probe = probe[:-1]
        return probe

    def char_span(self, path: PathKey, offset: int, length: int = 0) -> Span | None:
        """Where character `offset` of the string at `path` was written (inside a block, a folded
        or a quoted scalar too), or None when that cannot be told.

        With a `length`, the span also ends where the `length` characters from `offset` end
        (the last of them non-blank, as names and braces are)."""
        self._locate()
        entry, string = self._values.get(tuple(path)), self._strings.get(tuple(path))
        if entry is None or string is None:
            return None
        line, col, style, _ = entry
        value, end_line, end_col = string
        start, stop = (line - 1, col - 1), (end_line - 1, end_col - 1)
        found = char_position(self._lines, start, stop, style, value, offset)
        if found is None:
            return None
        last = char_position(self._lines, start, stop, style, value, offset + length - 1) if length > 0 else None
        if last is None or last < found:
            return Span(self.path, *found)
        return Span(self.path, *found, last[0], last[1] + 1)

def read_yaml(path: Path, budget: AliasBudget | None = None) -> tuple[SourceFile, list[Diagnostic]]:
    """Read one file, positions left for the first question about one; problems come back as
    diagnostics, never as exceptions.

    `budget` is what aliases may still add; a pack's loader passes one budget to all its files.
    """
    source = SourceFile(str(path))
    text = read_text(path)
    if isinstance(text, Diagnostic):
        return source, [text]
    source.digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    cache = _CACHE.get()
    if cache is None or "&" in text:  # an anchor spends the pack's alias budget: parsed every time
        return parse_yaml(source, text, budget, positions=False)
    return cache.parsed(source, text)


_Tables = tuple[dict[PathKey, Any], dict[PathKey, Any], dict[PathKey, Any], list[str], dict[PathKey, Any]]
"""A file's position tables: values, keys, strings, lines, ends (as `SourceFile` holds them)."""


def _positions(path: str, text: str) -> _Tables:
    fresh, _ = parse_yaml(SourceFile(path), text)
    return fresh._values, fresh._keys, fresh._strings, fresh._lines, fresh._ends


def _copy(value: Any) -> Any:
    """A copy of parsed data (lists and dicts of immutable scalars, no alias shares a part)."""
    if isinstance(value, dict):
        return {key: _copy(item) if isinstance(item, (dict, list)) else item for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) if isinstance(item, (dict, list)) else item for item in value]
    return value


class ParseCache:
    """Each file's parse, by path and exact text, for a process that checks one pack again and again.

    The language server checks the whole pack on every edit, and most files have not changed
    since the last check: reading them again cost half its time (the loader's parse, then a
    second parse for positions when a finding or a suppression comment needs one). With a cache
    active (`parse_cache`), `read_yaml` and the position tables come from here when the path and
    the text (its SHA-256) are the ones already parsed, so only an edited file is parsed again.

    A result never differs from a fresh parse: the key is the whole text, the data is handed out
    as a copy each time (the loader may keep or change what it gets), the diagnostics are frozen
    and the position tables are only read. A file with an anchor is never cached, since its
    parse spends the pack's shared alias budget. Memory is bounded: what a check did not use
    (a file's previous text, a file no longer in the pack) is dropped when the check ends.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._parses: dict[tuple[str, str], tuple[int, Any, bool, tuple[Diagnostic, ...]]] = {}
        self._tables: dict[tuple[str, str], tuple[int, _Tables]] = {}
        self._generation = 0
        self.parsed_files = 0
        self.located_files = 0
        """Files actually parsed for their data, and for their positions (not served from the cache)."""

    def __len__(self) -> int:
        return len(self._parses) + len(self._tables)

    @contextlib.contextmanager
    def check(self) -> Iterator[int]:
        """One check of the pack; entries it did not use are dropped at its end.

        Two checks may overlap (the server's checks run in threads); an entry that the later
        one used is kept whichever ends first.
        """
        with self._lock:
            self._generation += 1
            generation = self._generation
        try:
            yield generation
        finally:
            with self._lock:
                self._parses = {k: v for k, v in self._parses.items() if v[0] >= generation}
                self._tables = {k: v for k, v in self._tables.items() if v[0] >= generation}

    def parsed(self, source: SourceFile, text: str) -> tuple[SourceFile, list[Diagnostic]]:
        """`parse_yaml(source, text, positions=False)` for a text with no anchor."""
        key = (source.path, hashlib.sha256(text.encode("utf-8")).hexdigest())
        with self._lock:
            hit = self._parses.get(key)
            if hit is not None:
                self._parses[key] = (self._generation, *hit[1:])
        if hit is None:
            source, diagnostics = parse_yaml(source, text, positions=False)
            with self._lock:
                self.parsed_files += 1
                self._parses[key] = (self._generation, source.data, source.parsed, tuple(diagnostics))
            source.data = _copy(source.data)  # the cached data is never handed out itself
            return source, diagnostics
        _, data, parsed, found = hit
        source.data, source.parsed = _copy(data), parsed
        source._text, source._located = (text, False) if parsed else (None, True)
        return source, list(found)

    def positions(self, path: str, text: str) -> _Tables:
        """The position tables of `text` (shared between checks: every reader only reads them)."""
        key = (path, hashlib.sha256(text.encode("utf-8")).hexdigest())
        with self._lock:
            hit = self._tables.get(key)
            if hit is not None:
                self._tables[key] = (self._generation, hit[1])
                return hit[1]
        tables = _positions(path, text)
        with self._lock:
            self.located_files += 1
            self._tables[key] = (self._generation, tables)
        return tables


_CACHE: contextvars.ContextVar[ParseCache | None] = contextvars.ContextVar("parse_cache", default=None)


@contextlib.contextmanager
def parse_cache(cache: ParseCache) -> Iterator[None]:
    """Serve `read_yaml` and positions from `cache` in this context: one check of the pack."""
    with cache.check():
        token = _CACHE.set(cache)
        try:
            yield
        finally:
            _CACHE.reset(token)


_BUFFERS: contextvars.ContextVar[Mapping[str, str] | None] = contextvars.ContextVar("buffers", default=None)
"""Absolute path -> text read in place of that file's bytes (see `buffers`)."""


@contextlib.contextmanager
def buffers(texts: Mapping[str, str]) -> Iterator[None]:
    """Read these texts in place of the files at these paths, in this context only.

    The language server checks what an editor holds, saved or not, with the same loader and
    linter as `validate`: every file of a pack is read through `read_text`, so this is the one
    place that needs to know about unsaved buffers.
    """
    token = _BUFFERS.set({os.path.abspath(path): text for path, text in texts.items()})
    try:
        yield
    finally:
        _BUFFERS.reset(token)


def read_text(path: Path) -> str | Diagnostic:
    """The text of the file at `path`, or why it cannot be read (with the position of a bad byte)."""
    texts = _BUFFERS.get()
    if texts:
        text = texts.get(os.path.abspath(path))
        if text is not None:
            return text
    try:
        data = read_bytes(path)
    except FileRefused as refused:
        return refused.diagnostic
    except OSError as err:
        return Diagnostic(Codes.YAML_SYNTAX, Span(str(path)), f"cannot read file: {err.strerror or err}")
    return decode(str(path), data)


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most `MAX_FILE_BYTES`; raises `FileRefused` or `OSError`.

    The file is opened without blocking and checked on the open descriptor, so a FIFO (or a
    symlink to `/dev/zero`) is refused instead of hanging or filling memory, and nothing can be
    swapped in between the check and the read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(Diagnostic(Codes.YAML_SYNTAX, Span(str(path)), f"cannot read file: it is {_file_kind(info.st_mode)}, not a regular file"))
        data = handle.read(min(info.st_size, MAX_FILE_BYTES) + 1)  # not a buffer of the limit per file
        if len(data) > info.st_size:  # it grew since fstat: read on, to the limit
            data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused(_too_big(str(path)))
    return data


def _too_big(path: str) -> Diagnostic:
    """The refusal of a file over `MAX_FILE_BYTES`: a pack limit (LB017), not a YAML problem."""
    return Diagnostic(
        Codes.NO_STORY,
        Span(path),
        f"this file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB, the most one file may hold",
        hint="split its scenes over several files",
    )


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def decode(path: str, data: bytes) -> str | Diagnostic:
    """`data` as UTF-8 (a UTF-8 byte-order mark is kept: the YAML reader skips it), or why not."""
    if data.startswith(_UTF16_BOMS) or data.count(0) * 4 > len(data) > 0:
        return Diagnostic(Codes.YAML_SYNTAX, Span(path, 1, 1), "cannot read file: this file looks like UTF-16; save it as UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start].decode("utf-8").removeprefix("\ufeff")
        line, col = _line_col(before, len(before))
        return Diagnostic(
            Codes.YAML_SYNTAX,
            Span(path, line, col),
            f"cannot read file: byte 0x{data[err.start]:02X} is not valid UTF-8",
            hint="save the file as UTF-8",
        )


def parse_yaml(
    source: SourceFile, text: str, budget: AliasBudget | None = None, *, positions: bool = True
) -> tuple[SourceFile, list[Diagnostic]]:
    """Fill `source` from `text`. Problems that leave the data usable (a duplicate key, a tag, a
    bad scalar) are reported and the data kept; a syntax error leaves `data` None. An empty (or
    comment-only) document parses, as None: the caller knows what the file should have held.

    Without `positions`, the tables stay empty and `text` is kept for the first question about one.
    Diagnostics found here carry their position either way: it comes from the node itself.
    """
    loader = _quick(Loader)(text)
    diagnostics: list[Diagnostic] = []
    budget = budget if budget is not None else AliasBudget()
    if not positions:
        source._text, source._located = text, False
    try:
        node = loader.get_single_node()
        if node is not None and "&" in text:  # no anchor, no alias: nothing to expand or loop
            looping = _self_alias(node, set(), set())
            if looping is not None:
                diagnostics.append(
                    Diagnostic(Codes.YAML_SYNTAX, _span(source.path, looping), "YAML syntax: an alias refers to itself")
                )
                _forget(source)
                return source, diagnostics
            if not budget.spend(_alias_values(node, budget.remaining)):
                diagnostics.append(
                    Diagnostic(
                        Codes.YAML_SYNTAX,
                        _span(source.path, node),
                        f"YAML syntax: aliases expand this pack by over {MAX_ALIAS_VALUES:,} values",
                        hint="use fewer nested anchors and aliases",
                    )
                )
                _forget(source)
                return source, diagnostics
        if node is not None:
            converter = _Converter(loader, source, diagnostics, text, positions)
            source.data = converter.convert(node, ())
            if positions:
                source._lines = converter.lines
        source.parsed = True
    except yaml.MarkedYAMLError as err:
        diagnostics.append(_syntax_error(source.path, text, err))
        _forget(source)
    except yaml.reader.ReaderError as err:
        line, col = _line_col(text, err.position)
        code = ord(err.character) if isinstance(err.character, str) else int(err.character)
        diagnostics.append(
            Diagnostic(
                Codes.YAML_SYNTAX,
                Span(source.path, line, col),
                f"YAML syntax: {err.reason} (character U+{code:04X})",
            )
        )
        _forget(source)
    except yaml.YAMLError as err:
        first = str(err).splitlines()[0] if str(err) else "invalid YAML"
        diagnostics.append(Diagnostic(Codes.YAML_SYNTAX, Span(source.path, 1, 1), f"YAML syntax: {first}"))
        _forget(source)
    except RecursionError:
        diagnostics.append(
            Diagnostic(Codes.YAML_SYNTAX, Span(source.path, 1, 1), "YAML syntax: lists or mappings nested too deeply")
        )
        _forget(source)
    finally:
        loader.dispose()
    return source, diagnostics


class _QuickResolve:
    """Tags as PyYAML's resolver gives them, in fewer steps: a fifth of a file's parse was there.

    PyYAML tries the implicit resolvers (bool, int, float, null, timestamp, merge, value) that
    a plain scalar's first character selects, for every scalar. Most scalars of a story
    (prose, ids, expressions) start with a letter none of them claims, and the rest repeat
    (`to`, `text`, `true`), so a plain scalar's tag is remembered by its text.
    """

    _claimed: frozenset[str] = frozenset()
    _plain: Any = None

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)  # type: ignore[misc]
        if not implicit[0] or value[:1] not in self._claimed:
            return _STR  # quoted, or plain and claimed by no resolver
        return self._plain(value)  # type: ignore[no-any-return]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Path resolvers only: there are none."""

    def ascend_resolver(self) -> None:
        """Path resolvers only: there are none."""


@functools.cache
def _quick(loader: type) -> type:
    """`loader` with `_QuickResolve`, or as it is if it resolves by paths or by any first character."""
    implicit: dict[str | None, list[tuple[str, re.Pattern[str]]]] = loader.yaml_implicit_resolvers
    if loader.yaml_path_resolvers or None in implicit or loader.DEFAULT_SCALAR_TAG != _STR:
        return loader

    @functools.lru_cache(maxsize=4096)
    def plain(value: str) -> str:
        for tag, pattern in implicit.get(value[:1], ()):
            if pattern.match(value):
                return tag
        return _STR

    return type(f"Quick{loader.__name__}", (_QuickResolve, loader), {"_claimed": frozenset(implicit), "_plain": staticmethod(plain)})


def _forget(source: SourceFile) -> None:
    source.data = None
    source.parsed = False
    source._values.clear()
    source._keys.clear()
    source._strings.clear()
    source._text, source._located = None, True  # a file that does not parse has no positions to find


def _syntax_error(path: str, text: str, err: yaml.MarkedYAMLError) -> Diagnostic:
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = err.problem or err.context or "invalid YAML"
    context = f" ({err.context})" if err.context and err.problem else ""
    lines = text.splitlines()
    at_tab = line <= len(lines) and lines[line - 1][col - 1 : col] == "\t"
    return Diagnostic(
        Codes.YAML_SYNTAX,
        Span(path, line, col),
        f"YAML syntax: {problem}{context}",
        hint="YAML indents with spaces; replace the tab" if at_tab else None,
    )


def _line_col(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _self_alias(node: yaml.Node, active: set[int], done: set[int]) -> yaml.Node | None:
    """A list or mapping that an alias places inside itself, if there is one."""
    if not isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) or id(node) in done:
        return None
    if id(node) in active:
        return node
    active.add(id(node))
    for child in _children(node):
        found = _self_alias(child, active, done)
        if found is not None:
            return found
    active.discard(id(node))
    done.add(id(node))
    return None


def _alias_values(root: yaml.Node, limit: int) -> int:
    """The values that aliases add to the document at `root`, counted without expanding them.

    Every node met again after its first visit is an alias, and adds all it repeats. The count
    stops once it is over `limit`. The tree must have no alias inside itself (`_self_alias`).
    """
    sizes: dict[int, int] = {}
    seen: set[int] = set()
    added = 0
    pending = [root]
    while pending and added <= limit:
        node = pending.pop()
        if id(node) in seen:
            added += _expanded_size(node, sizes, limit)
            continue
        seen.add(id(node))
        pending.extend(_children(node))
    return added


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _expanded_size(node: yaml.Node, memo: dict[int, int], limit: int) -> int:
    """How many values `node` becomes once every alias is expanded (at most `limit` + 1)."""
    known = memo.get(id(node))
    if known is not None:
        return known
    size = 1 + sum(_expanded_size(child, memo, limit) for child in _children(node))
    memo[id(node)] = min(size, limit + 1)
    return memo[id(node)]


class _Converter:
    """Node tree -> plain dicts, lists and scalars, recording marks on the way down if asked to."""

    def __init__(self, loader: Any, source: SourceFile, diagnostics: list[Diagnostic], text: str, positions: bool = True) -> None:
        self.loader = loader
        self.source = source
        self.diagnostics = diagnostics
        self.text = text
        self.positions = positions
        self.plain = "\\" not in text and CONTENT_CONTROLS.search(text) is None
        """No string can hold a control character (only an escape or a raw one writes it), so a
        `str` scalar is its own value, with nothing to check in it."""
        self._lines: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        """The document's lines, as marks count them; split only when a finding needs the source text."""
        if self._lines is None:
            self._lines = self.text.splitlines()
            if self._lines:
                self._lines[0] = self._lines[0].removeprefix("\ufeff")  # marks count columns after a byte-order mark
        return self._lines

    def report(self, code: Any, node: yaml.Node, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, _span(self.source.path, node), message, hint))

    def refuse_tag(self, node: yaml.Node) -> None:
        """Report a tag; the node is then read as if untagged, so nothing else cascades from it."""
        self.report(
            Codes.YAML_SYNTAX,
            node,
            f"YAML syntax: the tag '{node.tag}' is not allowed",
            hint="scene files are plain YAML: remove the tag",
        )

    def end_of(self, node: yaml.Node) -> tuple[int, int]:
        """Where `node`'s text ends (1-based line, column just past it): a block's end mark is on
        the line after it, so a mark at a line's start steps back over blank lines."""
        line, col = node.end_mark.line, node.end_mark.column
        while col == 0 and line > node.start_mark.line:
            line -= 1
            col = len(self.lines[line].rstrip()) if line < len(self.lines) else 0
        return line + 1, col + 1

    def convert(self, node: yaml.Node, path: PathKey) -> Any:
        if self.positions:
            style = node.style if isinstance(node, yaml.ScalarNode) else None
            self.source._values[path] = (
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                style,
                node.end_mark.line + 1,
            )
            self.source._ends[path] = self.end_of(node)
        if isinstance(node, yaml.ScalarNode):
            if self.positions and node.tag == _STR:
                self.source._strings[path] = (node.value, node.end_mark.line + 1, node.end_mark.column + 1)
            return node.value if self.plain and node.tag == _STR else self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.refuse_tag(node)
            if not self.positions:
                return [self.convert(item, path) for item in node.value]
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag != _MAP:
            self.refuse_tag(node)
        return self.mapping(node, path)

    def mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[Any, Any]:
        merged = 0
        if any(key.tag in _FLATTENED for key, _ in node.value):
            explicit = sum(1 for key, _ in node.value if key.tag != _MERGE)
            self.loader.flatten_mapping(node)
            merged = len(node.value) - explicit  # flatten_mapping puts merged pairs first
        result: dict[Any, Any] = {}
        from_merge: set[Any] = set()
        key_nodes: dict[str, yaml.Node] = {}
        """Key -> the node of the occurrence that counts, for the line a duplicate names."""
        plain, positions = self.plain, self.positions
        for index, (key_node, value_node) in enumerate(node.value):
            if not isinstance(key_node, yaml.ScalarNode):
                self.diagnostics.append(
                    Diagnostic(
                        Codes.WRONG_TYPE,
                        _span(self.source.path, key_node),
                        "a mapping key must be a plain word, not a list or mapping",
                    )
                )
                continue
            key = key_node.value if plain and key_node.tag == _STR else _key_text(self.scalar(key_node))
            is_merged = index < merged
            if key in result:
                if is_merged:
                    continue  # the first merged mapping that has the key wins, as YAML says
                if key not in from_merge:
                    self.diagnostics.append(
                        Diagnostic(
                            Codes.DUPLICATE_KEY,
                            _span(self.source.path, key_node),
                            f"key '{key}' appears twice in this mapping (first on line {key_nodes[key].start_mark.line + 1})",
                            hint="only one can count; remove or rename the other",
                        )
                    )
                    continue
                from_merge.discard(key)  # an explicit key overrides a merged one
            elif is_merged:
                from_merge.add(key)
            key_nodes[key] = key_node
            if positions:
                child = path + (key,)
                self.source._keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                self.source._ends[_KEY_END + child] = self.end_of(key_node)
                result[key] = self.convert(value_node, child)
            elif plain and value_node.tag == _STR and isinstance(value_node, yaml.ScalarNode):
                result[key] = value_node.value  # the common case, without a call
            else:
                result[key] = self.convert(value_node, path)
        return result

    def scalar(self, node: yaml.ScalarNode) -> Any:
        """The scalar's value; a string holding a control character is reported (and kept)."""
        value = self.construct(node)
        if not self.plain and isinstance(value, str):
            found = CONTENT_CONTROLS.search(value)
            if found is not None:
                self.refuse_control(node, found.group())
        return value

    def construct(self, node: yaml.ScalarNode) -> Any:
        """The value of the scalar's tag; what cannot be built is reported and read as its text."""
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _NULL:
            return None
        if _IMPLICIT_TEXT.get(tag) == node.value:
            return node.value
        if tag not in _SCALAR_TAGS:
            self.refuse_tag(node)
            return node.value  # read as plain text, so the refusal is the only finding here
        if tag == _INT and _digit_count(node.value) > MAX_INT_DIGITS:
            self.report(
                Codes.WRONG_TYPE,
                node,
                f"the number {_shorten(node.value)} has more than {MAX_INT_DIGITS} digits",
                hint="no value of a story needs that many; write a smaller number",
            )
            return node.value
        try:
            if tag == _INT:
                return self.loader.construct_yaml_int(node)
            if tag == _BOOL:
                return self.loader.construct_yaml_bool(node)
            return self.loader.construct_object(node, deep=True)
        except _CONSTRUCTION_ERRORS:
            self.refuse_value(node)
            return node.value

    def refuse_value(self, node: yaml.ScalarNode) -> None:
        """Report a scalar its tag's constructor could not build, telling a written tag from a resolved one."""
        kind = _KIND[node.tag]
        shown = _shorten(node.value)
        line = self.lines[node.start_mark.line] if node.start_mark.line < len(self.lines) else ""
        if line[node.start_mark.column :].startswith("!"):  # a node's mark is at its tag, when it has one
            tag = node.tag.removeprefix(_CORE)
            self.report(Codes.WRONG_TYPE, node, f"{shown} is tagged '!!{tag}' but is not a valid {kind}", hint="remove the tag, or write a valid value")
        else:
            self.report(Codes.WRONG_TYPE, node, f"{shown} looks like a {kind} but is not a valid one", hint="quote it to keep it as text")

    def refuse_control(self, node: yaml.ScalarNode, char: str) -> None:
        line, col = _control_position(self.lines, node)
        self.diagnostics.append(
            Diagnostic(
                Codes.CONTROL_CHARACTER,
                Span(self.source.path, line, col),
                f"control character U+{ord(char):04X} is not allowed in a string",
                hint="a terminal would act on it (clear the screen, set the window title); remove the escape",
            )
        )


def _digit_count(literal: str) -> int:
    """The digits of an int literal as YAML 1.1 writes them: sign, `0x`/`0b` prefix, `_` and `:` aside."""
    body = literal.lstrip("+-")
    if body[:2].lower() in ("0x", "0b"):
        body = body[2:]
    return len(body.replace("_", "").replace(":", ""))


def _shorten(value: str, most: int = 40) -> str:
    """`value` quoted, cut to its first `most` characters if longer."""
    return f"'{value}'" if len(value) <= most else f"'{value[:most]}...'"


def _control_position(lines: list[str], node: yaml.ScalarNode) -> tuple[int, int]:
    """Line and column of the first escape in `node` that writes a control character.

    Only a double-quoted scalar can hold one (the YAML reader refuses the raw characters), so
    for any other style, or if no such escape is found, the scalar's start is the answer.
    """
    line, col = node.start_mark.line, node.start_mark.column
    if node.style != '"':
        return line + 1, col + 1
    row, at = line, col  # the mark is at the quote, or at a tag or anchor before it
    while row < len(lines) and '"' not in lines[row][at:]:
        row, at = row + 1, 0
    if row == len(lines):
        return line + 1, col + 1
    at = lines[row].index('"', at) + 1
    while row < len(lines):
        current = lines[row]
        if at >= len(current):
            row, at = row + 1, 0
            continue
        char = current[at]
        if char == '"':
            break
        if char != "\\" or at + 1 >= len(current):
            at += 1
            continue
        escape = current[at + 1]
        width = _HEX_ESCAPES.get(escape, 0)
        code = current[at + 2 : at + 2 + width]
        if escape in _ESCAPED_CONTROLS or (width and _is_control_code(code)):
            return row + 1, at + 1
        at += 2 + width
    return line + 1, col + 1


def _is_control_code(digits: str) -> bool:
    try:
        char = chr(int(digits, 16))
    except (ValueError, OverflowError):
        return False
    return CONTENT_CONTROLS.fullmatch(char) is not None


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


def _span(path: str, node: yaml.Node) -> Span:
    return Span(path, node.start_mark.line + 1, node.start_mark.column + 1)
