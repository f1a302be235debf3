"""`lostbullet i18n extract` and `i18n update LANG`: a pack's template and its translations.

The template goes to `<pack>/locale/messages.pot`, a language to `<pack>/locale/LANG.po`.
Both are Babel catalogs written in pack order, so a translator reads them as the story runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog

from game.errors import UsageError
from game.i18n.catalog import merge, new_catalog, read_catalog, template_catalog, write_catalog
from game.i18n.strings import LOCALE_DIR, TEMPLATE
from game.i18n.language import tag_of
from game.i18n.strings import StoryString, story_strings
from game.story.loader import load_story


def template_path(pack: Path) -> Path:
    return pack / LOCALE_DIR / TEMPLATE


def run_extract(pack: Path) -> int:
    story = load_story(pack)
    strings = list(story_strings(story))
    _write_template(pack, story.title, str(story.version), strings)
    return 0


def _write_template(pack: Path, title: str, version: str, strings: list[StoryString]) -> Catalog:
    catalog = template_catalog(strings, title, version)
    path = template_path(pack)
    written = write_catalog(path, catalog)
    print(f"{path}: {len(strings)} strings{'' if written else ' (unchanged)'}", file=sys.stderr)
    return catalog


def run_update(pack: Path, lang: str) -> int:
    """Extract the template afresh (so the two never drift), then merge it into LANG.po."""
    tag = tag_of(lang)
    if not tag:
        raise UsageError(f"{lang!r} is not a language tag (such as fr or pt_BR)")
    story = load_story(pack)
    strings = list(story_strings(story))
    template = _write_template(pack, story.title, str(story.version), strings)
    path = pack / LOCALE_DIR / f"{tag}.po"
    if path.exists():
        old = read_catalog(path)  # CatalogError for one that is not a catalog: never written over
    else:
        old = new_catalog(tag, story.title, str(story.version))
    brace = {(s.text, s.context) for s in strings if s.placeholders}
    catalog = merge(old, template, brace)
    written = write_catalog(path, catalog)
    done = sum(1 for m in catalog if m.id and m.string and not m.fuzzy)
    fuzzy = sum(1 for m in catalog if m.id and m.fuzzy)
    print(
        f"{path}: {done} of {len(strings)} translated, {fuzzy} fuzzy, {len(catalog.obsolete)} obsolete{'' if written else ' (unchanged)'}",
        file=sys.stderr,
    )
    return 0
