"""A loaded story in another language: the same scenes, ids and rules, other words.

Applied after loading, so the loader and the engine never know about languages: the
translated `Story` has the source's ids, variables, conditions, effects and fingerprint (so
saves and walkthroughs, which record ids, work in every language), and only its strings
differ. Every translated template is parsed as the loader parses the source's; one that does
not parse, or names a variable the story does not declare, is not used (validate --lang
reports it), and neither is a fuzzy or empty entry: the source string shows instead, never an
empty line or an id.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from game.expr.template import TemplateError, parse_template
from game.i18n.interface import N_, gettext
from game.i18n.strings import normalise
from game.story.loader import prose
from game.story.model import Story, freeze

DEFAULT_PANEL = N_("Status")
"""The side panel's heading when story.yaml gives none: the interface's word, not the pack's."""


@dataclass(frozen=True)
class Translation:
    """A catalog's usable translations, by (context, source string)."""

    language: str
    strings: Mapping[tuple[str, str], str]
    path: str = ""


def read_translation(path: Path, language: str) -> Translation:
    """The finished entries of a PO file: fuzzy, empty and obsolete ones are left out."""
    from game.i18n.catalog import read_catalog  # deferred: Babel loads only when a language is asked for

    catalog = read_catalog(path)  # CatalogError, a GameError, for a file that is not a catalog
    strings: dict[tuple[str, str], str] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not isinstance(message.string, str) or not message.string:
            continue
        strings[(message.context or "", message.id)] = message.string
    return Translation(language, freeze(strings), str(path))


def shown_form(text: str, single_line: bool) -> str:
    """The text the loader parses as a template: a title's lines joined, prose's paragraphs kept."""
    return " ".join(text.splitlines()) if single_line else prose(text)


def translate_story(story: Story, translation: Translation) -> Story:
    """`story` with every string the catalog translates (and can be played) replaced."""
    strings = translation.strings
    templates = dict(story.templates)
    declared = story.variables

    def literal(context: str, source: str | None) -> str | None:
        if source is None:
            return None
        return strings.get((context, normalise(source)), source)

    def template(context: str, source: str, single_line: bool) -> str:
        found = strings.get((context, normalise(source)))
        if found is None or found == source:
            return source
        try:
            parsed, names = parse_template(shown_form(found, single_line))
        except TemplateError:
            return source
        if any(name not in declared for name, _ in names):
            return source
        if templates.get(found, parsed) != parsed:
            return source  # the same words as another string the game shows otherwise: keep the source
        templates[found] = parsed
        return found

    scenes: dict[str, Any] = {}
    for sid, scene in story.scenes.items():
        parts = tuple(
            part.model_copy(update={"text": template(f"{sid}/{i}", part.text, False)}) for i, part in enumerate(scene.text)
        )
        choices = tuple(
            choice.model_copy(
                update={"text": template(f"{sid}.{choice.id}", choice.text, True), "note": literal(f"{sid}.{choice.id}:note", choice.note)}
            )
            for choice in scene.choices
        )
        update: dict[str, Any] = {"title": template(f"{sid}:title", scene.title, True), "text": parts, "choices": choices}
        if scene.ending is not None:
            update["ending"] = scene.ending.model_copy(update={"title": literal(f"{sid}:ending", scene.ending.title)})
        scenes[sid] = scene.model_copy(update=update)
    variables = {
        name: v.model_copy(update={"label": literal(f"var:{name}", v.label)}) if v.label else v
        for name, v in story.variables.items()
    }
    labels = {
        f"{name}={value}": strings[(f"var:{name}={value}", value)]
        for name, v in story.variables.items()
        if v.label and v.type == "enum"
        for value in v.values or ()
        if (f"var:{name}={value}", value) in strings
    }
    panel = strings.get(("story:panel", story.panel_title))
    if panel is None:
        panel = gettext(story.panel_title) if story.panel_title == DEFAULT_PANEL else story.panel_title
    return dataclasses.replace(
        story,
        title=literal("story:title", story.title) or story.title,
        source_title=story.identity,
        panel_title=panel,
        variables=freeze(variables),
        scenes=freeze(scenes),
        templates=freeze(templates),
        value_labels=freeze(labels),
    )


def coverage(story: Story, translation: Translation) -> tuple[int, int]:
    """(translated, total) strings of the story: what validate's percentage counts."""
    from game.i18n.strings import story_strings

    total = done = 0
    for s in story_strings(story):
        total += 1
        done += (s.context, s.text) in translation.strings
    return done, total
