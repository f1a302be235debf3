"""The front ends' own wording in the player's language: `_()` around every string they show.

`_` looks a string up in the interface catalog of the language in use (`use`), and gives it
back unchanged when there is none, or no translation of it: English is the source, never an
empty line. `N_` marks a string for extraction where it is defined (class-level bindings,
constants) and `_` translates it where it is shown. The catalogs are the game's, in
`game/i18n/locale/LANG.po`, read with Babel only when a language other than the source is
chosen, so a game in English never imports it.

Plural forms: a message with a plural (`ngettext`) takes its singular form for n == 1 in
English and for n of 0 or 1 in French; a catalog's `Plural-Forms` expression is not
evaluated (that would mean evaluating text from a file), so other languages with two forms
use the English rule until a rule is added to `SINGULAR`.
"""

from __future__ import annotations

from pathlib import Path
from string import Formatter
from typing import Callable

LOCALE = Path(__file__).resolve().parent / "locale"
"""The interface catalogs shipped with the game."""

SOURCE_LANGUAGE = "en"
"""The language the game and its shipped story are written in."""

SINGULAR: dict[str, Callable[[int], bool]] = {"fr": lambda n: n in (0, 1)}
"""Languages whose singular is not English's `n == 1`, by primary tag."""

_strings: dict[str, str] = {}
_plurals: dict[str, tuple[str, ...]] = {}
_language = ""
_asked = ""
"""The language last asked for (`use`), so asking again reads nothing."""


def language() -> str:
    """The language the interface is in: "" for the source (English)."""
    return _language


def _(message: str) -> str:
    return _strings.get(message) or message


gettext = _


def N_(message: str) -> str:
    """Mark `message` for the catalog, untranslated: `_` is applied where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    forms = _plurals.get(singular)
    rule = SINGULAR.get(_language.split("_")[0], lambda k: k == 1)
    one = rule(n)
    if forms and len(forms) >= 2 and forms[0 if one else 1]:
        return forms[0 if one else 1]
    return singular if one else plural


def _fields(text: str) -> set[str] | None:
    """The `{name}`s `str.format` fills in `text`, or None when it is not a valid format string."""
    try:
        return {name for _, name, _, _ in Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def _fits(source: str, translation: str) -> bool:
    """A translation the front end can `.format()` as it formats the source: no field the source
    lacks (which would raise), no broken brace. A catalog that fails it keeps the English line."""
    wanted, got = _fields(source), _fields(translation)
    return got is not None and (wanted is None or got <= wanted)


def catalog_path(lang: str) -> Path | None:
    """The interface catalog of `lang` (`fr_FR` falls back to `fr`), or None."""
    for tag in (lang, lang.split("_")[0]):
        path = LOCALE / f"{tag}.po"
        if tag and path.is_file():
            return path
    return None


def use(lang: str) -> bool:
    """Show the interface in `lang` from now on ("" or the source language: English).
    False when the game has no interface catalog for it (the interface stays in English)."""
    global _language, _asked
    if lang == _asked:
        return bool(_language) or not lang or lang.split("_")[0] == SOURCE_LANGUAGE
    _asked = lang
    _strings.clear()
    _plurals.clear()
    _language = ""
    if not lang or lang.split("_")[0] == SOURCE_LANGUAGE:
        return True
    path = catalog_path(lang)
    if path is None:
        return False
    from game.i18n.catalog import read_catalog  # deferred: Babel loads only for another language

    for message in read_catalog(path):
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, (list, tuple)):
            forms = tuple(message.string or ())
            if all(_fits(message.id[-1], form) for form in forms):
                _plurals[message.id[0]] = forms
        elif message.string and _fits(message.id, message.string):
            _strings[message.id] = message.string
    _language = lang
    return True
