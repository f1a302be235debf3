"""Where every scene, choice, ending and variable of a pack is defined and named.

The language server answers go-to-definition, references, hover, rename, completion and
document symbols from this index. It is built from the loader's own YAML reader (`parse_yaml`,
with positions) and the scene language's own parsers (`parse_expr`, `parse_effect`,
`parse_template`), so a name is found exactly where the checker would report it, inside block
scalars too (`SourceFile.char_span`). A file is indexed even when the pack has errors: an
author in the middle of a rename still needs to find the other uses. Each file's entry is
cached by its text, so an edit re-indexes only the file it touches.
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass, field
from typing import Any, Iterable

from game.expr.parse import ExprSyntaxError, parse_effect, parse_expr
from game.expr.template import TemplateError, parse_template
from game.story.loader import prose
from game.story.source import PathKey, SourceFile, parse_yaml

_CONSTANT_NAMES = {"true", "false", "True", "False"}


@dataclass(frozen=True)
class Place:
    """A name as written: 1-based line and column (in characters) and its length."""

    path: str
    line: int
    col: int
    length: int

    def contains(self, line: int, col: int) -> bool:
        """Whether the 1-based (line, col) is on the name, or just after it (where a cursor rests)."""
        return line == self.line and self.col <= col <= self.col + self.length


@dataclass(frozen=True)
class Occurrence:
    """One place a name is written: its definition or one use of it."""

    kind: str
    """`scene`, `choice` (named `scene.choice`), `ending` or `variable`."""
    name: str
    place: Place
    role: str
    """`def`; for scenes `to`, `start`, `renamed` or `walk`; for variables `read`, `write` or `text`."""
    origin: str = ""
    """For a `to` of a scene: the choice (`scene.choice`) that leads there."""


@dataclass
class ChoiceInfo:
    id: str
    text: str
    place: Place | None
    lines: tuple[int, int]


@dataclass
class SceneInfo:
    id: str
    path: str
    place: Place
    title: str
    act: Any
    words: int
    lines: tuple[int, int]
    choices: list[ChoiceInfo] = field(default_factory=list)
    ending: str | None = None


@dataclass
class VariableInfo:
    name: str
    place: Place
    declared: dict[str, Any]
    """The declaration as written (type, initial, min, max, values, doc, label)."""


@dataclass
class FileIndex:
    """What one file defines and names."""

    path: str
    kind: str
    """`story`, `scenes` or `walk`."""
    source: SourceFile
    occurrences: list[Occurrence] = field(default_factory=list)
    scenes: dict[str, SceneInfo] = field(default_factory=dict)
    variables: dict[str, VariableInfo] = field(default_factory=dict)

    def place(self, path: PathKey, *, key: bool = False, name: str | None = None, skip: int = 0) -> Place | None:
        """The place of the scalar (or key) at `path`, covering `name` (default: the whole value)."""
        source = self.source
        if key:
            found = source.keys.get(tuple(path))
            if found is None:
                return None
            line, col = found
            text = str(path[-1])
            quoted = self._char(line, col) in ("'", '"')
        else:
            entry = source.values.get(tuple(path))
            if entry is None:
                return None
            line, col, style, _ = entry
            text = name if name is not None else str(_value_at(source.data, path))
            quoted = style in ("'", '"')
        return Place(self.path, line, col + (1 if quoted else 0) + skip, len(text if name is None else name))

    def char_place(self, path: PathKey, offset: int, length: int) -> Place | None:
        """The place of `length` characters at `offset` into the string at `path`."""
        span = self.source.char_span(self.source.scalar_path(path), offset)
        return None if span is None else Place(self.path, span.line, span.col, length)

    def _char(self, line: int, col: int) -> str:
        lines = self.source._lines  # filled with the positions
        if 0 < line <= len(lines) and 0 < col <= len(lines[line - 1]):
            return lines[line - 1][col - 1]
        return ""


def _value_at(data: Any, path: PathKey) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return ""
    return data


def index_file(path: str, text: str, kind: str) -> FileIndex:
    """Index one file's text; a file that does not parse defines and names nothing."""
    source, _ = parse_yaml(SourceFile(path), text)
    entry = FileIndex(path, kind, source)
    data = source.data
    if not isinstance(data, dict):
        return entry
    if kind == "story":
        _index_story(entry, data)
    elif kind == "walk":
        _index_walk(entry, data)
    else:
        _index_scenes(entry, data)
    return entry


def _add(entry: FileIndex, kind: str, name: str, place: Place | None, role: str, origin: str = "") -> None:
    if place is not None and name:
        entry.occurrences.append(Occurrence(kind, name, place, role, origin))


