"""`lostbullet lsp` end to end: a real client (pytest-lsp) drives the real server over stdio.

One server serves the whole module (starting one costs about half a second), on a small pack
in a temporary folder; each test opens the buffers it edits and closes them again, so the
next test sees the pack as it is on disk.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path
from typing import AsyncIterator

import pytest
import pytest_lsp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pytest_lsp import LanguageClient

from game.lsp.workspace import check
from game.story.loader import check_pack
from tests.conftest import REPO
from tests.lsp.lsp_pack import BORDER, CONFIG, ROAD, STORY, WALK, codes, position_of, start, until, write_pack

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pack(tmp_path_factory.mktemp("pack"))


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient, pack: Path) -> AsyncIterator[None]:
    await start(lsp_client, pack)
    yield
    await lsp_client.shutdown_session()


def uri(pack: Path, name: str) -> str:
    return (pack / name).as_uri()


@contextlib.asynccontextmanager
async def opened(client: LanguageClient, pack: Path, name: str, text: str) -> AsyncIterator[str]:
    """`name` open in the editor holding `text`; closed (back to the file on disk) afterwards."""
    address = uri(pack, name)
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=address, language_id="yaml", version=1, text=text)))
    try:
        yield address
    finally:
        client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(address)))


def change(client: LanguageClient, address: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=address, version=version),
            [types.TextDocumentContentChangeWholeDocument(text)],
        )
    )


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """`text` with the edits made, last first so that earlier positions stay right."""
    lines = text.splitlines(keepends=True)

    def offset(p: types.Position) -> int:
        return sum(len(line) for line in lines[: p.line]) + p.character

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
        lines = text.splitlines(keepends=True)
    return text


def utf16_position(text: str, offset: int) -> types.Position:
    """The LSP position of `offset`: lines broken at \\n only, columns in UTF-16 units (the default)."""
    before = text[:offset]
    line_start = before.rfind("\n") + 1
    return types.Position(line=before.count("\n"), character=len(before[line_start:].encode("utf-16-le")) // 2)


def pair(position: types.Position) -> tuple[int, int]:
    return position.line, position.character


def labels(result: types.CompletionList | list[types.CompletionItem] | None) -> set[str]:
    items = result.items if isinstance(result, types.CompletionList) else result or []
    return {item.label for item in items}


async def test_typo_in_to_is_an_error_at_the_typo_with_a_fix(client: LanguageClient, pack: Path) -> None:
    """A typo'd `to:` is LB008 exactly over the typo, linked to its catalogue entry, and the quick fix repairs it."""
    text = ROAD.replace("to: checkpoint_2", "to: chekpoint_2", 1)
    async with opened(client, pack, "act1/road.yaml", text) as address:
        found = await until(client, address, lambda f: "LB008" in codes(f))
        (typo,) = [d for d in found if d.code == "LB008"]
        start = position_of(text, "chekpoint_2")
        assert typo.range == types.Range(start, types.Position(start.line, start.character + len("chekpoint_2")))
        assert typo.severity == types.DiagnosticSeverity.Error and typo.source == "lostbullet"
        assert "did you mean 'checkpoint_2'" in typo.message
        anchor = typo.code_description.href.rpartition("#")[2]
        headings = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in re.findall(r"^### (.+)$", (REPO / "scenes/README.md").read_text(), re.M)}
        assert anchor == "lb008-unknown-scene-error" and anchor in headings
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=address), range=typo.range, context=types.CodeActionContext(diagnostics=[typo]))
        )
        (fix,) = [a for a in actions if a.title == "Change to 'checkpoint_2'"]
        assert apply(text, fix.edit.changes[address]) == ROAD
        typo.data = None  # a client that does not send `data` back gets the same fix
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=address), range=typo.range, context=types.CodeActionContext(diagnostics=[typo]))
        )
        assert [apply(text, a.edit.changes[address]) for a in actions] == [ROAD]


