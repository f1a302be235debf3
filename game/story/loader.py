"""Reading a scene pack: YAML -> checked, frozen `Story`, or every diagnostic at once.

The loader is the only place that knows the whole pack, so it owns the checks that cross
objects: ids unique across files, every target a scene, every expression typed against the
declarations, every `{name}` declared. It keeps going after an error so one run shows an
author all of them; only a pack without errors becomes a `Story`. Shapes are checked by the
pydantic models in `model` (see there for why pydantic), whose errors `model_errors` maps back
to `file:line:col`; findings that only follow from a file that could not be read at all are
dropped rather than reported as noise, and a pack missing anything never becomes a `Story`
without an error that says why.

A pack is bounded before any file in it is parsed (`MAX_SCENE_FILES`, `MAX_PACK_BYTES`,
`MAX_FOLDER_DEPTH`; each file by `source.MAX_FILE_BYTES`, aliases by one `AliasBudget` for the
whole pack), so pointing `--scenes` at `/` is refused at once instead of parsing the disk.
"""

from __future__ import annotations

import hashlib
import keyword
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from game import collector
from game.diagnostics import Codes, Diagnostic, Span, did_you_mean, sort_key
from game.errors import ContentError
from game.expr.check import INT_MAX, INT_MIN, Problem, VarType, check_condition, check_effect, check_weight, fits_int, show_int
from game.expr.template import Template, TemplateError, parse_template
from game.story.model import MAX_TIMER_SECONDS, Choice, Scene, Story, StoryFile, Variable, freeze
from game.story.model_errors import describe, expr_span, model_diagnostics
from game.story.source import MAX_FILE_BYTES, AliasBudget, PathKey, SourceFile, read_yaml

STORY_FILE = "story.yaml"
SCENE_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
VARIABLE_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")
_RESERVED = {"true", "false"}
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_MIB = 1024 * 1024

MAX_SCENE_FILES = 20_000
"""Scene files one pack may hold; the generated 10,000-scene pack passes even at one scene a file."""

MAX_PACK_BYTES = 64 * _MIB
"""Bytes the scene files of one pack may hold together: ten times the generated 10,000-scene pack."""

MAX_FOLDER_DEPTH = 4
"""Folders below the pack that scene files may sit in (the shipped story uses one level, `act1/`)."""


def load_story(root: Path) -> Story:
    """The story in `root`; raises `ContentError` with every diagnostic if it has errors."""
    story, diagnostics = check_pack(root)
    if story is None:
        raise ContentError(diagnostics)
    return story


def check_pack(root: Path) -> tuple[Story | None, list[Diagnostic]]:
    """The story (None when there are errors) and every diagnostic, sorted by position."""
    pack = _Pack(Path(root))
    with collector.paused():  # see there: the pack's objects all stay alive
        story = pack.build()
    pack.diagnostics.sort(key=sort_key)
    return story, pack.diagnostics


def scene_files(root: Path) -> list[Path]:
    """Every scene file of a pack: `*.yaml` below it, but not story.yaml, walkthroughs or hidden folders."""
    return scan_pack(root)[0]


def scan_pack(root: Path) -> tuple[list[Path], Diagnostic | None]:
    """The pack's scene files, sorted, and the limit the pack goes over (the walk stops there), if any.

    Symlinked folders are not followed: a link to `/`, or to a parent, would walk the disk. A
    `*.yaml` entry that is not a regular file is listed, so that reading it refuses it by name.
    """
    scan = _scan(root)
    return sorted(scan.files), scan.problem


def _scan(root: Path) -> _Scan:
    scan = _Scan(root)
    scan.walk(root, 0)
    return scan


