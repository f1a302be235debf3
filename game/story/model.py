"""The story model: the shape of `story.yaml` and of scene files, validated and frozen.

Pydantic (v2, frozen models) rather than dataclasses plus a hand-written pass, because one
declaration gives us validation with every error's location (which `loader` maps back to
`file:line:col`), immutability, and the JSON Schema that editors use; the field docstrings
become the schema's descriptions. Checks that span several objects (targets, types of
expressions, duplicate ids across files) live in `loader`, which sees the whole pack.
Conditions and effects are parsed here, once, into `Expr` and `Effect` trees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, GetJsonSchemaHandler, StrictInt
from pydantic import field_validator
from pydantic_core import PydanticCustomError, core_schema

from game.diagnostics import Span
from game.expr import parse
from game.expr.template import Template
from game.views import MAX_TIMER_SECONDS


class _Parsed:
    """Pydantic glue: a field that arrives as a string and is stored parsed."""

    kind = "expression"

    @classmethod
    def _parse(cls, value: Any) -> Any:
        raise NotImplementedError

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def validate(value: Any) -> Any:
            if isinstance(value, (parse.Expr, parse.Effect)):
                return value
            if isinstance(value, bool):
                value = "true" if value else "false"
            elif isinstance(value, int):
                value = str(value)
            if not isinstance(value, str):
                raise PydanticCustomError("expression_type", f"expected an {cls.kind} (a string)")
            try:
                return cls._parse(value)
            except parse.ExprSyntaxError as err:
                raise PydanticCustomError("bad_expression", err.message, {"offset": err.offset}) from None

        return core_schema.no_info_plain_validator_function(
            validate, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    json_types: Any = ["string", "integer", "boolean"]
    """What YAML may hold here: an expression is usually a string, but `5` and `true` are expressions too."""

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> dict:
        return {"type": cls.json_types, "description": f"an {cls.kind} in the scene language (see scenes/README.md)"}


class ExprField(_Parsed):
    kind = "expression"

    @classmethod
    def _parse(cls, value: str) -> parse.Expr:
        return parse.parse_expr(value)


class EffectField(_Parsed):
    kind = "effect"
    json_types = "string"

    @classmethod
    def _parse(cls, value: str) -> parse.Effect:
        return parse.parse_effect(value)


class StrictModel(BaseModel):
    """Frozen, and every unknown key is an error: the base of everything an author writes."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, use_attribute_docstrings=True)


def _listify(value: Any) -> Any:
    """A single effect may be written without the list around it."""
    return [value] if isinstance(value, str) else value


def _or_one(schema: dict[str, Any]) -> None:
    """JSON Schema for a list that YAML may also give as its single item (`do: heat += 1`)."""
    listed = {k: schema.pop(k) for k in ("type", "items") if k in schema}
    schema.pop("default", None)
    schema["anyOf"] = [{"type": "string"}, listed]


class Variable(StrictModel):
    type: Literal["bool", "int", "enum", "str"]
    """`bool`, `int`, `enum` or `str`."""
    initial: Any = Field(json_schema_extra={"type": ["boolean", "integer", "string"]})
    """The value at the start of a game; it must fit the type and range."""
    min: StrictInt | None = None
    """For `int`: the lowest value; effects clamp to it."""
    max: StrictInt | None = None
    """For `int`: the highest value; effects clamp to it."""
    values: tuple[str, ...] | None = None
    """For `enum`: the allowed values."""
    doc: str = ""
    """What the variable means, for authors and tools. Players never see it: it may give the plot away."""
    label: str | None = None
    """The name players see in the game's side panel; a variable without a label is not shown there."""


class Panel(StrictModel):
    """The game's side panel, where players see the labelled variables."""

    title: str = "Status"
    """Its heading, as players read it (the command palette names the panel by it too)."""


class StoryFile(StrictModel):
    """`story.yaml`: the story's identity, its first scene, and every variable."""

    title: str
    """The story's title."""
    version: StrictInt
    """An integer that identifies this revision of the story."""
    start: str
    """The id of the first scene."""
    variables: dict[str, Variable] = {}
    """Every variable the scenes read or write."""
    renamed: dict[str, str] = {}
    """Old scene ids and old global choice ids (`scene.choice`) -> their current ids, so saves follow them."""
    panel: Panel = Panel()
    """The side panel's wording: `{title: ...}`."""


class TextPart(StrictModel):
    text: str
    """Prose shown when the condition holds (or always, without `if`)."""
    if_: ExprField | None = Field(None, alias="if")
    """A condition; the part is shown only when it holds."""


class Outcome(StrictModel):
    weight: ExprField
    """A whole number or an integer expression; outcomes are drawn in proportion to weights."""
    to: str
    """The scene this outcome leads to."""
    do: tuple[EffectField, ...] = Field((), json_schema_extra=_or_one)
    """Effects applied, after the choice's own, when this outcome is drawn."""

    _listify_do = field_validator("do", mode="before")(_listify)