async def test_hints_and_warnings_reach_the_editor(client: LanguageClient, pack: Path) -> None:
    """A warning keeps its severity, an error its hint, and a position inside a block scalar is exact."""
    text = STORY + "  spare:\n    type: bool\n    initial: false\n"
    async with opened(client, pack, "story.yaml", text) as address:
        found = await until(client, address, lambda f: "LB104" in codes(f))
        (unused,) = [d for d in found if d.code == "LB104"]
        assert unused.severity == types.DiagnosticSeverity.Warning
        assert unused.range.start == position_of(text, "spare:") and unused.range.end.character == unused.range.start.character + len("spare")
    keyed = BORDER.replace("    choices:\n      - id: bluff", "    choises:\n      - id: bluff")
    async with opened(client, pack, "act1/border.yaml", keyed) as address:
        found = await until(client, address, lambda f: "LB004" in codes(f))
        (unknown,) = [d for d in found if d.code == "LB004"]
        assert unknown.message.startswith("unknown key 'choises' (did you mean 'choices'?)\nhint: allowed here: ")
        assert unknown.range.start == position_of(keyed, "choises") and unknown.data["replace"]["with"] == "choices"
    road = ROAD.replace("{heat} tonight", "{haet} tonight")
    async with opened(client, pack, "act1/road.yaml", road) as address:
        found = await until(client, address, lambda f: any("'{haet}'" in d.message for d in f))
        (typo,) = [d for d in found if d.code == "LB009"]
        assert typo.range.start == position_of(road, "{haet}")
        assert typo.range.end.character - typo.range.start.character == len("{haet}")


async def test_ranges_count_utf16_units_after_an_emoji(client: LanguageClient, pack: Path) -> None:
    """On a line with a character outside the BMP before the typo, the range counts it as two units, as LSP does by default."""
    text = ROAD.replace("text: Drive on.", "text: Drive on 🚓 past {hat}.")
    async with opened(client, pack, "act1/road.yaml", text) as address:
        # each test names its own typo: a check of the previous test's buffer may still be on its way
        found = await until(client, address, lambda f: any("'{hat}'" in d.message for d in f))
        (typo,) = [d for d in found if d.code == "LB009"]
        line = text.splitlines()[typo.range.start.line]
        assert typo.range.start.character == line.index("{hat}") + 1
        assert typo.range.end.character - typo.range.start.character == len("{hat}")


async def test_an_edit_marks_the_files_it_breaks(client: LanguageClient, pack: Path) -> None:
    """Renaming a scene by hand in one file puts LB008 on the `to:` lines of another file, not open, and fixing it clears them."""
    road = uri(pack, "act1/road.yaml")
    async with opened(client, pack, "act1/border.yaml", BORDER) as address:
        change(client, address, 2, BORDER.replace("  checkpoint_2:", "  checkpoint_3:"))
        found = await until(client, road, lambda f: codes(f).count("LB008") == 2)
        assert {d.range.start.line for d in found if d.code == "LB008"} == {position_of(ROAD, "to: checkpoint_2", occurrence=i).line for i in (0, 1)}
        change(client, address, 3, BORDER)
        await until(client, road, lambda f: "LB008" not in codes(f))


async def test_files_changed_on_disk_are_checked_again(client: LanguageClient, pack: Path) -> None:
    """A file the editor does not hold, changed on disk (a checkout), is checked again when the client says so."""
    target, road = pack / "act1/road.yaml", uri(pack, "act1/road.yaml")

    def changed() -> None:
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=road, type=types.FileChangeType.Changed)])
        )

    try:
        target.write_text(ROAD.replace("to: checkpoint_2", "to: chekpoint_2"))
        changed()
        await until(client, road, lambda f: codes(f).count("LB008") == 2)
    finally:
        target.write_text(ROAD)
    changed()
    await until(client, road, lambda f: "LB008" not in codes(f))


async def test_broken_yaml_gets_one_diagnostic_and_the_server_keeps_running(client: LanguageClient, pack: Path) -> None:
    """A buffer that is not YAML gets its one LB001, and the server still answers afterwards."""
    text = ROAD.replace("title: The road", "title: The road: again\n  - oops", 1)
    async with opened(client, pack, "act1/road.yaml", text) as address:
        found = await until(client, address, lambda f: "LB001" in codes(f))
        assert codes(found) == ["LB001"]
        hover = await client.text_document_hover_async(types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri(pack, "act1/border.yaml")), position=position_of(BORDER, "heat")))
        assert hover is not None and "Heat" in hover.contents.value


