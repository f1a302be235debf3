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
from babel.messages.pofile import read_po, write_po

from game.atomic import write_atomically
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

LOCALE_DIR = "locale"
TEMPLATE = "messages.pot"


def template_catalog(strings: Iterable[StoryString], project: str, version: str) -> Catalog:
    """The template: one message per string, in the order given, with its context and line."""
    catalog = Catalog(project=project, version=version, fuzzy=False, header_comment=HEADER.format(project=project))
    for s in strings:
        message = catalog.add(s.text, context=s.context, locations=[(s.file, s.line)] if s.file else ())
        if message is not None:
            message.flags = (message.flags - _GUESSED) | ({BRACE} if s.placeholders else set())
    return catalog


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


def read_catalog(path: Path) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle, abort_invalid=False)


def render_catalog(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=76, include_previous=True)
    return out.getvalue()


def same_messages(a: Catalog, b: Catalog) -> bool:
    """The two catalogs hold the same messages, translations, flags, comments and places (headers aside)."""

    def content(catalog: Catalog) -> list[tuple]:
        return [
            (m.id, m.context, m.string or "", sorted(m.flags), tuple(m.locations), tuple(m.auto_comments), tuple(m.user_comments))
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
        except Exception:  # noqa: BLE001 - an unreadable old file is simply replaced
            old = None
        if old is not None and same_messages(old, catalog):
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, render_catalog(catalog))
    return True