def _index_story(entry: FileIndex, data: dict[str, Any]) -> None:
    if isinstance(data.get("start"), str):
        _add(entry, "scene", data["start"], entry.place(("start",)), "start")
    variables = data.get("variables")
    if isinstance(variables, dict):
        for name, declared in variables.items():
            place = entry.place(("variables", name), key=True)
            if place is None:
                continue
            entry.variables[name] = VariableInfo(name, place, declared if isinstance(declared, dict) else {})
            _add(entry, "variable", name, place, "def")
    renamed = data.get("renamed")
    if isinstance(renamed, dict):
        for old, new in renamed.items():
            if isinstance(new, str) and "." not in new:
                _add(entry, "scene", new, entry.place(("renamed", old)), "renamed")


def _index_scenes(entry: FileIndex, data: dict[str, Any]) -> None:
    scenes = data.get("scenes")
    if not isinstance(scenes, dict):
        return
    for sid, scene in scenes.items():
        at: PathKey = ("scenes", sid)
        place = entry.place(at, key=True)
        if place is None:
            continue
        _add(entry, "scene", sid, place, "def")
        if not isinstance(scene, dict):
            entry.scenes[sid] = SceneInfo(sid, entry.path, place, "", data.get("act"), 0, (place.line, place.line))
            continue
        info = SceneInfo(
            sid, entry.path, place, str(scene.get("title", "")), scene.get("act", data.get("act")),
            _words(scene.get("text")), _lines(entry, at, place.line),
        )
        entry.scenes[sid] = info
        _template(entry, at + ("title",), scene.get("title"), single_line=True)
        text = scene.get("text")
        if isinstance(text, str):
            _template(entry, at + ("text",), text)
        elif isinstance(text, list):
            for i, part in enumerate(text):
                if isinstance(part, dict):
                    _template(entry, at + ("text", i, "text"), part.get("text"))
                    _expression(entry, at + ("text", i, "if"), part.get("if"))
        ending = scene.get("ending")
        if isinstance(ending, dict) and isinstance(ending.get("id"), str):
            info.ending = ending["id"]
            _add(entry, "ending", ending["id"], entry.place(at + ("ending", "id")), "def")
        choices = scene.get("choices")
        for i, choice in enumerate(choices if isinstance(choices, list) else ()):
            if isinstance(choice, dict):
                _index_choice(entry, info, at + ("choices", i), choice)
        timer = scene.get("timer")
        if isinstance(timer, dict) and isinstance(timer.get("default"), str):
            _add(entry, "choice", f"{sid}.{timer['default']}", entry.place(at + ("timer", "default")), "timer")


def _index_choice(entry: FileIndex, scene: SceneInfo, at: PathKey, choice: dict[str, Any]) -> None:
    cid = choice.get("id")
    cid = cid if isinstance(cid, str) else ""
    origin = f"{scene.id}.{cid}"
    place = entry.place(at + ("id",)) if cid else None
    scene.choices.append(ChoiceInfo(cid, str(choice.get("text", "")), place, _lines(entry, at, place.line if place else scene.place.line)))
    _add(entry, "choice", origin, place, "def")
    _template(entry, at + ("text",), choice.get("text"), single_line=True)
    _expression(entry, at + ("if",), choice.get("if"))
    _effects(entry, at + ("do",), choice.get("do"))
    if isinstance(choice.get("to"), str):
        _add(entry, "scene", choice["to"], entry.place(at + ("to",)), "to", origin)
    outcomes = choice.get("outcomes")
    for k, outcome in enumerate(outcomes if isinstance(outcomes, list) else ()):
        if not isinstance(outcome, dict):
            continue
        out_at = at + ("outcomes", k)
        _expression(entry, out_at + ("weight",), outcome.get("weight"))
        _effects(entry, out_at + ("do",), outcome.get("do"))
        if isinstance(outcome.get("to"), str):
            _add(entry, "scene", outcome["to"], entry.place(out_at + ("to",)), "to", origin)


def _index_walk(entry: FileIndex, data: dict[str, Any]) -> None:
    if isinstance(data.get("ending"), str):
        _add(entry, "ending", data["ending"], entry.place(("ending",)), "walk")
    steps = data.get("steps")
    for i, step in enumerate(steps if isinstance(steps, list) else ()):
        if not isinstance(step, dict):
            continue
        choose = step.get("choose")
        at: PathKey = ("steps", i, "choose")
        if isinstance(choose, dict):
            choose, at = choose.get("id"), at + ("id",)
        if isinstance(choose, str):
            scene, dot, local = choose.rpartition(".")
            if dot:
                _add(entry, "scene", scene, entry.place(at, name=scene), "walk")
                _add(entry, "choice", choose, entry.place(at, name=local, skip=len(scene) + 1), "walk")
        expect = step.get("expect")
        if isinstance(expect, dict):
            if isinstance(expect.get("scene"), str):
                _add(entry, "scene", expect["scene"], entry.place(("steps", i, "expect", "scene")), "walk")
            variables = expect.get("vars")
            if isinstance(variables, dict):
                for name in variables:
                    _add(entry, "variable", name, entry.place(("steps", i, "expect", "vars", name), key=True), "read")


