"""`validate --lang LANG`: the pack's translation checked against the pack, entry by entry.

Each finding points at the PO file's line (the entry's `msgid`), where a translator fixes it.
A translated template is parsed exactly as the loader parses the source's (`translate`'s
own rule), so what this reports broken is exactly what the game refuses to show, falling back
to the source string. The completion figure counts the strings the game will show translated.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from game.diagnostics import Codes, Diagnostic, Span
from game.expr.template import TemplateError, parse_template
from game.i18n.catalog import CatalogError, read_catalog
from game.i18n.strings import StoryString, placeholders, story_strings
from game.i18n.translate import shown_form
from game.story.model import Story


@dataclass(frozen=True)
class Completion:
    language: str
    translated: int
    total: int

    @property
    def percent(self) -> int:
        """Rounded down: 100 only when every string is translated."""
        return 100 if not self.total else self.translated * 100 // self.total

    def summary(self) -> str:
        return f"{self.language}: {self.percent}% translated ({self.translated} of {self.total} strings)"

    def to_json(self) -> dict[str, object]:
        return {"language": self.language, "translated": self.translated, "total": self.total, "percent": self.percent}


def check_translation(story: Story, path: Path, language: str) -> tuple[list[Diagnostic], Completion]:
    """Every finding of the catalog at `path` for `story`, and how much of the story it translates."""
    strings = list(story_strings(story))
    try:
        catalog = read_catalog(path)
    except CatalogError as err:
        return [Diagnostic(Codes.BAD_CATALOG, Span(err.path, err.line, 1 if err.line else 0), err.why)], Completion(language, 0, len(strings))
    found: list[Diagnostic] = []
    done = 0
    missing = 0
    wanted = {(s.text, s.context) for s in strings}
    for s in strings:
        message = catalog.get(s.text, context=s.context)
        if message is None:
            missing += 1
            continue
        at = Span(str(path), message.lineno or 0, 1 if message.lineno else 0)
        translation = message.string if isinstance(message.string, str) else ""
        if message.fuzzy:
            found.append(Diagnostic(Codes.FUZZY_TRANSLATION, at, f"'{s.context}' is marked fuzzy: the source changed, or a tool guessed it", "check the translation against the source, then remove the fuzzy flag"))
            continue
        if not translation:
            found.append(Diagnostic(Codes.UNTRANSLATED_STRING, at, f"'{s.context}' is not translated: players read the source"))
            continue
        problem = _template_problem(s, translation, at)
        if problem is not None:
            found.append(problem)
            continue
        done += 1
    stale = sum(1 for m in catalog if m.id and (m.id, m.context) not in wanted)
    if missing or stale:
        parts = [f"{missing} string{'s' if missing != 1 else ''} of the pack {'are' if missing != 1 else 'is'} missing"] if missing else []
        if stale:
            parts.append(f"{stale} entr{'ies are' if stale != 1 else 'y is'} for strings the pack no longer has")
        found.append(
            Diagnostic(Codes.OUTDATED_CATALOG, Span(str(path)), f"the catalog is out of date: {', '.join(parts)}", f"run 'lostbullet i18n update {language}'")
        )
    return found, Completion(language, done, len(strings))


def _template_problem(s: StoryString, translation: str, at: Span) -> Diagnostic | None:
    if not s.template:
        return None
    try:
        _, names = parse_template(shown_form(translation, s.single_line))
    except TemplateError as err:
        return Diagnostic(Codes.BROKEN_TRANSLATION, at, f"the translation of '{s.context}' is not a valid template: {err.message}")
    source, got = Counter(placeholders(s.text)), Counter(name for name, _ in names)
    if set(source) != set(got):
        lost, extra = sorted(set(source) - set(got)), sorted(set(got) - set(source))
        said = "; ".join(
            part for part in (
                f"it lacks {', '.join('{' + n + '}' for n in lost)}" if lost else "",
                f"it adds {', '.join('{' + n + '}' for n in extra)}" if extra else "",
            ) if part
        )
        return Diagnostic(Codes.PLACEHOLDER_MISMATCH, at, f"the translation of '{s.context}' does not interpolate what its source does: {said}", "keep each {name} of the source, spelled as it is")
    return None
