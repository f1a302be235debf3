"""A pack played in another language: translated after loading, falling back to the source, ids kept."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from game.errors import UsageError
from game.i18n import interface
from game.i18n.language import choose, from_environment, localise, tag_of
from game.i18n.strings import story_strings
from game.i18n.translate import Translation, translate_story
from game.plain import PlainGame
from game.saves import SaveStore
from game.session import Session
from game.story.loader import load_story
from game.transcript import render_scene
from tests.conftest import REPO
from tests.i18n.conftest import PACK


def french(pack: Path = PACK):
    return localise(load_story(pack), "fr")


def test_the_story_is_shown_in_french() -> None:
    """Titles, prose (with its placeholder filled in), choices, notes, endings and the panel are the catalog's."""
    story = french()
    session = Session(story, 0)
    view = session.view()
    assert (view.title, [c.text for c in view.choices]) == ("Le quai, cran 1", ["Attendre le bateau", "Jeter la carte dans le canal"])
    assert view.text == "La nuit sur le canal, à Montpellier. L’eau ne bouge pas.\n\nLino a 1\u00a0raisons de rester, et une de partir."
    assert session.choose("wait").note == "Le batelier l’a vu attendre."
    assert (story.title, story.panel_title, story.variables["badge"].label) == ("Le Canal", "Dans les poches", "La carte de police")
    assert story.value_labels == {"badge=kept": "gardée", "badge=thrown": "jetée"}
    session.choose("throw")
    assert session.choose("jump").ending.title == "Loin du canal"


def test_the_translation_changes_no_rule_and_no_identity() -> None:
    """Ids, variables, conditions and the fingerprint are the source's; saves name the story by its own title."""
    source, translated = load_story(PACK), french()
    assert translated.fingerprint == source.fingerprint and translated.identity == source.title == "The Canal"
    assert list(translated.scenes) == list(source.scenes)
    assert [c.id for c in translated.scenes["quay"].choices] == ["wait", "throw"]
    assert translated.scenes["bridge"].text[0].if_ is source.scenes["bridge"].text[0].if_


def test_a_save_made_in_english_continues_in_french(tmp_path: Path) -> None:
    """The same save file loads in the French story, where it was left, and play goes on there."""
    english = Session(load_story(PACK), 0)
    english.choose("wait")
    SaveStore(tmp_path, english.story).save("mine", english)
    story = french()
    resumed = Session(story, 0)
    loaded = SaveStore(tmp_path, story).load("mine", resumed)
    assert loaded.notice is None  # the same text of the story: restored, not replayed
    assert (resumed.view().title, resumed.variables["nerve"]) == ("Le quai, cran 2", 2)
    assert resumed.choose("throw").title == "Le pont"


def test_missing_fuzzy_and_broken_strings_fall_back_to_the_source(pack: Path) -> None:
    """An empty, a fuzzy, a brace-broken and an undeclared-placeholder translation each show the source string."""
    po = pack / "locale" / "fr.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgstr "Attendre le bateau"', 'msgstr ""')
    text = text.replace('msgctxt "quay.throw"', '#, fuzzy\nmsgctxt "quay.throw"')
    text = text.replace('msgstr "Le quai, cran {nerve}"', 'msgstr "Le quai, cran {nerve"')
    text = text.replace('msgstr "Le pont"', 'msgstr "Le pont {hauteur}"')
    po.write_text(text, encoding="utf-8")
    session = Session(french(pack), 0)
    view = session.view()
    assert view.title == "The quay, nerve 1"
    assert [c.text for c in view.choices] == ["Wait for the boat", "Throw the badge in the canal"]
    assert session.choose("throw").title == "The bridge"
    assert view.text.startswith("La nuit sur le canal")  # what is translated stays translated


def test_a_string_whose_source_changed_is_not_translated_by_its_old_entry() -> None:
    """The runtime looks strings up by (context, source): an entry for the old wording is not used."""
    story = load_story(PACK)
    stale = Translation("fr", {("quay.wait", "Wait for the ship"): "Attendre le navire"})
    assert Session(translate_story(story, stale), 0).view().choices[0].text == "Wait for the boat"


def test_every_template_of_the_translation_is_parsed_like_the_source() -> None:
    """The translated story has a parsed template for every string it shows, as the loader gives the source's."""
    story = french()
    for scene in story.scenes.values():
        assert scene.title in story.templates and all(p.text in story.templates for p in scene.text)
        assert all(c.text in story.templates for c in scene.choices)


def test_a_pack_without_a_catalog_behaves_exactly_as_before(make_pack, monkeypatch: pytest.MonkeyPatch) -> None:
    """A French environment changes nothing for a pack with no locale/: the same story object, the same English."""
    folder = make_pack()
    story = load_story(folder)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert choose(folder, None) == ""
    assert localise(story, choose(folder, None)) is story

    def played() -> str:
        out = io.StringIO()
        PlainGame(Session(story, 3), io.StringIO("1\nh\nq\n"), out).run()
        return out.getvalue()

    english = played()
    assert "Type the number of a choice" in english and "# The street (1)" in english
    interface.use(choose(folder, None))
    assert played() == english