async def test_completion_after_to_lists_the_scenes(client: LanguageClient, pack: Path) -> None:
    """After `to: ` the pack's scene ids are offered, in a block choice and in a flow one."""
    text = ROAD.replace("        to: checkpoint_2\n      - id: paint_it", "        to: \n      - id: paint_it", 1)
    async with opened(client, pack, "act1/road.yaml", text) as address:
        at = position_of(text, "to: \n", offset=4)
        result = await client.text_document_completion_async(types.CompletionParams(text_document=types.TextDocumentIdentifier(address), position=at))
        assert labels(result) == {"road", "checkpoint_2", "spain", "caught"}
        flow = text.replace("        to: \n", "        outcomes: [{weight: 1, to: }]\n", 1)
        change(client, address, 2, flow)
        at = position_of(flow, "to: }", offset=4)
        result = await client.text_document_completion_async(types.CompletionParams(text_document=types.TextDocumentIdentifier(address), position=at))
        assert "checkpoint_2" in labels(result)


async def test_completion_of_names_values_choices_and_keys(client: LanguageClient, pack: Path) -> None:
    """Variables in conditions and templates, enum values after `==`, the scene's choices in `timer.default`, documented keys."""
    text = ROAD.replace('if: paint == "primer"', "if: paint == ").replace("default: drive", "default: ").replace("{heat} tonight", "{he tonight")
    text = text.replace("        text: Drive on.\n", "        text: Drive on.\n        \n", 1)
    async with opened(client, pack, "act1/road.yaml", text) as address:
        doc = types.TextDocumentIdentifier(address)

        async def at(needle: str, offset: int) -> types.CompletionList:
            return await client.text_document_completion_async(types.CompletionParams(text_document=doc, position=position_of(text, needle, offset)))

        assert labels(await at("paint == ", 9)) == {'"primer"', '"blue"'}
        assert labels(await at("{he tonight", 3)) == {"heat", "paint"}
        assert labels(await at("default: ", 9)) == {"drive", "paint_it"}
        keys = await at("Drive on.\n        \n", 18)
        assert labels(keys) == {"if", "outcomes", "note"}  # id, text, do and to are written already
        (outcomes,) = [i for i in keys.items if i.label == "outcomes"]
        assert "chance" in outcomes.documentation.value
        effect = text.replace("do: heat += 1", "do: ")
        change(client, address, 2, effect)
        result = await client.text_document_completion_async(types.CompletionParams(text_document=doc, position=position_of(effect, "do: \n", 4)))
        assert labels(result) == {"heat", "paint"}
    walk = WALK.replace("choose: bluff", "choose: ")
    async with opened(client, pack, "tests/route.walk.yaml", walk) as address:
        result = await client.text_document_completion_async(types.CompletionParams(text_document=types.TextDocumentIdentifier(address), position=position_of(walk, "choose: \n", 8)))
        assert {"road.drive", "checkpoint_2.bluff", "checkpoint_2.run"} <= labels(result)


async def test_definition_lands_on_the_scene_and_the_declaration(client: LanguageClient, pack: Path) -> None:
    """From `to:` to the scene's key in another file; from a variable in an effect and in prose to its declaration."""
    road = types.TextDocumentIdentifier(uri(pack, "act1/road.yaml"))
    found = await client.text_document_definition_async(types.DefinitionParams(text_document=road, position=position_of(ROAD, "checkpoint_2", 3)))
    assert found.uri == uri(pack, "act1/border.yaml") and found.range.start == position_of(BORDER, "checkpoint_2:")
    for needle in ("heat += 1", "heat} tonight"):
        found = await client.text_document_definition_async(types.DefinitionParams(text_document=road, position=position_of(ROAD, needle, 1)))
        assert found.uri == uri(pack, "story.yaml") and found.range.start == position_of(STORY, "heat:")