@dataclass
class _Scan:
    """One walk of a pack's folders, stopped at the first limit it goes over."""

    root: Path
    files: list[Path] = field(default_factory=list)
    misnamed: list[Path] = field(default_factory=list)
    """`*.yml` files (walkthroughs aside): not read (scene files end in `.yaml`), but named in
    the hint of an unknown scene, so a scene written in one is never met with a wrong guess."""
    size: int = 0
    """Bytes of the files found that are small enough to be read."""
    problem: Diagnostic | None = None

    def walk(self, folder: Path, depth: int) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return  # a folder we may not list holds nothing we could read
        for entry in entries:
            if self.problem is not None:
                return
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                if depth == MAX_FOLDER_DEPTH:
                    self.refuse(
                        Span(entry.path),
                        f"this folder is more than {MAX_FOLDER_DEPTH} levels below the pack, deeper than scene files may sit",
                        "move its files up, or start its name with '.' to keep it out of the pack",
                    )
                    return
                self.walk(Path(entry.path), depth + 1)
            elif entry.name.endswith(".yaml") and not entry.name.endswith(".walk.yaml"):
                if depth > 0 or entry.name != STORY_FILE:
                    self.add(entry)
            elif entry.name.endswith(".yml") and not entry.name.endswith(".walk.yml"):
                self.misnamed.append(Path(entry.path))

    def add(self, entry: os.DirEntry[str]) -> None:
        self.files.append(Path(entry.path))
        try:
            size = entry.stat().st_size
        except OSError:
            size = 0  # reading it will say why
        if size <= MAX_FILE_BYTES:
            self.size += size
        if len(self.files) > MAX_SCENE_FILES:
            self.refuse(Span(str(self.root)), f"the pack holds more than {MAX_SCENE_FILES:,} scene files, the most one pack may hold")
        elif self.size > MAX_PACK_BYTES:
            self.refuse(Span(str(self.root)), f"the pack's scene files hold more than {MAX_PACK_BYTES // _MIB} MiB, the most one pack may hold")

    def refuse(self, span: Span, message: str, hint: str = "check that this is the pack's folder") -> None:
        self.problem = Diagnostic(Codes.NO_STORY, span, message, hint)