def test_no_catalog_library_is_loaded_for_a_game_in_english(make_pack, tmp_path: Path) -> None:
    """Playing a pack with no catalog never imports Babel, even in a French environment: it starts as fast as before."""
    code = (
        "import sys, io; from game.cli import main; sys.stdin = io.StringIO('q\\n');"
        "main(['play', '--plain', '--scenes', sys.argv[1], '--saves', sys.argv[2], '--seed', '1']);"
        "print('babel' in sys.modules)"
    )
    env = {"PATH": "/usr/bin:/bin", "LANG": "fr_FR.UTF-8"}
    result = subprocess.run([sys.executable, "-c", code, str(make_pack()), str(tmp_path / "saves")], capture_output=True, text=True, timeout=60, env=env, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False"


def test_the_language_comes_from_the_option_then_the_settings_then_the_environment() -> None:
    """--lang wins; then the profile's choice; then the environment's, only when the pack has that catalog."""
    assert choose(PACK, "fr", setting="en", environ={"LANG": "en_GB.UTF-8"}) == "fr"
    assert choose(PACK, None, setting="fr", environ={"LANG": "en_GB.UTF-8"}) == "fr"
    assert choose(PACK, None, setting="en", environ={"LANG": "fr_FR.UTF-8"}) == ""
    assert choose(PACK, None, environ={"LANGUAGE": "de:fr", "LANG": "en_US.UTF-8"}) == "fr"
    assert choose(PACK, None, environ={"LC_ALL": "C"}) == ""
    assert choose(PACK, "en") == "" and choose(PACK, "fr_CA") == "fr_CA"
    with pytest.raises(UsageError, match=r"--lang de: no catalog for that language \(this pack and the game have: en, fr\)"):
        choose(PACK, "de")


def test_language_tags_are_read_as_gettext_writes_them() -> None:
    assert [tag_of(t) for t in ("fr_FR.UTF-8@euro", "fr-ca", "C", "POSIX", "../x", "")] == ["fr_FR", "fr_CA", "", "", "", ""]
    assert from_environment({"LANGUAGE": "fr_BE:fr", "LC_MESSAGES": "de_DE"}) == ["fr_BE", "fr", "de_DE"]


def test_the_interface_speaks_french_and_falls_back_to_english() -> None:
    """The game's own lines come from its French catalog; one it lacks stays in English."""
    story = french()
    view = Session(story, 0).view()
    text = render_scene(view, width=None)
    assert text.startswith("# Le quai, cran 1")
    session = Session(story, 0)
    session.choose("throw")
    end = render_scene(session.choose("jump"), width=None)
    assert end.endswith("FIN\u00a0: Loin du canal (fin alternative)")
    assert interface._("a line no catalog has") == "a line no catalog has"
    assert interface.ngettext("{count} save", "{count} saves", 0) == "{count} sauvegarde"
    assert interface.ngettext("{count} save", "{count} saves", 2) == "{count} sauvegardes"
    interface.use("")
    assert interface.ngettext("{count} save", "{count} saves", 0) == "{count} saves"


def test_a_language_the_pack_lacks_translates_only_the_interface(make_pack) -> None:
    """--lang fr on a pack with no catalog: the story's own words stay, the default panel heading is the game's."""
    story = load_story(make_pack())
    shown = localise(story, "fr")
    assert shown.panel_title == "État" and story.panel_title == "Status"
    assert Session(shown, 0).view().title == Session(story, 0).view().title == "The street (0)"


def test_every_string_of_the_pack_is_in_its_catalog() -> None:
    """The fixture's catalog is complete, so the tests above test translation, not fallback."""
    from game.i18n.catalog import read_catalog

    catalog = read_catalog(PACK / "locale" / "fr.po")
    for s in story_strings(load_story(PACK)):
        found = catalog.get(s.text, s.context)
        assert found is not None and found.string and not found.fuzzy, s.context


def test_an_interface_translation_that_would_not_format_keeps_the_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A field the source lacks, or a stray brace, would raise in `.format()`: such a line stays in English."""
    (tmp_path / "xx.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Saved to \'{slot}\'."\nmsgstr "Gardé dans {emplacement}."\n\n'
        'msgid "Loaded \'{slot}\'."\nmsgstr "Chargé {slot"\n\n'
        'msgid "error: {message}"\nmsgstr "erreur : {message}"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(interface, "LOCALE", tmp_path)
    assert interface.use("xx")
    assert interface._("Saved to '{slot}'.").format(slot="a") == "Saved to 'a'."
    assert interface._("Loaded '{slot}'.").format(slot="a") == "Loaded 'a'."
    assert interface._("error: {message}").format(message="m") == "erreur : m"