async def test_references_of_a_scene_and_of_a_variable(client: LanguageClient, pack: Path) -> None:
    """A scene's references are every choice and walk step that names it; a variable's every read and write."""
    border = types.TextDocumentIdentifier(uri(pack, "act1/border.yaml"))
    found = await client.text_document_references_async(
        types.ReferenceParams(text_document=border, position=position_of(BORDER, "checkpoint_2"), context=types.ReferenceContext(include_declaration=False))
    )
    got = sorted((Path(types_uri).name, r.start.line) for types_uri, r in ((f.uri, f.range) for f in found))
    road_lines = [position_of(ROAD, "to: checkpoint_2", occurrence=i).line for i in (0, 1)]
    assert got == sorted([("road.yaml", line) for line in road_lines] + [("route.walk.yaml", 2)])
    found = await client.text_document_references_async(
        types.ReferenceParams(text_document=border, position=position_of(BORDER, "heat < 3"), context=types.ReferenceContext(include_declaration=True))
    )
    got = sorted((Path(f.uri).name, f.range.start.line, f.range.start.character) for f in found)
    expected = [("story.yaml",) + pair(position_of(STORY, "heat:"))]
    expected += [("road.yaml",) + pair(position_of(ROAD, needle)) for needle in ("heat} tonight", "heat += 1")]
    expected += [("border.yaml",) + pair(position_of(BORDER, needle)) for needle in ("heat < 3", "heat\n")]
    assert got == sorted(expected)


async def test_hover_on_a_variable_and_on_a_scene(client: LanguageClient, pack: Path) -> None:
    """A variable shows its type, range, initial value, label and doc; a scene its title, act, words and what leads there."""
    road = types.TextDocumentIdentifier(uri(pack, "act1/road.yaml"))
    hover = await client.text_document_hover_async(types.HoverParams(text_document=road, position=position_of(ROAD, "heat += 1")))
    assert all(part in hover.contents.value for part in ("int 0..5", "`0`", "Heat", "How hard the police are looking."))
    hover = await client.text_document_hover_async(types.HoverParams(text_document=road, position=position_of(ROAD, "checkpoint_2")))
    text = hover.contents.value
    assert all(part in text for part in ("Checkpoint two", "act 1", "5 words", "`road.drive`", "`road.paint_it`"))


async def test_rename_of_a_scene_updates_every_file_and_adds_renamed(client: LanguageClient, pack: Path, tmp_path: Path) -> None:
    """Renaming a scene edits its key, both `to:` lines and the walk, and adds `renamed:`; the result loads."""
    border = types.TextDocumentIdentifier(uri(pack, "act1/border.yaml"))
    edit = await client.text_document_rename_async(types.RenameParams(text_document=border, position=position_of(BORDER, "checkpoint_2"), new_name="border_post"))
    assert {Path(u).name: len(e) for u, e in edit.changes.items()} == {"border.yaml": 1, "road.yaml": 2, "route.walk.yaml": 1, "story.yaml": 1}
    story = applied(pack, tmp_path / "scene", edit)
    assert story.renamed == {"checkpoint_2": "border_post"} and "border_post" in story.scenes
    edit = await client.text_document_rename_async(types.RenameParams(text_document=border, position=position_of(BORDER, "heat < 3"), new_name="alarm"))
    assert sum(len(e) for e in edit.changes.values()) == 5
    story = applied(pack, tmp_path / "vars", edit)
    assert "alarm" in story.variables and "heat" not in story.variables
    with pytest.raises(Exception, match="already a scene 'spain'"):
        await client.text_document_rename_async(types.RenameParams(text_document=border, position=position_of(BORDER, "checkpoint_2"), new_name="spain"))


def applied(pack: Path, copy: Path, edit: types.WorkspaceEdit):
    shutil.copytree(pack, copy)
    for address, changes in edit.changes.items():
        target = copy / Path(address.removeprefix("file://")).relative_to(pack)
        target.write_text(apply(target.read_text(), changes))
    story, diagnostics = check_pack(copy)
    assert story is not None, [d.render() for d in diagnostics]
    return story


async def test_document_symbols_are_the_scenes_and_their_choices(client: LanguageClient, pack: Path) -> None:
    """A scene file's outline: its scenes in order, each with its choices."""
    found = await client.text_document_document_symbol_async(types.DocumentSymbolParams(types.TextDocumentIdentifier(uri(pack, "act1/border.yaml"))))
    assert [(s.name, [c.name for c in s.children or []]) for s in found] == [("checkpoint_2", ["bluff", "run"]), ("spain", []), ("caught", [])]
    assert found[0].selection_range.start == position_of(BORDER, "checkpoint_2:")
    assert found[0].range.end.line < found[1].range.start.line


