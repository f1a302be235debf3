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
from game.i18n import interface
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
    old.project, old.version = story.title, str(story.version)  # the pack this translation is of
    catalog = merge(old, template, brace)
    written = write_catalog(path, catalog)
    done = sum(1 for m in catalog if m.id and m.string and not m.fuzzy)
    fuzzy = sum(1 for m in catalog if m.id and m.fuzzy)
    print(
        f"{path}: {done} of {len(strings)} translated, {fuzzy} fuzzy, {len(catalog.obsolete)} obsolete{'' if written else ' (unchanged)'}",
        file=sys.stderr,
    )
    return 0


INTERFACE_METHODS = [("web/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]
"""What Babel reads for the interface's strings: the Python of the front ends and the serve page."""


def interface_template() -> Catalog:
    """The interface's template: every `_()`, `N_()` and `ngettext()` in the game's source."""
    from babel.messages.extract import extract_from_dir

    from game import __version__

    package = interface.LOCALE.parent.parent  # game/
    catalog = Catalog(project="lostbullet", version=__version__, fuzzy=False, header_comment=INTERFACE_HEADER)
    found = extract_from_dir(str(package), INTERFACE_METHODS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True)
    for filename, lineno, message, comments, context in found:
        where = f"{package.name}/{Path(filename).as_posix()}"
        entry = catalog.get(message if isinstance(message, str) else message[0], context)
        if entry is None:
            entry = catalog.add(message, locations=[(where, lineno)], auto_comments=comments, context=context)
        else:
            entry.locations.append((where, lineno))
        if entry is not None:
            entry.flags.discard("python-format")  # the interface formats with str.format, never %
    return catalog


INTERFACE_HEADER = """\
# The game's own wording: menus, keys, notices, plain mode, the serve page.
# Every pack shares it; a pack's own strings are in its locale/ folder.
# Keep each {name} as it is.
#"""


def run_extract_interface() -> int:
    catalog = interface_template()
    path = interface.LOCALE / TEMPLATE
    written = write_catalog(path, catalog)
    print(f"{path}: {sum(1 for m in catalog if m.id)} strings{'' if written else ' (unchanged)'}", file=sys.stderr)
    return 0


def run_update_interface(lang: str) -> int:
    tag = tag_of(lang)
    if not tag:
        raise UsageError(f"{lang!r} is not a language tag (such as fr or pt_BR)")
    template = interface_template()
    write_catalog(interface.LOCALE / TEMPLATE, template)
    path = interface.LOCALE / f"{tag}.po"
    from game import __version__

    old = read_catalog(path) if path.exists() else new_catalog(tag, "lostbullet", __version__, f"# The {tag} translation of the game's own wording.\n" + INTERFACE_HEADER.split("\n", 1)[1])
    brace = {(m.id, m.context) for m in template if m.id and "python-brace-format" in m.flags}
    catalog = merge(old, template, brace)
    written = write_catalog(path, catalog)
    done = sum(1 for m in catalog if m.id and m.string and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else True))
    total = sum(1 for m in catalog if m.id)
    print(f"{path}: {done} of {total} translated{'' if written else ' (unchanged)'}", file=sys.stderr)
    return 0
