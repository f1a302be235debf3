"""Which language a game is shown in, and the story and interface in it.

The order: `--lang`, then the player's Settings (kept in the profile), then the environment
(`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`, as gettext reads them) when the pack has a
catalog for that language; otherwise the source language. A language asked for by name must
have a catalog (the pack's or the interface's), or it is a usage error that lists those
there are; one that only the environment names is never an error. Tools that must give the
same output on every machine (walk, validate) take `--lang` only, never the environment.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from game.errors import UsageError
from game.i18n import interface
from game.i18n.interface import SOURCE_LANGUAGE

if TYPE_CHECKING:  # `choose` runs before the game's title screen, which needs no story model
    from game.story.model import Story

LOCALE_DIR = "locale"
"""A pack's folder of catalogs (`locale/LANG.po`): here, not in `strings`, so choosing a language
at start-up imports no story model."""

_TAG = re.compile(r"[A-Za-z]{2,8}(_[A-Za-z0-9]{2,8})?\Z")


def tag_of(value: str) -> str:
    """`fr_FR.UTF-8@euro` -> `fr_FR`; `fr-CA` -> `fr_CA`; "" for `C`, `POSIX` or nonsense."""
    tag = value.split(".")[0].split("@")[0].replace("-", "_")
    if tag in ("C", "POSIX") or not _TAG.match(tag):
        return ""
    primary, _, region = tag.partition("_")
    return f"{primary.lower()}_{region.upper()}" if region else primary.lower()


def pack_catalog(pack: Path, lang: str) -> Path | None:
    """`<pack>/locale/LANG.po` (`fr_FR` falls back to `fr.po`), or None."""
    for tag in (lang, lang.split("_")[0]):
        path = Path(pack) / LOCALE_DIR / f"{tag}.po"
        if tag and path.is_file():
            return path
    return None


def languages(pack: Path) -> list[str]:
    """The languages the pack or the interface has a catalog for, the source's first."""
    found = {p.stem for p in (Path(pack) / LOCALE_DIR).glob("*.po")} | {p.stem for p in interface.LOCALE.glob("*.po")}
    return [SOURCE_LANGUAGE, *sorted(found - {SOURCE_LANGUAGE})]


def from_environment(environ: Mapping[str, str]) -> list[str]:
    """The languages the environment asks for, in gettext's order of precedence."""
    wanted = environ.get("LANGUAGE", "").split(":") if environ.get("LANGUAGE") else []
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            wanted.append(environ[name])
            break
    return [t for t in map(tag_of, wanted) if t]


def choose(pack: Path, requested: str | None, setting: str = "", environ: Mapping[str, str] | None = None) -> str:
    """The language to play in: "" for the source. See the module for the order."""
    if requested is not None:
        lang = tag_of(requested)
        if lang.split("_")[0] == SOURCE_LANGUAGE:
            return ""
        if not lang or (pack_catalog(pack, lang) is None and interface.catalog_path(lang) is None):
            known = ", ".join(languages(pack))
            raise UsageError(f"--lang {requested}: no catalog for that language (this pack and the game have: {known})")
        return lang
    if setting:
        lang = tag_of(setting)
        if lang.split("_")[0] == SOURCE_LANGUAGE:
            return ""
        if lang and (pack_catalog(pack, lang) or interface.catalog_path(lang)):
            return lang
    for lang in from_environment(os.environ if environ is None else environ):
        if lang.split("_")[0] == SOURCE_LANGUAGE:
            return ""
        if pack_catalog(pack, lang) is not None:
            return lang
    return ""


def localise(story: Story, lang: str) -> Story:
    """Show the interface in `lang` and give the story in it: the story itself for the source
    language; without a catalog of the pack, only what the interface words (the default panel
    heading) is translated."""
    interface.use(lang)
    if not lang:
        return story
    from game.i18n.translate import Translation, read_translation, translate_story

    path = pack_catalog(Path(story.root), lang)
    return translate_story(story, read_translation(path, lang) if path is not None else Translation(lang, {}))
