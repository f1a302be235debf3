"""`i18n extract`, `i18n update`, and `--lang` on walk, validate, play and serve, through the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.i18n.catalog import read_catalog
from game.serve import play_command
from tests.conftest import TINY_SCENES
from tests.i18n.conftest import PACK


def entries(path: Path) -> list[tuple[str, str, list, set]]:
    """(context, id, places, flags) of each entry; flags from the file's own `#,` lines (Babel adds guesses)."""
    text = path.read_text(encoding="utf-8")
    flagged = {ctx for ctx in (line.split('"')[1] for line in text.split("#, python-brace-format\nmsgctxt ")[1:])}
    return [(m.context, m.id, m.locations, {"python-brace-format"} if m.context in flagged else set()) for m in read_catalog(path) if m.id]


def test_extract_writes_every_string_in_pack_order_with_its_context_and_line(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """story.yaml first, then each scene's title, text parts, choices, notes and ending; a block's text
    starts on the line after its `|`; only templates with a {name} are brace-format."""
    shutil.rmtree(pack / "locale")
    assert main(["i18n", "extract", "--scenes", str(pack)]) == 0
    found = entries(pack / "locale" / "messages.pot")
    assert [c for c, *_ in found] == [
        "story:title", "story:panel", "var:nerve", "var:badge", "var:badge=kept", "var:badge=thrown",
        "quay:title", "quay/0", "quay.wait", "quay.wait:note", "quay.throw",
        "bridge:title", "bridge/0", "bridge/1", "bridge.jump", "towpath:title", "towpath/0", "towpath:ending",
    ]
    by_context = {c: (i, loc, f) for c, i, loc, f in found}
    assert by_context["quay/0"][1] == [("scenes.yaml", 6)]  # `text: |` is line 5
    assert by_context["quay/0"][0].endswith("one to go.")  # the block's final newline is not part of the id
    assert by_context["bridge/1"][1] == [("scenes.yaml", 24)]
    assert {c for c, (_, _, f) in by_context.items() if f} == {"quay:title", "quay/0"}
    assert all(f <= {"python-brace-format"} for _, _, f in by_context.values())
    assert "18 strings" in capsys.readouterr().err


def test_extract_twice_changes_nothing(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A second run leaves the file as it was, creation date included, and says so."""
    before = (pack / "locale" / "messages.pot").read_bytes()
    assert main(["i18n", "extract", "--scenes", str(pack)]) == 0
    assert (pack / "locale" / "messages.pot").read_bytes() == before
    assert "(unchanged)" in capsys.readouterr().err


def test_a_percent_sign_is_not_a_python_format(make_pack, capsys: pytest.CaptureFixture[str]) -> None:
    """Babel would flag '100% sure' python-format (and msgfmt would then check it); a story has no % formats."""
    folder = make_pack(files={"scenes.yaml": TINY_SCENES.replace("text: Wait,", "text: Wait till you are 100% sure,")})
    assert main(["i18n", "extract", "--scenes", str(folder)]) == 0
    text = (folder / "locale" / "messages.pot").read_text(encoding="utf-8")
    assert 'msgid "Wait till you are 100% sure"' in text and "python-format" not in text


def test_update_starts_a_catalog_then_follows_the_pack(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A changed source keeps its translation, fuzzy, with the old source beside it; a removed one is obsolete."""
    scenes = pack / "scenes.yaml"
    scenes.write_text(
        scenes.read_text(encoding="utf-8").replace("text: Wait for the boat", "text: Wait for the last boat")
        .replace("      - {id: jump, text: Jump down to the towpath, to: towpath}\n", "      - {id: climb, text: Climb down, to: towpath}\n"),
        encoding="utf-8",
    )
    assert main(["i18n", "update", "fr", "--scenes", str(pack)]) == 0
    assert "fr.po: 16 of 18 translated, 1 fuzzy, 1 obsolete" in capsys.readouterr().err
    catalog = read_catalog(pack / "locale" / "fr.po")
    changed = catalog.get("Wait for the last boat", "quay.wait")
    assert changed.fuzzy and changed.string == "Attendre le bateau" and changed.previous_id == ["Wait for the boat"]
    assert catalog.get("Climb down", "bridge.climb").string == ""
    assert [m.id for m in catalog.obsolete.values()] == ["Jump down to the towpath"]
    text = (pack / "locale" / "fr.po").read_text(encoding="utf-8")
    assert '#| msgid "Wait for the boat"' in text and '#~ msgid "Jump down to the towpath"' in text
    assert main(["i18n", "update", "fr", "--scenes", str(pack)]) == 0
    assert "(unchanged)" in capsys.readouterr().err


def test_update_makes_a_new_language(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["i18n", "update", "pt_BR", "--scenes", str(pack)]) == 0
    catalog = read_catalog(pack / "locale" / "pt_BR.po")
    assert str(catalog.locale) == "pt_BR" and all(not m.string for m in catalog if m.id)
    assert len([m for m in catalog if m.id]) == 18
    assert main(["i18n", "update", "../x", "--scenes", str(pack)]) == 2
    assert "is not a language tag" in capsys.readouterr().err


def test_a_damaged_catalog_is_reported_and_never_written_over(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = pack / "locale" / "fr.po"
    po.write_text(po.read_text(encoding="utf-8") + "\nthis is not a PO line\n", encoding="utf-8")
    before = po.read_bytes()
    assert main(["i18n", "update", "fr", "--scenes", str(pack)]) == 1
    err = capsys.readouterr().err
    assert "fr.po:122: not a valid PO file: unknown or misformatted keyword" in err and "Traceback" not in err
    assert po.read_bytes() == before
    assert main(["play", "--plain", "--lang", "fr", "--scenes", str(pack), "--saves", str(pack.parent / "saves")]) == 1
    assert "fr.po:122: not a valid PO file" in capsys.readouterr().err


def test_validate_lang_reports_the_completion(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Clean and complete: the summary and the JSON say 100%; an untranslated entry is LB201 and lowers it."""
    assert main(["validate", str(pack), "--lang", "fr", "--strict"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("fr: 100% translated (18 of 18 strings)")
    po = pack / "locale" / "fr.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Le pont"', 'msgstr ""'), encoding="utf-8")
    assert main(["validate", str(pack), "--lang", "fr", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["translation"] == {"language": "fr", "translated": 17, "total": 18, "percent": 94}
    assert [d["code"] for d in report["diagnostics"]] == ["LB201"]
    assert main(["validate", str(pack), "--lang", "fr", "--strict"]) == 1


def test_a_language_without_a_catalog_is_a_usage_error(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(pack), "--lang", "de"]) == 2
    assert "the pack has no locale/de.po ('lostbullet i18n update de' makes one)" in capsys.readouterr().err
    assert main(["play", "--plain", "--lang", "de", "--scenes", str(pack), "--saves", str(pack.parent / "saves")]) == 2
    assert "--lang de: no catalog for that language (this pack and the game have: en, fr)" in capsys.readouterr().err


def test_walk_lang_plays_the_translation_against_its_own_golden_transcript(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The French transcript is compared with NAME.walk.fr.transcript; the English expectations still hold."""
    walk = pack / "away.walk.yaml"
    assert main(["walk", str(walk), "--lang", "fr", "--transcript"]) == 0
    out, err = capsys.readouterr()
    assert "# Le quai, cran 1" in out and "FIN\u00a0: Loin du canal (fin alternative)" in out
    assert "transcript matches" in err
    assert out.strip() == (pack / "away.walk.fr.transcript").read_text(encoding="utf-8").strip()
    assert main(["walk", str(walk)]) == 0  # and the English golden transcript is another file
    assert "transcript matches" in capsys.readouterr().err
    golden = pack / "away.walk.fr.transcript"
    golden.write_text(golden.read_text(encoding="utf-8").replace("Le pont", "Le pont neuf"), encoding="utf-8")
    assert main(["walk", str(walk), "--lang", "fr"]) == 1
    assert main(["walk", str(walk), "--lang", "fr", "--rebless"]) == 0
    assert "Le pont neuf" not in golden.read_text(encoding="utf-8")


def test_walk_lang_works_with_a_partial_catalog(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Untranslated strings show in English; the walk still reaches its ending."""
    po = pack / "locale" / "fr.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Le pont"', 'msgstr ""'), encoding="utf-8")
    (pack / "away.walk.fr.transcript").unlink()
    assert main(["walk", str(pack / "away.walk.yaml"), "--lang", "fr", "--transcript"]) == 0
    out = capsys.readouterr().out
    assert "# The bridge" in out and "# Le chemin de halage" in out


def test_serve_passes_the_language_to_each_game(tmp_path: Path) -> None:
    assert play_command(PACK, tmp_path, "fr").endswith(" --lang fr")
    assert "--lang" not in play_command(PACK, tmp_path)
