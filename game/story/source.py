"""YAML documents with the position of every key and value.

Scene files are read with PyYAML's safe loader (the C one when present): its composer gives a
node tree with marks, which we turn into plain values while recording where each came from,
keyed by the path of keys and indexes that leads to it. Diagnostics then point at the exact
key or value, however deep the model check that found the problem. A key written twice in one
mapping is reported, where `yaml.safe_load` would silently keep the last one.
"""

from __future__ import annotations

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

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


@dataclass
class SourceFile:
    """One YAML file: its plain data, and where each key and value of it sits."""

    path: str
    data: Any = None
    values: dict[PathKey, tuple[int, int, str | None]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def span(self, path: PathKey, *, key: bool = False) -> Span:
        """The position of the value (or its key) at `path`, or of its nearest located parent."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                line, col = table[probe][:2]
                return Span(self.path, line, col)
            if key and probe in self.values:
                line, col = self.values[probe][:2]
                return Span(self.path, line, col)
            probe = probe[:-1]
        if () in self.values:
            line, col = self.values[()][:2]
            return Span(self.path, line, col)
        return Span(self.path, 1, 1)

    def text_offset(self, path: PathKey) -> int | None:
        """Columns between a scalar's mark and its first character, or None for multi-line styles.

        Lets an error inside an expression point at the offending character, not just the value.
        """
        entry = self.values.get(tuple(path))
        if entry is None:
            return None
        style = entry[2]
        if style is None or style == "":
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
    return parse_yaml(source, text)


def parse_yaml(source: SourceFile, text: str) -> tuple[SourceFile, list[Diagnostic]]:
    loader = Loader(text)
    diagnostics: list[Diagnostic] = []
    try:
        node = loader.get_single_node()
        if node is not None:
            source.data = _Converter(loader, source, diagnostics).convert(node, ())
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = err.problem or err.context or "invalid YAML"
        context = f" ({err.context})" if err.context and err.problem else ""
        lines = text.splitlines()
        at_tab = line <= len(lines) and lines[line - 1][col - 1 : col] == "\t"
        diagnostics.append(
            Diagnostic(
                Codes.YAML_SYNTAX,
                Span(source.path, line, col),
                f"YAML syntax: {problem}{context}",
                hint="YAML indents with spaces; replace the tab" if at_tab else None,
            )
        )
        source.data = None
    except yaml.YAMLError as err:
        diagnostics.append(Diagnostic(Codes.YAML_SYNTAX, Span(source.path, 1, 1), f"YAML syntax: {err}"))
        source.data = None
    finally:
        loader.dispose()
    return source, diagnostics


class _Converter:
    """Node tree -> plain dicts, lists and scalars, recording marks on the way down."""

    def __init__(self, loader: Any, source: SourceFile, diagnostics: list[Diagnostic]) -> None:
        self.loader = loader
        self.source = source
        self.diagnostics = diagnostics
        self.active: set[int] = set()

    def convert(self, node: yaml.Node, path: PathKey) -> Any:
        mark = node.start_mark
        style = node.style if isinstance(node, yaml.ScalarNode) else None
        self.source.values[path] = (mark.line + 1, mark.column + 1, style)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if id(node) in self.active:
            self.diagnostics.append(
                Diagnostic(Codes.YAML_SYNTAX, self.source.span(path), "YAML syntax: an alias refers to itself")
            )
            return None
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
            return self.mapping(node, path)
        finally:
            self.active.discard(id(node))

    def mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[Any, Any]:
        self.loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.diagnostics.append(
                    Diagnostic(
                        Codes.WRONG_TYPE,
                        _span(self.source.path, key_node),
                        "a mapping key must be a plain word, not a list or mapping",
                    )
                )
                continue
            key = self.scalar(key_node)
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            child = path + (key,)
            if key in result:
                first = self.source.keys[child][0]
                self.diagnostics.append(
                    Diagnostic(
                        Codes.DUPLICATE_KEY,
                        _span(self.source.path, key_node),
                        f"key '{key}' appears twice in this mapping (first on line {first})",
                        hint="only one can count; remove or rename the other",
                    )
                )
                continue
            self.source.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
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
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as err:
            self.diagnostics.append(
                Diagnostic(Codes.YAML_SYNTAX, _span(self.source.path, node), f"YAML syntax: {err.problem}")
            )
            return None


def _span(path: str, node: yaml.Node) -> Span:
    return Span(path, node.start_mark.line + 1, node.start_mark.column + 1)