def _lines(entry: FileIndex, at: PathKey, first: int) -> tuple[int, int]:
    """The lines a mapping spans, from its key (or first line) to its last written line."""
    found = entry.source.values.get(tuple(at))
    if found is None:
        return first, first
    last = found[3]
    if last > found[0]:
        last -= 1  # a block ends where the next token starts, on the line after its own
    lines = entry.source._lines
    while last > first and (last > len(lines) or not lines[last - 1].strip() or lines[last - 1].lstrip().startswith("#")):
        last -= 1
    return first, max(first, last)


def _words(text: Any) -> int:
    if isinstance(text, str):
        return len(text.split())
    if isinstance(text, list):
        return sum(len(str(p.get("text", "")).split()) for p in text if isinstance(p, dict))
    return 0


def _template(entry: FileIndex, at: PathKey, text: Any, single_line: bool = False) -> None:
    """Every `{name}` of a text, at the name itself (the checker's offsets point at the brace)."""
    if not isinstance(text, str) or "{" not in text:
        return
    shown = " ".join(text.splitlines()) if single_line else prose(text)
    try:
        _, names = parse_template(shown)
    except TemplateError:
        return  # the loader reports it
    for name, offset in names:
        _add(entry, "variable", name, entry.char_place(at, offset + 1, len(name)), "text")


def _expression(entry: FileIndex, at: PathKey, text: Any) -> None:
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        return
    try:
        tree = parse_expr(str(text)).tree
    except ExprSyntaxError:
        return
    _names(entry, at, tree, "read")


def _effects(entry: FileIndex, at: PathKey, effects: Any) -> None:
    listed = effects if isinstance(effects, list) else [effects]
    for j, text in enumerate(listed):
        if not isinstance(text, str):
            continue
        try:
            effect = parse_effect(text)
        except ExprSyntaxError:
            continue
        path = at + (j,) if isinstance(effects, list) else at
        _add(entry, "variable", effect.target, entry.char_place(path, effect.target_offset, len(effect.target)), "write")
        _names(entry, path, effect.value, "read")


def _names(entry: FileIndex, at: PathKey, tree: ast.AST, role: str) -> None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in _CONSTANT_NAMES:
            _add(entry, "variable", node.id, entry.char_place(at, node.col_offset, len(node.id)), role)


@dataclass
class PackIndex:
    """The pack's files merged: definitions by name, and every occurrence."""

    files: dict[str, FileIndex]
    scenes: dict[str, SceneInfo] = field(default_factory=dict)
    variables: dict[str, VariableInfo] = field(default_factory=dict)
    endings: dict[str, str] = field(default_factory=dict)
    """Ending id -> the scene that holds it."""
    start: str | None = None

    def __post_init__(self) -> None:
        for entry in self.files.values():
            for sid, info in entry.scenes.items():
                self.scenes.setdefault(sid, info)
                if info.ending:
                    self.endings.setdefault(info.ending, sid)
            for name, var in entry.variables.items():
                self.variables.setdefault(name, var)
            if entry.kind == "story":
                self.start = next((o.name for o in entry.occurrences if o.role == "start"), None)

    def occurrences(self) -> Iterable[Occurrence]:
        for entry in self.files.values():
            yield from entry.occurrences

    def at(self, path: str, line: int, col: int) -> Occurrence | None:
        """The name written at the 1-based (line, col) of the file at `path`, if any."""
        entry = self.files.get(path)
        if entry is None:
            return None
        return next((o for o in entry.occurrences if o.place.contains(line, col)), None)

    def of(self, kind: str, name: str) -> list[Occurrence]:
        return [o for o in self.occurrences() if o.kind == kind and o.name == name]

    def definition(self, kind: str, name: str) -> Occurrence | None:
        return next((o for o in self.of(kind, name) if o.role == "def"), None)

    def choice_ids(self) -> dict[str, str]:
        """Global choice id -> its text."""
        return {f"{sid}.{c.id}": c.text for sid, s in self.scenes.items() for c in s.choices if c.id}


class IndexCache:
    """File entries by path and text, so an unchanged file is never parsed twice."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, FileIndex]] = {}

    def entry(self, path: str, text: str, kind: str) -> FileIndex:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        cached = self._entries.get(path)
        if cached is not None and cached[0] == digest:
            return cached[1]
        entry = index_file(path, text, kind)
        self._entries[path] = (digest, entry)
        return entry
