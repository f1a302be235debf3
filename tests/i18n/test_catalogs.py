"""The shipped catalogs: GNU gettext accepts them, they match the source, and the French reads as French."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from game.i18n import interface
from game.i18n.catalog import read_catalog, same_messages, template_catalog
from game.i18n.commands import interface_template
from game.i18n.strings import story_strings
from game.story.loader import load_story
from tests.conftest import REPO, SCENES

CATALOGS = sorted([*(SCENES / "locale").glob("*.po*"), *interface.LOCALE.glob("*.po*")])
"""Every catalog the game ships: the story's template and languages, the interface's."""

NNBSP, NBSP = "\u202f", "\u00a0"


def test_the_shipped_catalogs_are_found() -> None:
    """The glob finds at least the two templates and the interface's French, so the checks below check something."""
    names = {p.relative_to(REPO).as_posix() for p in CATALOGS}
    assert {"scenes/locale/messages.pot", "game/i18n/locale/messages.pot", "game/i18n/locale/fr.po"} <= names


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed (Debian package gettext; .ci/run installs it)")
@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_msgfmt_accepts_the_catalog(path: Path) -> None:
    """`msgfmt --check` (syntax, headers, and every brace-format placeholder) finds no error."""
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_the_story_template_is_current() -> None:
    """scenes/locale/messages.pot is what `i18n extract` makes of the scenes today (run it after editing them)."""
    story = load_story(SCENES)
    fresh = template_catalog(story_strings(story), story.title, str(story.version))
    assert same_messages(read_catalog(SCENES / "locale" / "messages.pot"), fresh), "run: lostbullet i18n extract"


def test_the_interface_template_holds_every_string_the_source_marks() -> None:
    """game/i18n/locale/messages.pot has exactly the strings `_()`, `N_()` and `ngettext()` mark today.

    Line numbers are not compared: an edit elsewhere in a front end moves them without changing
    what there is to translate. Run `lostbullet i18n extract --interface` (and `i18n update fr
    --interface`) when this fails."""
    def ids(catalog) -> set:
        return {(m.id if isinstance(m.id, str) else tuple(m.id), m.context) for m in catalog if m.id}

    shipped, fresh = ids(read_catalog(interface.LOCALE / "messages.pot")), ids(interface_template())
    assert not fresh - shipped, f"marked in the source, missing from the template: {sorted(fresh - shipped)}"
    assert not shipped - fresh, f"in the template, no longer in the source: {sorted(shipped - fresh)}"


def test_the_interface_is_wholly_translated_into_french() -> None:
    """Every interface string has a French translation that is not fuzzy, plural forms included."""
    template = read_catalog(interface.LOCALE / "messages.pot")
    french = read_catalog(interface.LOCALE / "fr.po")
    for message in template:
        if not message.id:
            continue
        found = french.get(message.id, message.context)
        assert found is not None and not found.fuzzy, message.id
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        assert all(strings), message.id


def _french_strings() -> list[tuple[str, str]]:
    french = read_catalog(interface.LOCALE / "fr.po")
    out = []
    for message in french:
        if message.id:
            for string in message.string if isinstance(message.string, tuple) else (message.string,):
                out.append((message.id if isinstance(message.id, str) else message.id[0], string))
    help_fr = Path(interface.LOCALE.parent.parent / "tui" / "screens" / "help.fr.md").read_text(encoding="utf-8")
    out.extend(("help.fr.md", line) for line in help_fr.splitlines())
    return out


def test_the_french_interface_follows_french_typography() -> None:
    """Apostrophes are typographic, « » hold narrow no-break spaces, and ; ! ? : are preceded by the
    right no-break space (a narrow one before ; ! ?, a full one before :), never by a plain space."""
    for source, text in _french_strings():
        if source == "help.fr.md" and text.startswith("|---"):
            continue
        plain = re.sub(r"\{[^{}]*\}|`[^`]*`|https?://\S+|^\| \? ", "", text)  # placeholders, code and the ? key are not prose
        assert "'" not in plain, (source, text)
        assert not re.search(r"« |«[^\u202f]| »|[^\u202f]»", plain), (source, text)
        assert not re.search(r"[^\u202f][;!?](\s|$)", plain.replace("??? ", "")), (source, text)
        assert not re.search(r"[^\u00a0]:(\s|$)", plain.replace("~:", "")), (source, text)


def _own_scope(function: ast.AST) -> list[ast.AST]:
    """The nodes of `function` outside its comprehensions, which have a scope of their own."""
    found, todo = [], list(ast.iter_child_nodes(function))
    while todo:
        node = todo.pop()
        found.append(node)
        if not isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            todo.extend(ast.iter_child_nodes(node))
    return found


def test_no_front_end_function_hides_the_gettext_function() -> None:
    """A module that imports `_` must not bind `_` in a function (`for _ in ...`): the call would fail there."""
    for path in sorted((REPO / "game").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "game.i18n.interface import" not in source:
            continue
        tree = ast.parse(source)
        imports = any(
            isinstance(node, ast.ImportFrom) and node.module == "game.i18n.interface" and any(a.name == "_" for a in node.names)
            for node in ast.walk(tree)
        )
        if not imports:
            continue
        for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))):
            for node in _own_scope(function):
                bound = (isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store)) or (
                    isinstance(node, ast.arg) and node.arg == "_"
                )
                assert not bound, f"{path.relative_to(REPO)}:{node.lineno}: binds '_', which is the gettext function here"