def prose(text: str) -> str:
    """Paragraphs split on blank lines, each paragraph's lines joined, as front ends wrap them."""
    paragraphs = (" ".join(line.strip() for line in para.splitlines()) for para in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


@dataclass
class _Located:
    scene: Scene
    source: SourceFile
    act: int
    text_listed: bool
    """`text:` was written as a list of parts (so each part has its own position)."""


@dataclass
class _Pack:
    root: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    decls: dict[str, VarType] = field(default_factory=dict)
    scenes: dict[str, _Located] = field(default_factory=dict)
    templates: dict[str, Template] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    """Pack-relative path -> SHA-256 of the file, for the story's fingerprint."""
    scene_ids: set[str] = field(default_factory=set)
    """Every scene id written, even of scenes too broken to load, so targets do not cascade."""
    ids_incomplete: bool = False
    """A scene file did not parse: its ids are unknown, so 'unknown scene' would mislead."""
    decls_incomplete: bool = False
    """story.yaml did not parse: 'undeclared variable' would mislead."""
    misnamed: list[Path] = field(default_factory=list)
    """The pack's `*.yml` files, found by the same walk as its scene files."""
    budget: AliasBudget = field(default_factory=AliasBudget)
    whole_choices: dict[str, tuple[SourceFile, list[tuple[int, Choice]]]] = field(default_factory=dict)
    """Scenes whose model failed, with their choices that are whole by themselves: those are
    checked like any other, so a mistake in one choice does not hide another choice's errors."""
    refused: dict[Span, Diagnostic] = field(default_factory=dict)
    """Where the YAML reader refused a value (a bad date, a number too long): the value is kept
    as text, so the model's 'wrong type' at the same place would say the same thing twice."""
    """What aliases may still add, shared by every file of the pack."""

    def add(self, code: Any, span: Span, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, span, message, hint))

    def build(self) -> Story | None:
        if not self.root.is_dir():
            self.add(Codes.NO_STORY, Span(str(self.root)), "no such folder: the scene pack must be a folder")
            return None
        header, header_source = self.read_header()
        scan = _scan(self.root)
        files, over_limit, self.misnamed = sorted(scan.files), scan.problem, sorted(scan.misnamed)
        if over_limit is not None:
            self.diagnostics.append(over_limit)
            self.ids_incomplete = True
            files = []  # a pack over a limit is refused whole, before any of it is parsed
        for path in files:
            self.read_scene_file(path)
        if not files and over_limit is None:
            self.ids_incomplete = True
            if header_source is not None:
                self.add(Codes.NO_STORY, Span(str(self.root)), "no scene files: add a *.yaml file with a 'scenes:' mapping")
        for sid, located in self.scenes.items():
            self.check_scene(sid, located)
        for sid, (source, choices) in self.whole_choices.items():
            seen: dict[str, int] = {}
            for i, choice in choices:
                self.check_choice(sid, i, choice, source, seen)
        endings: dict[str, str] = {}
        for sid, located in self.scenes.items():
            ending = located.scene.ending
            if ending is None:
                continue
            if ending.id in endings:
                span = located.source.span(("scenes", sid, "ending", "id"))
                first = self.scenes[endings[ending.id]].source.span(("scenes", endings[ending.id], "ending", "id"))
                self.add(Codes.DUPLICATE_ID, span, f"ending '{ending.id}' is already used at {first.render()}")
            else:
                endings[ending.id] = sid
        if header is not None and header_source is not None and header.start not in self.scene_ids:
            self.unknown_scene(header.start, header_source.span(("start",)))
        if header is not None and header_source is not None:
            self.check_renames(header.renamed, header_source)
        self.drop_cascades()
        if header_source is not None:  # checked: positions are rebuilt from the file if ever asked for
            header_source.release()
        if header is None or self.ids_incomplete or self.decls_incomplete or self.has_errors():
            self.ensure_an_error()
            return None
        return Story(
            title=header.title,
            version=header.version,
            start=header.start,
            variables=freeze(header.variables),
            scenes=freeze({sid: loc.scene for sid, loc in self.scenes.items()}),
            root=str(self.root),
            scene_files=freeze({sid: loc.source.path for sid, loc in self.scenes.items()}),
            templates=freeze(self.templates),
            fingerprint=hashlib.sha256(
                "".join(f"{name}\0{digest}\n" for name, digest in sorted(self.digests.items())).encode()
            ).hexdigest(),
            _locations=freeze({sid: loc.source for sid, loc in self.scenes.items()}),
            renamed=freeze(header.renamed),
            _header=header_source,
            panel_title=header.panel.title,
        )

    def has_errors(self) -> bool:
        return any(d.severity.is_error for d in self.diagnostics)

    def ensure_an_error(self) -> None:
        """A pack that does not load says why: a front end must never fail with nothing to show."""
        if not self.has_errors():
            self.add(
                Codes.NO_STORY,
                Span(str(self.root)),
                "the pack could not be read completely, and no file said why",
                hint="please report this, with the pack",
            )

    def check_renames(self, renamed: dict[str, str], source: SourceFile) -> None:
        """Each old id must be gone and each new one must exist, or saves would follow a ghost."""
        choices = {f"{sid}.{c.id}" for sid, loc in self.scenes.items() for c in loc.scene.choices}
        for old, new in renamed.items():
            at = ("renamed", old)
            is_choice = "." in old
            known = choices if is_choice else self.scene_ids
            what = "choice" if is_choice else "scene"
            if ("." in new) != is_choice:
                self.add(Codes.WRONG_TYPE, source.span(at), f"'{old}' is a {what} id, so it must be renamed to a {what} id, not '{new}'", hint="scenes are renamed to scenes ('old: new'), choices to choices ('scene.old: scene.new')")
            elif new not in known:
                self.add(Codes.UNKNOWN_SCENE if not is_choice else Codes.CHOICE_TARGET, source.span(at), f"'{old}' is renamed to unknown {what} '{new}'{did_you_mean(new, known)}")
            if old in known:
                self.add(Codes.DUPLICATE_ID, source.span(at, key=True), f"'{old}' is renamed but still exists as a {what}", hint="remove the entry, or the old id")

    def drop_cascades(self) -> None:
        """Forget findings that only follow from a file we could not read at all."""
        dropped = set()
        if self.ids_incomplete:
            dropped.add(Codes.UNKNOWN_SCENE)
        if self.decls_incomplete:
            dropped.add(Codes.UNDECLARED_VARIABLE)
        self.diagnostics = [
            d for d in self.diagnostics
            if d.code not in dropped and not (d.code is Codes.WRONG_TYPE and self.refused.get(d.span, d) is not d)
        ]

    def read_header(self) -> tuple[StoryFile | None, SourceFile | None]:
        path = self.root / STORY_FILE
        if not path.exists() and not path.is_symlink():
            self.add(Codes.NO_STORY, Span(str(path)), f"no {STORY_FILE} in {self.root}: a pack needs one")
            return None, None
        source, problems = read_yaml(path, self.budget)
        self.diagnostics.extend(problems)
        self.refused.update((d.span, d) for d in problems if d.code is Codes.WRONG_TYPE)
        self.digests[STORY_FILE] = source.digest
        data = source.data
        if not isinstance(data, dict):
            self.decls_incomplete = True
            if source.parsed and data is None:
                self.add(Codes.MISSING_KEY, source.span(()), f"{STORY_FILE} is empty: it needs 'title', 'version' and 'start'")
            elif source.parsed:
                self.add(Codes.WRONG_TYPE, source.span(()), f"{STORY_FILE} must be a mapping, not {describe(data)}")
            return None, source
        try:
            header = StoryFile.model_validate(data)
        except ValidationError as err:
            self.diagnostics.extend(model_diagnostics(err, source, (), StoryFile))
            header = None
            self.salvage_variables(data.get("variables"), source)
        else:
            for name, var in header.variables.items():
                self.declare(name, var, source)
        return header, source

    def salvage_variables(self, raw: Any, source: SourceFile) -> None:
        """Declare what we can of a broken story.yaml, so scenes are not buried in 'undeclared' errors."""
        if not isinstance(raw, dict):
            return
        for name, spec in raw.items():
            try:
                var = Variable.model_validate(spec)
            except ValidationError:
                kind = spec.get("type") if isinstance(spec, dict) else None
                if kind in ("bool", "int", "str", "enum"):  # the name and type are enough to check its uses
                    values = spec.get("values")
                    listed = tuple(v for v in values if isinstance(v, str)) if isinstance(values, list) else ()
                    self.decls[name] = VarType(name, kind, None, None, listed)
                continue
            self.declare(name, var, source, report=False)

    def declare(self, name: str, var: Variable, source: SourceFile, report: bool = True) -> None:
        at = ("variables", name)
        if report and (not VARIABLE_NAME.match(name) or keyword.iskeyword(name) or name in _RESERVED):
            self.add(
                Codes.BAD_ID,
                source.span(at, key=True),
                f"'{name}' cannot be a variable name",
                hint="use lower-case letters, digits and '_', starting with a letter; not a keyword",
            )
        problems: list[tuple[str, str]] = []
        initial = var.initial
        if var.type != "int" and (var.min is not None or var.max is not None):
            problems.append(("min", "'min' and 'max' belong to int variables only"))
        if var.type != "enum" and var.values is not None:
            problems.append(("values", "'values' belongs to enum variables only"))
        if var.type == "bool" and not isinstance(initial, bool):
            problems.append(("initial", f"the initial value of a bool must be true or false, not {describe(initial)}"))
        elif var.type == "str" and not isinstance(initial, str):
            problems.append(("initial", f"the initial value of a str must be a string, not {describe(initial)}"))
        elif var.type == "int":
            if not isinstance(initial, int) or isinstance(initial, bool):
                problems.append(("initial", f"the initial value of an int must be a whole number, not {describe(initial)}"))
            elif not fits_int(initial):
                pass  # `int_limits` says so, once
            elif (var.min is not None and initial < var.min) or (var.max is not None and initial > var.max):
                low = "" if var.min is None else show_int(var.min)
                high = "" if var.max is None else show_int(var.max)
                problems.append(("initial", f"the initial value {initial} is outside {low}..{high}"))
            if var.min is not None and var.max is not None and var.min > var.max:
                problems.append(("min", f"'min' ({show_int(var.min)}) is above 'max' ({show_int(var.max)})"))
        elif var.type == "enum":
            values = var.values or ()
            if not values:
                problems.append(("type", "an enum needs a non-empty 'values' list"))
            elif len(set(values)) != len(values):
                problems.append(("values", "an enum's values must be different from each other"))
            if values and initial not in values:
                hint = did_you_mean(initial, values) if isinstance(initial, str) else ""
                shown = repr(initial) if isinstance(initial, str) else describe(initial)
                problems.append(("initial", f"the initial value {shown} is not one of the values{hint}"))
        if report:
            for key, message in problems:
                self.add(Codes.BAD_DECLARATION, source.span(at + (key,)), message)
            self.int_limits(var, source, at)
        self.decls[name] = VarType(name, var.type, var.min, var.max, tuple(var.values or ()))

    def int_limits(self, var: Variable, source: SourceFile, at: PathKey) -> None:
        """An int's `min`, `max` and `initial` must lie in the range every whole number shares."""
        if var.type != "int":
            return
        for key in ("min", "max", "initial"):
            value = getattr(var, key)
            if isinstance(value, int) and not isinstance(value, bool) and not fits_int(value):
                self.add(
                    Codes.OUT_OF_RANGE,
                    source.span(at + (key,)),
                    f"'{key}' ({show_int(value)}) is outside the range of whole numbers ({INT_MIN}..{INT_MAX})",
                )

    def read_scene_file(self, path: Path) -> SourceFile | None:
        source, problems = read_yaml(path, self.budget)
        self.diagnostics.extend(problems)
        self.refused.update((d.span, d) for d in problems if d.code is Codes.WRONG_TYPE)
        self.digests[path.relative_to(self.root).as_posix()] = source.digest
        data = source.data
        if not source.parsed:
            self.ids_incomplete = True
            return source
        if data is None:
            self.add(Codes.MISSING_KEY, source.span(()), "this scene file is empty: it needs a 'scenes:' mapping")
            return source
        if not isinstance(data, dict):
            self.add(
                Codes.WRONG_TYPE,
                source.span(()),
                f"a scene file must be a mapping with a 'scenes:' key, not {describe(data)}",
            )
            return source
        allowed = ["act", "scenes"]
        for key in data:
            if key not in allowed:
                self.add(
                    Codes.UNKNOWN_KEY,
                    source.span((key,), key=True),
                    f"unknown key '{key}'{did_you_mean(key, allowed)}",
                    hint="a scene file holds 'act' and 'scenes'; scenes go under 'scenes:'",
                )
        file_act = data.get("act")
        if file_act is not None and (not isinstance(file_act, int) or isinstance(file_act, bool) or file_act < 1):
            self.add(Codes.WRONG_TYPE, source.span(("act",)), f"'act' must be a whole number from 1, not {describe(file_act)}")
            file_act = 0  # reported once here, not again as a missing act on every scene
        if "scenes" not in data:
            self.add(Codes.MISSING_KEY, source.span(()), "missing key 'scenes'")
            return source
        raw_scenes = data["scenes"]
        if not isinstance(raw_scenes, dict):
            self.add(Codes.WRONG_TYPE, source.span(("scenes",)), f"'scenes' must be a mapping of scene id to scene, not {describe(raw_scenes)}")
            return source
        for sid, raw in raw_scenes.items():
            self.read_scene(sid, raw, source, file_act)
        source.release()  # validated: positions come back from the file only if a finding needs one
        return source

    def read_scene(self, sid: str, raw: Any, source: SourceFile, file_act: int | None) -> None:
        at: PathKey = ("scenes", sid)
        if not SCENE_ID.match(sid):
            self.add(
                Codes.BAD_ID,
                source.span(at, key=True),
                f"'{sid}' cannot be a scene id",
                hint="use lower-case letters, digits and '_', starting with a letter",
            )
        if sid in self.scenes:
            first = self.scenes[sid].source.span(("scenes", sid), key=True)
            self.add(Codes.DUPLICATE_ID, source.span(at, key=True), f"scene '{sid}' is already defined at {first.render()}")
            return
        self.scene_ids.add(sid)
        if not isinstance(raw, dict):
            self.add(Codes.WRONG_TYPE, source.span(at), f"scene '{sid}' must be a mapping, not {describe(raw)}")
            return
        try:
            scene = Scene.model_validate(raw)
        except ValidationError as err:
            self.diagnostics.extend(model_diagnostics(err, source, at, Scene, f"scene '{sid}'"))
            self.whole_choices[sid] = (source, _whole_choices(raw.get("choices")))
            return
        act = scene.act if scene.act is not None else file_act
        if act is None:
            self.add(
                Codes.MISSING_KEY,
                source.span(at, key=True),
                f"scene '{sid}' has no act",
                hint="add 'act: N' to the scene, or once at the top of the file",
            )
            act = 0
        elif act < 1 and scene.act is not None:  # a bad file-level act was reported already
            self.add(Codes.WRONG_TYPE, source.span(at + ("act",)), f"'act' must be a whole number from 1, not {describe(act)}")
        if scene.act != act:
            scene = scene.model_copy(update={"act": act})
        self.scenes[sid] = _Located(scene, source, act, isinstance(raw.get("text"), list))

    def check_scene(self, sid: str, located: _Located) -> None:
        scene, source = located.scene, located.source
        at: PathKey = ("scenes", sid)
        self.template(scene.title, source, at + ("title",), single_line=True)
        text_at = at + ("text",)
        listed = located.text_listed
        for i, part in enumerate(scene.text):
            part_at = text_at + (i,) if listed else text_at
            self.template(part.text, source, part_at + ("text",) if listed else text_at)
            if part.if_ is not None:
                self.problems(check_condition(part.if_, self.decls), source, part_at + ("if",))
        if scene.ending is not None:
            ending_at = at + ("ending",)
            if not SCENE_ID.match(scene.ending.id):
                self.add(Codes.BAD_ID, source.span(ending_at + ("id",)), f"'{scene.ending.id}' cannot be an ending id")
            if not re.match(r"[a-z][a-z0-9_-]*\Z", scene.ending.kind):
                self.add(Codes.BAD_ID, source.span(ending_at + ("kind",)), f"'{scene.ending.kind}' cannot be an ending kind", hint="use one lower-case word, like canonical, alternate, death, arrest")
            if scene.choices:
                self.add(Codes.ENDING_WITH_CHOICES, source.span(at + ("choices",), key=True), f"scene '{sid}' is an ending but has choices", hint="remove the choices, or the 'ending:' key")
        elif not scene.choices:
            self.add(Codes.NO_CHOICES, source.span(at, key=True), f"scene '{sid}' has no choices and is not an ending", hint="add a choice, or an 'ending:' key")
        seen: dict[str, int] = {}
        for i, choice in enumerate(scene.choices):
            self.check_choice(sid, i, choice, source, seen)
        if scene.timer is not None:
            timer_at = at + ("timer",)
            seconds = scene.timer.seconds
            if not 1 <= seconds <= MAX_TIMER_SECONDS:
                self.add(
                    Codes.OUT_OF_RANGE,
                    source.span(timer_at + ("seconds",)),
                    f"a timer runs from 1 to {MAX_TIMER_SECONDS} seconds, not {show_int(seconds)}",
                )
            if scene.timer.default not in seen:
                self.add(
                    Codes.CHOICE_TARGET,
                    source.span(timer_at + ("default",)),
                    f"the timer's default '{scene.timer.default}' is not a choice of scene '{sid}'"
                    f"{did_you_mean(scene.timer.default, seen)}",
                    hint="name one of the scene's choice ids; it is taken when time runs out",
                )
            elif scene.choices[seen[scene.timer.default]].if_ is not None:
                self.add(
                    Codes.CHOICE_TARGET,
                    source.span(timer_at + ("default",)),
                    f"the timer's default '{scene.timer.default}' has a condition, so it may not be open when time runs out",
                    hint="make the default a choice without 'if:'",
                )

    def check_choice(self, sid: str, i: int, choice: Choice, source: SourceFile, seen: dict[str, int]) -> None:
        at: PathKey = ("scenes", sid, "choices", i)
        if not SCENE_ID.match(choice.id):
            self.add(Codes.BAD_ID, source.span(at + ("id",)), f"'{choice.id}' cannot be a choice id", hint="use lower-case letters, digits and '_', starting with a letter")
        if choice.id in seen:
            first = source.span(("scenes", sid, "choices", seen[choice.id], "id"))
            self.add(Codes.DUPLICATE_ID, source.span(at + ("id",)), f"choice '{choice.id}' appears twice in scene '{sid}' (first at line {first.line})")
        else:
            seen[choice.id] = i
        self.template(choice.text, source, at + ("text",), single_line=True)
        if choice.if_ is not None:
            self.problems(check_condition(choice.if_, self.decls), source, at + ("if",))
        for j, effect in enumerate(choice.do):
            self.problems(check_effect(effect, self.decls), source, at + ("do", j))
        if choice.to is not None and choice.outcomes is not None:
            self.add(Codes.CHOICE_TARGET, source.span(at + ("outcomes",), key=True), f"choice '{choice.id}' has both 'to' and 'outcomes'", hint="keep one: 'to' for a fixed target, 'outcomes' for chance")
        elif choice.to is None and choice.outcomes is None:
            self.add(Codes.CHOICE_TARGET, source.span(at), f"choice '{choice.id}' leads nowhere", hint="add 'to: SCENE' or 'outcomes:'")
        if choice.to is not None:
            self.target(choice.to, source, at + ("to",))
        if choice.outcomes is not None:
            if not choice.outcomes:
                self.add(Codes.CHOICE_TARGET, source.span(at + ("outcomes",)), f"choice '{choice.id}' has an empty 'outcomes' list")
            for k, outcome in enumerate(choice.outcomes):
                out_at = at + ("outcomes", k)
                self.problems(check_weight(outcome.weight, self.decls), source, out_at + ("weight",))
                value = getattr(outcome.weight.tree, "value", None)
                if isinstance(value, int) and not isinstance(value, bool) and value < 0:
                    self.add(Codes.OUT_OF_RANGE, source.span(out_at + ("weight",)), f"a weight cannot be negative ({value})")
                self.target(outcome.to, source, out_at + ("to",))
                for j, effect in enumerate(outcome.do):
                    self.problems(check_effect(effect, self.decls), source, out_at + ("do", j))

    def target(self, sid: str, source: SourceFile, path: PathKey) -> None:
        """`sid`, written at `path`, must be a scene; located only if it is not (positions cost a parse)."""
        if sid not in self.scene_ids:
            self.unknown_scene(sid, source.span(path))

    def unknown_scene(self, sid: str, span: Span) -> None:
        misnamed = self.misnamed
        if misnamed:  # the scene may well be in one: a guess among the scenes read would mislead
            shown = os.path.relpath(misnamed[0], self.root)
            self.add(Codes.UNKNOWN_SCENE, span, f"unknown scene '{sid}'", f"'{shown}' is not read: scene files end in .yaml, so rename it")
            return
        self.add(Codes.UNKNOWN_SCENE, span, f"unknown scene '{sid}'{did_you_mean(sid, self.scene_ids)}")



    def problems(self, problems: list[Problem], source: SourceFile, path: PathKey) -> None:
        for p in problems:
            self.diagnostics.append(Diagnostic(p.code, expr_span(source, path, p.offset, p.length), p.message, p.hint))

    def template(self, text: str, source: SourceFile, path: PathKey, single_line: bool = False) -> None:
        shown = " ".join(text.splitlines()) if single_line else prose(text)
        try:
            template, offsets = parse_template(shown)
        except TemplateError as err:
            self.add(Codes.BAD_EXPRESSION, expr_span(source, path, err.offset), err.message)
            return
        self.templates[text] = template
        for name, offset in offsets:
            if name not in self.decls:
                self.add(
                    Codes.UNDECLARED_VARIABLE,
                    expr_span(source, path, offset, shown.find("}", offset) + 1 - offset),
                    f"undeclared variable '{{{name}}}' in text{did_you_mean(name, self.decls)}",
                    hint="declare it under 'variables:' in story.yaml, or write '{{' for a literal brace",
                )


def _whole_choices(raw: Any) -> list[tuple[int, Choice]]:
    """The choices of a scene that failed its model which validate on their own, with their index.

    The scene's own diagnostics already name what is wrong in the others, so their errors are dropped here."""
    if not isinstance(raw, list):
        return []
    whole = []
    for i, item in enumerate(raw):
        if isinstance(item, dict):
            try:
                whole.append((i, Choice.model_validate(item)))
            except ValidationError:
                continue
    return whole
