"""Every string of a pack that a player reads, with the context a catalog files it under.

The contexts are a fixed contract between the template, the translators and the runtime
(add new ones, never rename): `story:title`, `story:panel`, `var:NAME` (a label),
`var:NAME=VALUE` (an enum value the side panel shows), `SCENE:title`, `SCENE/N` (text part N,
0-based), `SCENE.CHOICE` (choice text), `SCENE.CHOICE:note`, `SCENE:ending`. The message id is
the string as YAML parsed it without its trailing newlines, so the runtime finds a
translation by (context, `normalise(source)`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from game.diagnostics import Span
from game.expr.template import TemplateError, parse_template
from game.story.model import Story

from game.i18n.language import LOCALE_DIR  # noqa: F401 - re-exported
"""A pack's catalogs: `<pack>/locale/messages.pot` and `<pack>/locale/LANG.po`."""
TEMPLATE = "messages.pot"


@dataclass(frozen=True, slots=True)
class StoryString:
    context: str
    text: str
    """The message id: the source string, normalised."""
    file: str
    """The file, relative to the pack folder (`act2/the_call.yaml`)."""
    line: int
    """The line where the string's text starts."""
    template: bool
    """The game interpolates `{name}` in it (titles, text parts, choice texts)."""
    single_line: bool
    """Shown on one line (titles, choices): line breaks in it are spaces."""

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The `{name}`s of a template, in order (none for a literal string or a broken one)."""
        return placeholders(self.text) if self.template else ()


def normalise(text: str) -> str:
    """The message id of a source string: a block scalar's final newlines are not part of it."""
    return text.rstrip("\n")


def placeholders(text: str) -> tuple[str, ...]:
    try:
        return tuple(name for name, _ in parse_template(text)[1])
    except TemplateError:
        return ()


def story_strings(story: Story) -> Iterator[StoryString]:
    """Every player-visible string in pack order: story.yaml, then the scenes as loaded."""
    root = Path(story.root)

    def at(span: Span | None) -> tuple[str, int]:
        if span is None:
            return "", 0
        try:
            name = Path(span.file).relative_to(root).as_posix()
        except ValueError:
            name = Path(span.file).as_posix()
        return name, span.line or 0

    def make(context: str, text: str | None, span: Span | None, template: bool = False, single: bool = True) -> Iterator[StoryString]:
        if text is None or not normalise(text):
            return  # an empty message id is the catalog's header: nothing to translate anyway
        yield StoryString(context, normalise(text), *at(span), template=template, single_line=single)

    yield from make("story:title", story.title, story.locate_string(None, "title"))
    panel = story.locate_string(None, "panel", "title")
    if panel is not None:  # the default heading is the interface's own "Status"
        yield from make("story:panel", story.panel_title, panel)
    for name, variable in story.variables.items():
        if not variable.label:
            continue  # not shown to players
        yield from make(f"var:{name}", variable.label, story.locate_string(None, "variables", name, "label"))
        if variable.type == "enum":
            for k, value in enumerate(variable.values or ()):
                yield from make(f"var:{name}={value}", value, story.locate_string(None, "variables", name, "values", k))
    for sid, scene in story.scenes.items():
        yield from make(f"{sid}:title", scene.title, story.locate_string(sid, "title"), template=True)
        listed = story.locate_string(sid, "text", 0, "text") is not None
        for i, part in enumerate(scene.text):
            span = story.locate_string(sid, "text", i, "text") if listed else story.locate_string(sid, "text")
            yield from make(f"{sid}/{i}", part.text, span, template=True, single=False)
        for k, choice in enumerate(scene.choices):
            yield from make(f"{sid}.{choice.id}", choice.text, story.locate_string(sid, "choices", k, "text"), template=True)
            yield from make(f"{sid}.{choice.id}:note", choice.note, story.locate_string(sid, "choices", k, "note"))
        if scene.ending is not None:
            yield from make(f"{sid}:ending", scene.ending.title, story.locate_string(sid, "ending", "title"))
