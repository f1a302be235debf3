"""`lostbullet i18n extract` and `i18n update LANG`: a pack's template and its translations.

The template goes to `<pack>/locale/messages.pot`, a language to `<pack>/locale/LANG.po`.
Both are Babel catalogs written in pack order, so a translator reads them as the story runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from game.i18n.catalog import LOCALE_DIR, TEMPLATE, template_catalog, write_catalog
from game.i18n.strings import story_strings
from game.story.loader import load_story


def template_path(pack: Path) -> Path:
    return pack / LOCALE_DIR / TEMPLATE


def run_extract(pack: Path) -> int:
    story = load_story(pack)
    strings = list(story_strings(story))
    catalog = template_catalog(strings, story.title, str(story.version))
    path = template_path(pack)
    written = write_catalog(path, catalog)
    print(f"{path}: {len(strings)} strings{'' if written else ' (unchanged)'}", file=sys.stderr)
    return 0
