"""YAML documents with the position of every key and value.

Scene files are read with PyYAML's safe loader (the C one when present): its composer gives a
node tree with marks, which we turn into plain values while recording where each came from,
keyed by the path of keys and indexes that leads to it. Diagnostics then point at the exact
key or value, however deep the model check that found the problem. A key written twice in one
mapping is reported, where `yaml.safe_load` would silently keep the last one; tags are refused
on every node, and a document that aliases expand beyond `MAX_VALUES` is refused before it is
expanded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from game.diagnostics import Codes, Diagnostic, Span

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # no libyaml: the pure-Python loader reads the same documents
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

PathKey = tuple[str | int, ...]

MAX_VALUES = 2_000_000
"""Values a file may hold once aliases are expanded; a few anchors can otherwise explode."""

_CORE = "tag:yaml.org,2002:"
_STR, _INT, _BOOL, _NULL = _CORE + "str", _CORE + "int", _CORE + "bool", _CORE + "null"
_SEQ, _MAP, _MERGE = _CORE + "seq", _CORE + "map", _CORE + "merge"
_SCALAR_TAGS = {_STR, _INT, _BOOL, _NULL, _CORE + "float", _CORE + "timestamp"}


@dataclass
class SourceFile:
    """One YAML file: its plain data (None if it did not parse), and where each part of it sits.

    The position tables cost more memory than the story itself, and a pack that loads cleanly
    never needs them; so the loader `release`s them once a file is checked, and they are
    rebuilt from the file (if it is unchanged) the first time a position is asked for.
    """

    path: str
    data: Any = None
    _values: dict[PathKey, tuple[int, int, str | None, int]] = field(default_factory=dict)
    """Path -> (line, column, scalar style or None for collections, last line)."""
    _keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    digest: str = ""
    """SHA-256 of the file's text, for the story's fingerprint."""
    parsed: bool = False
    """The file was valid YAML."""
    _released: bool = False

    @property
    def values(self) -> dict[PathKey, tuple[int, int, str | None, int]]:
        self._restore()
        return self._values

    @property
    def keys(self) -> dict[PathKey, tuple[int, int]]:
        self._restore()
        return self._keys

    def release(self) -> None:
        """Drop the data and the position tables; positions come back from the file on demand."""
        self.data = None
        self._values, self._keys = {}, {}
        self._released = True

    def _restore(self) -> None:
        if not self._released:
            return
        self._released = False
        try:
            text = Path(self.path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != self.digest:
            return  # edited since it was loaded: a position from it now could point anywhere
        fresh, _ = parse_yaml(SourceFile(self.path), text)
        self._values, self._keys = fresh._values, fresh._keys

    def span(self, path: PathKey, *, key: bool = False) -> Span:
        """The position of the value (or its key) at `path`, or of its nearest located parent."""
        probe = tuple(path)
        while probe:
            if key and probe in self.keys:
                line, col = self.keys[probe]
                return Span(self.path, line, col)
            if probe in self.values:
                line, col = self.values[probe][:2]
                return Span(self.path, line, col)
            probe = probe[:-1]
        if () in self.values:
            line, col = self.values[()][:2]
            return Span(self.path, line, col)
        return Span(self.path, 1, 1)

    def scalar_path(self, path: PathKey) -> PathKey:
        """`path`, or the list it indexes when that list was written as one string (`do: x = 1`)."""
        probe = tuple(path)
        while probe not in self.values and probe and isinstance(probe[-1], int):
            probe = probe[:-1]
        return probe

    def text_offset(self, path: PathKey) -> int | None:
        """Columns between a scalar's mark and its first character, or None when unknowable.

        Lets an error inside an expression point at the offending character. Block scalars and
        scalars folded over several lines give None: the value's start is the best we can say.
        """
        entry = self.values.get(tuple(path))
        if entry is None:
            return None
        line, _, style, last = entry
        if line != last:
            return None
        if style == "":
            return 0
        if style in ("'", '"'):
            return 1
        return None


def read_yaml(path: Path) -> tuple[SourceFile, list[Diagnostic]]:
    """Read one file; problems come back as diagnostics, never as exceptions."""
    source = SourceFile(str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        return source, [Diagnostic(Codes.YAML_SYNTAX, Span(str(path)), f"cannot read file: {reason}")]
    source.digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return parse_yaml(source, text)


def parse_yaml(source: SourceFile, text: str) -> tuple[SourceFile, list[Diagnostic]]:
    """Fill `source` from `text`. Problems that leave the data usable (a duplicate key, a tag)
    are reported and the data kept; a syntax error leaves `data` None."""
    loader = Loader(text)
    diagnostics: list[Diagnostic] = []
    try:
        node = loader.get_single_node()
        if node is not None:
            looping = _self_alias(node, set(), set())
            if looping is not None:
                diagnostics.append(
                    Diagnostic(Codes.YAML_SYNTAX, _span(source.path, looping), "YAML syntax: an alias refers to itself")
                )
                return source, diagnostics
            size = _expanded_size(node, {})
            if size > MAX_VALUES:
                diagnostics.append(
                    Diagnostic(
                        Codes.YAML_SYNTAX,
                        _span(source.path, node),
                        f"YAML syntax: aliases expand this file to over {MAX_VALUES:,} values",
                        hint="use fewer nested anchors and aliases",
                    )
                )
                return source, diagnostics
            source.data = _Converter(loader, source, diagnostics).convert(node, ())
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


def _forget(source: SourceFile) -> None:
    source.data = None
    source.parsed = False
    source._values.clear()
    source._keys.clear()


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
    children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
    for child in children:
        found = _self_alias(child, active, done)
        if found is not None:
            return found
    active.discard(id(node))
    done.add(id(node))
    return None


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """How many values `node` becomes once every alias is expanded, counted without expanding."""
    known = memo.get(id(node))
    if known is not None:
        return known
    if isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    else:
        size = 1
    memo[id(node)] = min(size, MAX_VALUES + 1)
    return memo[id(node)]


class _Converter:
    """Node tree -> plain dicts, lists and scalars, recording marks on the way down."""

    def __init__(self, loader: Any, source: SourceFile, diagnostics: list[Diagnostic]) -> None:
        self.loader = loader
        self.source = source
        self.diagnostics = diagnostics

    def refuse_tag(self, node: yaml.Node) -> None:
        """Report a tag; the node is then read as if untagged, so nothing else cascades from it."""
        self.diagnostics.append(
            Diagnostic(
                Codes.YAML_SYNTAX,
                _span(self.source.path, node),
                f"YAML syntax: the tag '{node.tag}' is not allowed",
                hint="scene files are plain YAML: remove the tag",
            )
        )

    def convert(self, node: yaml.Node, path: PathKey) -> Any:
        style = node.style if isinstance(node, yaml.ScalarNode) else None
        self.source._values[path] = (
            node.start_mark.line + 1,
            node.start_mark.column + 1,
            style,
            node.end_mark.line + 1,
        )
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.refuse_tag(node)
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag != _MAP:
            self.refuse_tag(node)
        return self.mapping(node, path)

    def mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[Any, Any]:
        explicit = sum(1 for key, _ in node.value if key.tag != _MERGE)
        self.loader.flatten_mapping(node)
        merged = len(node.value) - explicit  # flatten_mapping puts merged pairs first
        result: dict[Any, Any] = {}
        from_merge: set[Any] = set()
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
            key = _key_text(self.scalar(key_node))
            child = path + (key,)
            is_merged = index < merged
            if key in result:
                if is_merged:
                    continue  # the first merged mapping that has the key wins, as YAML says
                if key not in from_merge:
                    first = self.source._keys[child][0]
                    self.diagnostics.append(
                        Diagnostic(
                            Codes.DUPLICATE_KEY,
                            _span(self.source.path, key_node),
                            f"key '{key}' appears twice in this mapping (first on line {first})",
                            hint="only one can count; remove or rename the other",
                        )
                    )
                    continue
                from_merge.discard(key)  # an explicit key overrides a merged one
            elif is_merged:
                from_merge.add(key)
            self.source._keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.convert(value_node, child)
        return result

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _INT:
            return self.loader.construct_yaml_int(node)
        if tag == _BOOL:
            return self.loader.construct_yaml_bool(node)
        if tag == _NULL:
            return None
        if tag in _SCALAR_TAGS:
            return self.loader.construct_object(node, deep=True)
        self.refuse_tag(node)
        return node.value  # read as plain text, so the refusal is the only finding here


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
