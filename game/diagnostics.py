"""Diagnostics: what the loader and the tools say about a scene pack, and where.

Every diagnostic is made from the catalogue below, so a code, its name and its severity stay
paired; the message carries the specifics. They render like a compiler's
(`file:line:col: error: message [LB008]`) and as JSON for tools and editors. Both renderings
escape control characters (`\x1b`, `\u0085`): a message quotes what an author wrote and a span
names a file, and neither may drive the terminal that shows it (clear the screen, set the
window title, write the clipboard).
"""

from __future__ import annotations

import difflib
import enum
import os
from dataclasses import dataclass, field
from typing import Iterable

from game.controls import CONTENT_CONTROLS, CONTROL_CHARACTERS, escape_controls  # noqa: F401  (re-exported)


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def is_error(self) -> bool:
        return self is Severity.ERROR


@dataclass(frozen=True, slots=True)
class Span:
    """A place in a source file; line and column count from 1, as editors show them."""

    file: str
    line: int = 0
    col: int = 0
    end_line: int = field(default=0, compare=False)
    """The line where the spanned text ends, or 0 when only the start is known."""
    end_col: int = field(default=0, compare=False)
    """The column just past the spanned text's last character (as SARIF and LSP count ends).

    The end is left out of equality and hashing: a finding is at the place where it starts,
    and a span built from a line and column alone must equal the located one."""

    def render(self) -> str:
        if not self.line:
            return display_path(self.file)
        return f"{display_path(self.file)}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    name: str
    severity: Severity
    summary: str = ""
    """One sentence on what the code finds, as the catalogue's entry opens (SARIF's shortDescription)."""