class Choice(StrictModel):
    id: str
    """Unique within the scene; `scene.choice` is the global id."""
    text: str
    """What the player reads in the list of choices."""
    if_: ExprField | None = Field(None, alias="if")
    """A condition; the choice is offered only when it holds."""
    do: tuple[EffectField, ...] = Field((), json_schema_extra=_or_one)
    """Effects applied in order when the choice is taken."""
    to: str | None = None
    """The scene the choice leads to (or give `outcomes`)."""
    outcomes: tuple[Outcome, ...] | None = None
    """A chance choice: one outcome is drawn from the seeded random generator."""
    note: str | None = None
    """One line that acknowledges the choice (`Stella will remember that.`), shown dimmed above
    the next scene's text; a setting turns these off."""

    _listify_do = field_validator("do", mode="before")(_listify)


class Ending(StrictModel):
    id: str
    """Unique across the story; used by walkthroughs and the endings gallery."""
    kind: str
    """`canonical`, `alternate`, `death`, `arrest`, or another lower-case word."""
    title: str
    """The ending's name in the gallery."""




class Timer(StrictModel):
    seconds: StrictInt = Field(json_schema_extra={"minimum": 1, "maximum": MAX_TIMER_SECONDS})
    """How long the player has to choose, in seconds (1 to 3600)."""
    default: str
    """The id of the choice taken when time runs out; it must be a choice of the scene."""


class Scene(StrictModel):
    title: str
    """A short title shown as the scene's heading."""
    act: StrictInt | None = None
    """The act number; may be given once for the whole file instead."""
    text: tuple[TextPart, ...] = Field(json_schema_extra=_or_one)
    """The prose: a string, or a list of parts with optional conditions."""
    choices: tuple[Choice, ...] = ()
    """The choices, in display order; none for an ending."""
    ending: Ending | None = None
    """Makes the scene an ending."""
    timer: Timer | None = None
    """A timed choice: the TUI counts down and takes `default` when time runs out."""

    @field_validator("text", mode="before")
    @classmethod
    def _text_as_parts(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [{"text": value}]
        if not isinstance(value, (list, tuple)):
            raise PydanticCustomError("wrong_type", "'text' must be a string or a list of parts")
        return value


class SceneFile(StrictModel):
    """A scene file: an optional default act and a mapping of scene id to scene."""

    act: StrictInt | None = None
    """The act of every scene in this file that does not give its own."""
    scenes: dict[str, Scene]
    """Scene id to scene."""


@dataclass(frozen=True)
class Story:
    """The whole pack, assembled and checked: what the engine plays and the tools inspect.

    Scenes keep their place in the source (`locate`), so runtime and tool reports can point
    into the YAML.
    """

    title: str
    version: int
    start: str
    variables: Mapping[str, Variable]
    scenes: Mapping[str, Scene]
    root: str
    """The pack's folder."""
    scene_files: Mapping[str, str]
    """Scene id to the file that defines it."""
    templates: Mapping[str, Template]
    """Every interpolated string (titles, prose parts, choice texts), parsed once, by source text."""
    fingerprint: str = ""
    """SHA-256 over every file of the pack: saves made on another text of the story are replayed."""
    _header: Any = field(default=None, repr=False)
    renamed: Mapping[str, str] = field(default_factory=dict)
    """Old ids -> current ids (scenes, and choices as `scene.choice`), from story.yaml."""
    panel_title: str = "Status"
    """The heading of the side panel (story.yaml's `panel.title`)."""
    source_title: str = ""
    """The title as story.yaml writes it, when `title` is a translation (`game.i18n`)."""
    value_labels: Mapping[str, str] = field(default_factory=dict)
    """How the side panel shows enum values, by `NAME=VALUE` (a translation); others as written."""

    @property
    def identity(self) -> str:
        """The title saves name the story by: the source's, so a save made in one language loads in another."""
        return self.source_title or self.title

    def follow(self, event: str) -> str:
        """A global choice id from an older text of the story, under today's names."""
        event = self.renamed.get(event, event)
        scene, dot, choice = event.rpartition(".")
        return f"{self.renamed.get(scene, scene)}{dot}{choice}" if dot else event
    _locations: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def locate(self, scene_id: str, *path: str | int, key: bool = False) -> Span:
        """Where a scene, or a key below it (`"choices", 0, "to"`), is written."""
        source = self._locations.get(scene_id)
        if source is None:
            return Span(self.scene_files.get(scene_id, self.root))
        return source.span(("scenes", scene_id, *path), key=key)

    def locate_header(self, *path: str | int, key: bool = False) -> Span:
        """Where a key of story.yaml (`"variables", "heat"`) is written."""
        if self._header is None:
            return Span(str(Path(self.root) / "story.yaml"))
        return self._header.span(tuple(path), key=key)

    def locate_string(self, scene_id: str | None, *path: str | int) -> Span | None:
        """Where the first character of the string at `path` is written (under a scene, or in
        story.yaml when `scene_id` is None), or None when nothing is written there. A block
        scalar's text starts on the line after its `|`, where `locate` would point."""
        if scene_id is None:
            source, full = self._header, tuple(path)
        else:
            source, full = self._locations.get(scene_id), ("scenes", scene_id, *path)
        if source is None:
            return None
        if full not in source.values:
            return None
        return source.char_span(full, 0) or source.span(full)

    @property
    def endings(self) -> dict[str, str]:
        """Ending id to the scene that holds it."""
        return {s.ending.id: sid for sid, s in self.scenes.items() if s.ending is not None}


def freeze(mapping: dict[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))
