"""PO and POT files, read and written by Babel: the template of a pack and its translations.

Babel guesses format flags from the text (`python-format` for any `% s`, `python-brace-format`
for any `{x}`); a story's strings are not Python formats, so the flags are set here from what
the game really interpolates: `python-brace-format` on templates that hold a `{name}`, which
makes `msgfmt --check` compare the placeholders of each translation with its source.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Iterable

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, denormalize, read_po, write_po

from game.atomic import write_atomically
from game.errors import GameError
from game.i18n.strings import StoryString

BRACE = "python-brace-format"
_GUESSED = {"python-format", BRACE}

HEADER = """\
# Translations template for {project}.
# Every string a player reads, in the order of the pack.
# msgctxt is the string's stable id (SCENE:title, SCENE/N for
# text part N, SCENE.CHOICE, SCENE.CHOICE:note, SCENE:ending),
# the reference its file:line. Keep each {{name}} as it is.
#"""



def template_catalog(strings: Iterable[StoryString], project: str, version: str) -> Catalog:
    """The template: one message per string, in the order given, with its context and line."""
    catalog = Catalog(project=project, version=version, fuzzy=False, header_comment=HEADER.format(project=project))
    for s in strings:
        message = catalog.add(s.text, context=s.context, locations=[(s.file, s.line)] if s.file else ())
        if message is not None:
            message.flags = (message.flags - _GUESSED) | ({BRACE} if s.placeholders else set())
    return catalog


def new_catalog(lang: str, project: str, version: str, header: str | None = None) -> Catalog:
    """An empty catalog for `lang`, its header filled in (Babel knows the language's plural forms)."""
    comment = (header or HEADER.format(project=project)).replace("# Translations template for", f"# The {lang} translation of", 1)
    try:
        return Catalog(locale=lang, project=project, version=version, header_comment=comment, fuzzy=False)
    except ValueError:  # a tag Babel has no data for: the header names no language then
        return Catalog(project=project, version=version, header_comment=comment, fuzzy=False)


def fix_flags(catalog: Catalog, brace: set[tuple[str, str | None]]) -> None:
    """Set the format flags of every message of `catalog`: brace format for the (id, context)s in
    `brace`, no Python format anywhere (Babel guessed them when it read the file)."""
    for message in _all(catalog):
        if not message.id:
            continue
        key = (message.id, message.context)
        message.flags = (message.flags - _GUESSED) | ({BRACE} if key in brace else set())


def _all(catalog: Catalog) -> list[Message]:
    return [*catalog, *catalog.obsolete.values()]


class CatalogError(GameError):
    """A PO file that cannot be read: one line, `file:line: why`."""

    def __init__(self, path: Path, line: int, why: str) -> None:
        super().__init__(f"{path}:{line}: {why}" if line else f"{path}: {why}")
        self.path, self.line, self.why = str(path), line, why


def read_catalog(path: Path) -> Catalog:
    """The catalog in `path`; `CatalogError` for a file that is not one (Babel's lenient mode
    would print warnings on the player's terminal instead)."""
    try:
        with open(path, "rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except OSError as err:
        raise CatalogError(path, 0, f"cannot read the catalog: {err.strerror or err}") from None
    except PoFileError as err:
        why = str(err).rsplit(" on ", 1)[0]
        raise CatalogError(path, err.lineno + 1, f"not a valid PO file: {why[:1].lower()}{why[1:]}") from None
    except (UnicodeDecodeError, LookupError) as err:
        raise CatalogError(path, 0, f"not a valid PO file: {err}") from None
    for message in _all(catalog):
        _take_previous(message)
    return catalog


def _take_previous(message: Message) -> None:
    """Babel reads `#| msgid "old source"` as a translator's comment (and would write it back as
    `# | msgid`); give it back its meaning, the previous source of a fuzzy entry."""
    marked = [c for c in message.user_comments if c.startswith("|")]
    if not marked:
        return
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    parts: list[str] = []
    taking = False
    for comment in marked:
        body = comment[1:].strip()
        if body.startswith("msgid "):
            taking = True
            parts.append(body[len("msgid "):])
        elif body.startswith('"') and taking:
            parts.append(body)
        else:  # msgctxt, msgid_plural: not kept
            taking = False
    if parts:
        message.previous_id = [denormalize("\n".join(parts))]


def render_catalog(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=76, include_previous=True)
    return out.getvalue()


def same_messages(a: Catalog, b: Catalog) -> bool:
    """The two catalogs hold the same messages, translations, flags, comments and places (headers aside)."""

    def content(catalog: Catalog) -> list[tuple]:  # Babel's guessed format flags aside: they are set on writing
        return [
            (m.id, m.context, m.string or "", sorted(m.flags - _GUESSED), tuple(m.locations), tuple(m.auto_comments), tuple(m.user_comments), list(m.previous_id))
            for m in _all(catalog)
            if m.id
        ]

    return content(a) == content(b)


def write_catalog(path: Path, catalog: Catalog) -> bool:
    """Write `catalog` to `path` unless the file already holds the same messages, so that
    running extract twice changes nothing (not even the creation date). True if written."""
    if path.is_file():
        try:
            old = read_catalog(path)
        except CatalogError:
            old = None  # an unreadable old file is simply replaced
        if old is not None and same_messages(old, catalog):
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, render_catalog(catalog))
    return True


def merge(old: Catalog, template: Catalog, brace: set[tuple[str, str | None]]) -> Catalog:
    """`old` brought up to `template`, in the template's order.

    A context is a string's stable id, so a translation follows its context: an entry whose
    source changed keeps its translation, marked fuzzy with the previous source (`#| msgid`)
    for the translator to compare; an entry whose context is gone is kept as obsolete (`#~`).
    Babel's own fuzzy matching (any similar source, whatever its context) is not used: it
    would offer one scene's translation for another scene's string.
    """
    by_context = {m.context: m for m in old if m.id and m.context}
    previous: dict[tuple[str, str | None], list[str]] = {}
    for message in template:
        if not message.id or old.get(message.id, message.context) is not None or message.context not in by_context:
            continue
        was = by_context[message.context]
        if not was.string:
            continue
        old.delete(was.id, context=was.context)
        old.add(
            message.id, was.string, context=message.context, flags=set(was.flags) | {"fuzzy"},
            user_comments=was.user_comments,
        )
        previous[message.id, message.context] = [was.id]
    old.update(template, no_fuzzy_matching=True, update_header_comment=False)
    for (msgid, context), was_id in previous.items():  # Babel's update keeps only the string and flags
        found = old.get(msgid, context)
        if found is not None:
            found.previous_id = was_id
    fix_flags(old, brace)
    return old