class Codes:
    """The catalogue; `scenes/README.md` documents each code with an example."""

    YAML_SYNTAX = Code("LB001", "yaml-syntax", Severity.ERROR, "The file is not valid YAML, cannot be read as UTF-8 text, or uses a tag.")
    DUPLICATE_KEY = Code("LB002", "duplicate-key", Severity.ERROR, "A mapping has the same key twice.")
    MISSING_KEY = Code("LB003", "missing-key", Severity.ERROR, "A required key is absent.")
    UNKNOWN_KEY = Code("LB004", "unknown-key", Severity.ERROR, "A key the format does not know, usually a typo.")
    WRONG_TYPE = Code("LB005", "wrong-type", Severity.ERROR, "A value of the wrong type.")
    BAD_ID = Code("LB006", "bad-id", Severity.ERROR, "An id, ending kind or variable name that is not a lower-case identifier.")
    DUPLICATE_ID = Code("LB007", "duplicate-id", Severity.ERROR, "Two scenes, two choices of one scene or two endings share an id.")
    UNKNOWN_SCENE = Code("LB008", "unknown-scene", Severity.ERROR, "A start, target or renamed entry names a scene that does not exist.")
    UNDECLARED_VARIABLE = Code("LB009", "undeclared-variable", Severity.ERROR, "An expression or {name} in text uses a variable story.yaml does not declare.")
    BAD_EXPRESSION = Code("LB010", "bad-expression", Severity.ERROR, "An expression that does not parse, or uses what the expression language forbids.")
    TYPE_MISMATCH = Code("LB011", "type-mismatch", Severity.ERROR, "An expression's type does not fit where it is used.")
    OUT_OF_RANGE = Code("LB012", "out-of-range", Severity.ERROR, "A literal outside a variable's declared range or not among an enum's values.")
    BAD_DECLARATION = Code("LB013", "bad-declaration", Severity.ERROR, "A variable declaration that contradicts itself.")
    NO_CHOICES = Code("LB014", "no-choices", Severity.ERROR, "A scene that is not an ending has no choices.")
    ENDING_WITH_CHOICES = Code("LB015", "ending-with-choices", Severity.ERROR, "An ending also has choices.")
    CHOICE_TARGET = Code("LB016", "choice-target", Severity.ERROR, "A choice has both to and outcomes, or neither, or an empty outcomes list.")
    NO_STORY = Code("LB017", "no-story", Severity.ERROR, "The folder is not a scene pack: no story.yaml, no scene files, or past a limit.")
    CONTROL_CHARACTER = Code("LB018", "control-character", Severity.ERROR, "A string holds a control character.")
    # The linter's findings (`lostbullet validate`): the pack loads, but something is off.
    UNREACHABLE_SCENE = Code("LB101", "unreachable-scene", Severity.WARNING, "No path from the start reaches the scene.")
    UNREACHABLE_ENDING = Code("LB102", "unreachable-ending", Severity.WARNING, "No path from the start reaches the ending.")
    NEVER_TRUE_CONDITION = Code("LB103", "never-true-condition", Severity.WARNING, "A condition that no value of its variables makes true.")
    UNUSED_VARIABLE = Code("LB104", "unused-variable", Severity.WARNING, "A declared variable that nothing uses.")
    NEVER_WRITTEN_VARIABLE = Code("LB105", "never-written-variable", Severity.WARNING, "A variable that is read but that no effect ever sets.")
    SILENT_LOOP = Code("LB106", "silent-loop", Severity.WARNING, "A choice leads back to its own scene and changes nothing.")
    DUPLICATE_CHOICE_TEXT = Code("LB107", "duplicate-choice-text", Severity.WARNING, "Two choices of one scene read the same.")
    NEVER_OPEN_CHOICE = Code("LB108", "never-open-choice", Severity.WARNING, "A choice that is closed in every reachable state (found by --deep).")
    DEAD_END = Code("LB109", "dead-end", Severity.ERROR, "A scene reachable in a state where none of its choices is open (found by --deep).")
    SOFT_LOCK = Code("LB110", "soft-lock", Severity.ERROR, "From this scene, in some reachable state, no ending can be reached (found by --deep).")
    DEEP_INCOMPLETE = Code("LB111", "deep-check-incomplete", Severity.WARNING, "The --deep search stopped at --max-states before it had seen every state.")
    ENGINE_ERROR = Code("LB112", "engine-error", Severity.ERROR, "Taking a choice fails in some reachable state (found by --deep).")
    PLACEHOLDER_TEXT = Code("LB113", "placeholder-text", Severity.WARNING, "A title or text still holds the scaffold's placeholder.")
    WALK_REFERENCE = Code("LB114", "walk-reference", Severity.ERROR, "A walkthrough names a choice, scene, ending or variable the pack does not have.")
    """A walkthrough names a choice, scene, ending or variable the pack does not have."""
    IGNORED_CHOICE = Code("LB115", "ignored-choice", Severity.WARNING, "Two choices open together lead to the same screen, so the story ignores which was taken.")
    """Two choices open together lead to the same screen: the story never acknowledges which one was taken."""
    NEVER_SHOWN_TEXT = Code("LB116", "never-shown-text", Severity.WARNING, "A text part under if: that no path to its scene can show.")
    """A text part whose condition no value its variables can have on arrival at its scene makes true."""
    NEVER_DRAWN_OUTCOME = Code("LB117", "never-drawn-outcome", Severity.WARNING, "An outcome whose weight is the number 0: it is never drawn.")
    ZERO_WEIGHTS = Code("LB118", "zero-weights", Severity.ERROR, "Every outcome of a chance choice has the weight 0.")
    NO_OP_EFFECT = Code("LB119", "no-op-effect", Severity.WARNING, "An effect that can never change anything.")
    WRITE_ONLY_VARIABLE = Code("LB120", "write-only-variable", Severity.WARNING, "Effects write the variable, but nothing reads it.")
    """Effects write the variable, but nothing reads it (LB104 is a variable nothing uses at all)."""
    USELESS_SUPPRESSION = Code("LB121", "useless-suppression", Severity.WARNING, "A lostbullet: ignore comment that names no code or hides nothing.")
    """A `# lostbullet: ignore` comment that names no code, or (after --deep) hides nothing."""

    # LB2xx: a translation of the pack (`validate --lang LANG`), at the line of the PO file
    UNTRANSLATED_STRING = Code("LB201", "untranslated-string", Severity.WARNING, "An entry of the language's catalog has no translation.")
    """An entry of LANG.po with no translation: players read the source string there."""
    FUZZY_TRANSLATION = Code("LB202", "fuzzy-translation", Severity.WARNING, "An entry is marked fuzzy and is not used until checked.")
    """An entry marked fuzzy (its source changed, or a tool guessed it): not used until checked."""
    PLACEHOLDER_MISMATCH = Code("LB203", "placeholder-mismatch", Severity.ERROR, "A translation interpolates other variables than its source.")
    """A translation whose `{name}`s are not those of its source."""
    BROKEN_TRANSLATION = Code("LB204", "broken-translation", Severity.ERROR, "A translation is not a valid template.")
    """A translation that is not a valid template (an unmatched brace, `{not a name}`)."""
    OUTDATED_CATALOG = Code("LB205", "outdated-catalog", Severity.WARNING, "The catalog lacks strings of the pack, or has strings it no longer has.")
    """LANG.po lacks strings of the pack, or holds entries for strings the pack no longer has."""
    BAD_CATALOG = Code("LB206", "bad-catalog", Severity.ERROR, "The catalog cannot be read as a PO file.")
    """LANG.po cannot be read as a PO file."""

    @classmethod
    def all(cls) -> list[Code]:
        return [v for v in vars(cls).values() if isinstance(v, Code)]

    @classmethod
    def names_any(cls, pattern: str) -> bool:
        """Whether `pattern` is a code, a name or a prefix of a code, as --select and comments take them."""
        return any(matches(c, pattern) for c in cls.all())


def matches(code: Code, pattern: str) -> bool:
    """Whether `code` is the one `pattern` names: by code (`LB104`), name or prefix (`LB1`)."""
    return code.code.startswith(pattern) or code.name == pattern


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: Code
    span: Span
    message: str
    hint: str | None = None
    level: Severity | None = None
    """Overrides the code's severity (`validate --strict` makes warnings errors)."""

    @property
    def severity(self) -> Severity:
        return self.level or self.code.severity

    def render(self) -> str:
        hint = f"; {self.hint}" if self.hint else ""
        return escape_controls(f"{self.span.render()}: {self.severity.value}: {self.message}{hint} [{self.code.code}]")

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code.code,
            "name": self.code.name,
            "severity": self.severity.value,
            "file": display_path(self.span.file),
            "line": self.span.line,
            "col": self.span.col,
            "message": escape_controls(self.message),
            "hint": None if self.hint is None else escape_controls(self.hint),
        }


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    span = diagnostic.span
    return (span.file, span.line, span.col, diagnostic.code.code)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` suffix for the closest candidate, or nothing."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def display_path(path: str) -> str:
    """A path relative to the working folder when it lies under it, as compilers print them.

    Control characters in a file's name are escaped, like those in a message.
    """
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        rel = ".."
    return escape_controls(path if rel.startswith("..") else rel)