async def test_undeclared_variable_gets_a_declare_action(client: LanguageClient, pack: Path, tmp_path: Path) -> None:
    """`declare in story.yaml` adds an int the condition can compare, and the pack then loads."""
    text = ROAD.replace('if: paint == "primer"', "if: nerve > 2")
    async with opened(client, pack, "act1/road.yaml", text) as address:
        found = await until(client, address, lambda f: any("'nerve'" in d.message for d in f))
        (undeclared,) = [d for d in found if d.code == "LB009"]
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=address), range=undeclared.range, context=types.CodeActionContext(diagnostics=[undeclared]))
        )
        (declare,) = [a for a in actions if a.title == "Declare 'nerve' in story.yaml"]
        (story_uri,) = declare.edit.changes
        shutil.copytree(pack, tmp_path / "p")
        (tmp_path / "p/act1/road.yaml").write_text(text)
        (tmp_path / "p/story.yaml").write_text(apply(STORY, declare.edit.changes[story_uri]))
        story, diagnostics = check_pack(tmp_path / "p")
        assert story is not None and story.variables["nerve"].type == "int", [d.render() for d in diagnostics]


async def test_deep_findings_come_on_save_only(client: LanguageClient, pack: Path) -> None:
    """A choice no reachable state opens is LB108 after a save, never while typing."""
    target = pack / "act1/border.yaml"
    text = BORDER.replace("      - id: run\n", "      - id: wait\n        text: Wait for the night shift.\n        if: heat > 4\n        to: spain\n      - id: run\n")
    try:
        async with opened(client, pack, "act1/border.yaml", BORDER) as address:
            change(client, address, 2, text)
            found = await until(client, address, lambda f: "LB108" not in codes(f))
            target.write_text(text)
            client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(address)))
            found = await until(client, address, lambda f: "LB108" in codes(f), timeout=30)
            (never,) = [d for d in found if d.code == "LB108"]
            assert never.range.start == position_of(text, "heat > 4")
            change(client, address, 3, BORDER)
            await until(client, address, lambda f: "LB108" not in codes(f))
    finally:
        target.write_text(BORDER)


_EDIT_CHARS = st.sampled_from(list("abc_: -{}[]\"'#\n\t|>=+0123456789") + ["to: ", "if: ", "{heat}", "  - id: x\n", "scenes:", "\ufeff", "\x00", "é", "😀"])


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    name=st.sampled_from(["act1/road.yaml", "act1/road.yaml", "story.yaml", "tests/route.walk.yaml"]),
    edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 12), st.lists(_EDIT_CHARS, max_size=4).map("".join), st.booleans()), min_size=50, max_size=50),
)
async def test_random_edits_never_crash_the_server(client: LanguageClient, pack: Path, name: str, edits: list[tuple[float, int, str, bool]]) -> None:
    """Fifty random incremental edits per example (two hundred in all), each followed by a completion or hover request: the server answers every one, and its diagnostics then are a fresh check's of the same buffer (its parse cache changes nothing)."""
    text = {"act1/road.yaml": ROAD, "story.yaml": STORY, "tests/route.walk.yaml": WALK}[name]
    async with opened(client, pack, name, text) as address:
        doc = types.TextDocumentIdentifier(address)
        for version, (where, cut, insert, ask_hover) in enumerate(edits, start=2):
            start = int(where * len(text))
            end = min(len(text), start + cut)
            start_pos, end_pos = utf16_position(text, start), utf16_position(text, end)
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(uri=address, version=version),
                    [types.TextDocumentContentChangePartial(types.Range(start_pos, end_pos), insert)],
                )
            )
            text = text[:start] + insert + text[end:]
            if ask_hover:
                await client.text_document_hover_async(types.HoverParams(text_document=doc, position=start_pos))
            else:
                await client.text_document_completion_async(types.CompletionParams(text_document=doc, position=start_pos))
        symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(doc))
        assert isinstance(symbols, list)
        path = str((pack / name).absolute())
        fresh = [d for d in check(pack, {path: text}) if os.path.abspath(d.span.file) == path]  # a check with no cache
        expected = sorted((d.code.code, d.message if not d.hint else f"{d.message}\nhint: {d.hint}") for d in fresh)
        await until(client, address, lambda f: sorted((str(d.code), d.message) for d in f) == expected)  # the server's cached check agrees
    assert not [m.message for m in client.messages + client.log_messages if m.type == types.MessageType.Error]
