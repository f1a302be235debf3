"""Files that once crashed, hung or fooled the loader (issue 14): each is now a diagnostic at its place.

Empty files (point 3), scalars PyYAML cannot construct and huge numbers (point 4), alias budgets
and pack bounds (point 5), control characters (point 8), and encodings (point 9).
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

import game.story.loader as loader_module
from game.cli import main
from game.diagnostics import Codes, Diagnostic, Span
from game.profile import Profile
from game.saves import SaveStore
from game.story.loader import MAX_FOLDER_DEPTH, MAX_PACK_BYTES, MAX_SCENE_FILES, check_pack, load_story, scan_pack
from game.story.source import MAX_ALIAS_VALUES, MAX_FILE_BYTES, MAX_INT_DIGITS, SourceFile, parse_yaml, read_yaml
from game.tools.generate import generate
from game.tui.playthrough import Playthrough
from tests.conftest import TINY_SCENES, TINY_STORY

MakePack = Callable[..., Path]
HOME_TITLE = "    title: Home\n"
"""The line of TINY_SCENES (line 19) whose value the scalar tests replace; the value starts at column 12."""


def where(d: Diagnostic, root: Path) -> tuple[str, str, int, int]:
    return d.code.code, Path(d.span.file).relative_to(root).as_posix() if d.span.file != str(root) else ".", d.span.line, d.span.col


def errors(root: Path) -> list[Diagnostic]:
    story, diagnostics = check_pack(root)
    assert story is None
    found = [d for d in diagnostics if d.severity.is_error]
    assert found, "a pack that does not load must say why"
    return found


def with_home_title(value: str) -> str:
    assert HOME_TITLE in TINY_SCENES
    return TINY_SCENES.replace(HOME_TITLE, f"    title: {value}\n")


def parse(text: str) -> tuple[SourceFile, list[Diagnostic]]:
    return parse_yaml(SourceFile("f.yaml"), text)


# --- point 3: empty files -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"], ids=["empty", "comment", "blank"])
def test_empty_scene_file_is_an_error_and_keeps_the_unknown_scene_check(make_pack: MakePack, text: str) -> None:
    """An empty scene file is LB003 at 1:1, and a target no file defines is still LB008."""
    root = make_pack(files={"scenes.yaml": TINY_SCENES.replace("to: home", "to: nowhere"), "empty.yaml": text})
    found = errors(root)
    assert [where(d, root) for d in found] == [("LB003", "empty.yaml", 1, 1), ("LB008", "scenes.yaml", 17, 56)]
    assert found[0].message == "this scene file is empty: it needs a 'scenes:' mapping"


@pytest.mark.parametrize("text", ["", "# a title will go here\n"], ids=["empty", "comment"])
def test_empty_story_file_is_an_error(make_pack: MakePack, text: str) -> None:
    """An empty story.yaml is LB003, not '0 errors'."""
    root = make_pack(story=text)
    (d,) = errors(root)
    assert where(d, root) == ("LB003", "story.yaml", 1, 1)
    assert d.message == "story.yaml is empty: it needs 'title', 'version' and 'start'"


def test_empty_document_parses_as_nothing() -> None:
    """At the YAML level an empty document is valid: parsed, no data, no diagnostic."""
    source, diagnostics = parse("# nothing yet\n")
    assert source.parsed and source.data is None and diagnostics == []


@pytest.mark.parametrize("command", [["validate"], ["graph"], ["play", "--plain"]], ids=lambda c: c[0])
@pytest.mark.parametrize("broken", ["empty scene file", "empty story.yaml"])
def test_commands_on_a_pack_with_an_empty_file_exit_1_with_the_message(
    make_pack: MakePack, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: list[str], broken: str
) -> None:
    """validate, graph and play each refuse such a pack with exit 1 and the diagnostic, never a crash or a silent exit."""
    if broken == "empty story.yaml":
        root, message = make_pack(story="# to do\n"), "story.yaml is empty"
    else:
        root, message = make_pack(files={"scenes.yaml": TINY_SCENES, "draft.yaml": "# to do\n"}), "this scene file is empty"
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    assert main([*command, "--scenes", str(root)]) == 1
    assert message in capsys.readouterr().err


def test_a_pack_that_fails_silently_still_says_why(make_pack: MakePack, monkeypatch: pytest.MonkeyPatch) -> None:
    """Safety net: if a file were ever left unread without a diagnostic, the pack does not load, and says so."""
    root = make_pack()
    real = loader_module.read_yaml

    def silent(path: Path, budget: object = None) -> tuple[SourceFile, list[Diagnostic]]:
        source, found = real(path, budget)  # type: ignore[arg-type]
        if path.name == "scenes.yaml":
            return SourceFile(str(path)), []
        return source, found

    monkeypatch.setattr(loader_module, "read_yaml", silent)
    (d,) = errors(root)
    assert (d.code, d.span) == (Codes.NO_STORY, Span(str(root)))
    assert d.message == "the pack could not be read completely, and no file said why"


# --- point 4: scalars that do not construct, huge numbers ----------------------------------------


BAD_SCALARS = [
    ("2001-13-45", "'2001-13-45' looks like a date but is not a valid one"),
    ("2001-02-29", "'2001-02-29' looks like a date but is not a valid one"),
    ("0b_", "'0b_' looks like a number but is not a valid one"),
    ("0x_", "'0x_' looks like a number but is not a valid one"),
    ("!!float abc", "'abc' is tagged '!!float' but is not a valid number"),
    ("!!bool maybe", "'maybe' is tagged '!!bool' but is not a valid true/false value"),
    ("!!int", "'' is tagged '!!int' but is not a valid number"),
    ("!!int abc", "'abc' is tagged '!!int' but is not a valid number"),
    ("!!timestamp nope", "'nope' is tagged '!!timestamp' but is not a valid date"),
    ("!!timestamp 2001-02-03T25:00:00", "'2001-02-03T25:00:00' is tagged '!!timestamp' but is not a valid date"),
]


@pytest.mark.parametrize(("value", "message"), BAD_SCALARS, ids=[v for v, _ in BAD_SCALARS])
def test_scalar_that_does_not_construct_is_lb005_at_its_place(make_pack: MakePack, value: str, message: str) -> None:
    """Each such scalar is one LB005 where it is written, read as its text: the rest of the file is still checked."""
    scenes = with_home_title(value).replace("to: home", "to: nowhere")
    root = make_pack(files={"scenes.yaml": scenes})
    found = errors(root)
    assert [where(d, root) for d in found] == [("LB008", "scenes.yaml", 17, 56), ("LB005", "scenes.yaml", 19, 12)]
    assert found[1].message == message


def test_a_plain_value_that_looks_like_a_date_is_told_to_be_quoted() -> None:
    source, (d,) = parse("a: 2001-13-45\nb: '2001-13-45'\nc: 1\n")
    assert d.hint == "quote it to keep it as text"
    assert source.data == {"a": "2001-13-45", "b": "2001-13-45", "c": 1}


def test_merge_and_value_keys_as_values_are_text() -> None:
    """`<<` and `=` written as values are text; no tag was written, so none is refused."""
    source, diagnostics = parse("a: <<\nb: =\n")
    assert diagnostics == [] and source.data == {"a": "<<", "b": "="}


@pytest.mark.parametrize("literal", ["1" * 31, "-" + "9" * 31, "0x" + "f" * 31, "0b" + "1" * 31, "1_" * 31, "1" * 5000, "0x" + "f" * 5000])
def test_integer_literal_over_the_digit_limit_is_refused_where_written(literal: str) -> None:
    """A whole number of more than MAX_INT_DIGITS digits is LB005 at its place, before Python's int() is asked."""
    source, (d,) = parse(f"a: 1\nb: {literal}\n")
    assert (d.code.code, d.span.line, d.span.col) == ("LB005", 2, 4)
    assert d.message.startswith("the number '") and d.message.endswith(f"has more than {MAX_INT_DIGITS} digits")
    assert len(d.render()) < 300
    assert source.data["a"] == 1


def test_integer_literal_at_the_digit_limit_is_read() -> None:
    source, diagnostics = parse(f"a: {'9' * MAX_INT_DIGITS}\nb: 0x{'f' * MAX_INT_DIGITS}\n")
    assert diagnostics == []
    assert source.data == {"a": int("9" * MAX_INT_DIGITS), "b": int("f" * MAX_INT_DIGITS, 16)}


def test_huge_initial_value_in_story_file_is_a_diagnostic(make_pack: MakePack) -> None:
    root = make_pack(story=TINY_STORY.replace("initial: 0, min: 0", f"initial: {'7' * 5000}, min: 0"))
    assert ("LB005", "story.yaml", 5, 30) in [where(d, root) for d in errors(root)]


def test_watch_reload_keeps_playing_after_a_bad_scalar(make_pack: MakePack, tmp_path: Path) -> None:
    """`play --watch`: an edit that writes a bad date or a huge number gives errors to show, and the game goes on."""
    pack = make_pack()
    loaded = load_story(pack)
    play = Playthrough(loaded, SaveStore(tmp_path, loaded), Profile.load(tmp_path), seed=2)
    play.new()
    play.choose("wait")
    story, session = play.story, play.session
    for value in ("2001-13-45", "!!bool maybe", "1" * 5000, '"\\e]0;pwned\\a"'):
        (pack / "scenes.yaml").write_text(with_home_title(value), encoding="utf-8")
        step, shown = play.reload(pack)
        assert step is None and len(shown) == 1 and "scenes.yaml:19:" in shown[0]
        assert play.story is story and play.session is session
    (pack / "scenes.yaml").write_text(TINY_SCENES, encoding="utf-8")
    step, shown = play.reload(pack)
    assert shown == [] and step is not None


# --- point 5: one alias budget per pack, bounded packs -------------------------------------------


def alias_file(copies: int) -> str:
    """A small scene file whose aliases add `copies` * 11,111 values."""
    return (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        f"b: &b [{', '.join(['*a'] * 10)}]\n"
        f"c: &c [{', '.join(['*b'] * 10)}]\n"
        f"d: &d [{', '.join(['*c'] * 10)}]\n"
        f"e: [{', '.join(['*d'] * copies)}]\n"
        "scenes: {}\n"
    )


def test_alias_budget_is_shared_by_the_files_of_a_pack(make_pack: MakePack) -> None:
    """Twelve small files that each stay under the budget alone are refused once together they go over it."""
    copies = MAX_ALIAS_VALUES // 11_111 - 2  # one file spends most of the budget
    files = {"scenes.yaml": TINY_SCENES} | {f"bomb{i:02d}.yaml": alias_file(copies) for i in range(12)}
    root = make_pack(files=files)
    refused = [d for d in errors(root) if d.code is Codes.YAML_SYNTAX]
    assert [where(d, root) for d in refused] == [("LB001", f"bomb{i:02d}.yaml", 1, 1) for i in range(1, 12)]
    assert {d.message for d in refused} == {f"YAML syntax: aliases expand this pack by over {MAX_ALIAS_VALUES:,} values"}


def test_aliases_within_the_budget_are_fine() -> None:
    source, diagnostics = parse("base: &b {kind: alternate, title: Base}\none: *b\ntwo: {<<: *b, title: Two}\n")
    assert diagnostics == []
    assert source.data["two"] == {"kind": "alternate", "title": "Two"}


def test_too_many_scene_files_refuse_the_pack_before_parsing(make_pack: MakePack, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over MAX_SCENE_FILES the pack is one LB017, and no file is parsed (their syntax errors go unsaid)."""
    monkeypatch.setattr(loader_module, "MAX_SCENE_FILES", 3)
    root = make_pack(files={"scenes.yaml": TINY_SCENES} | {f"x{i}.yaml": "scenes: [" for i in range(3)})
    (d,) = errors(root)
    assert where(d, root) == ("LB017", ".", 0, 0)
    assert d.message == "the pack holds more than 3 scene files, the most one pack may hold"
    assert d.hint == "check that this is the pack's folder"


def test_the_limits_admit_a_generated_10000_scene_pack(tmp_path: Path) -> None:
    """What `bench` loads (10,000 generated scenes, 100 a file) is inside every limit, even at one scene a file."""
    pack = generate(tmp_path / "pack", scenes=300, per_file=100)
    files, problem = scan_pack(pack)
    assert problem is None and len(files) == 3
    sizes = [f.stat().st_size for f in files]
    assert max(sizes) * 2 < MAX_FILE_BYTES
    assert sum(sizes) / 300 * 10_000 * 2 < MAX_PACK_BYTES
    assert MAX_SCENE_FILES > 10_000


def test_too_many_bytes_refuse_the_pack(make_pack: MakePack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader_module, "MAX_PACK_BYTES", 2 * 1024 * 1024)
    big = TINY_SCENES + "#" * (1024 * 1024) + "\n"
    root = make_pack(files={"a.yaml": big, "b.yaml": big.replace("street", "alley").replace("home", "flat").replace("escaped", "gone").replace("caught", "taken")})
    (d,) = errors(root)
    assert where(d, root) == ("LB017", ".", 0, 0)
    assert d.message == "the pack's scene files hold more than 2 MiB, the most one pack may hold"


def test_folder_deeper_than_the_limit_is_refused(make_pack: MakePack) -> None:
    """A folder more than MAX_FOLDER_DEPTH levels down is LB017 at that folder; hidden folders are not walked at all."""
    deep = "/".join(f"l{i}" for i in range(1, MAX_FOLDER_DEPTH + 2))
    root = make_pack(files={"scenes.yaml": TINY_SCENES, f".hidden/{deep}/x.yaml": "scenes: ["})
    assert check_pack(root)[0] is not None
    (root / deep).mkdir(parents=True)
    (d,) = errors(root)
    assert where(d, root) == ("LB017", deep, 0, 0)
    assert d.message == f"this folder is more than {MAX_FOLDER_DEPTH} levels below the pack, deeper than scene files may sit"


def test_scene_files_at_the_depth_limit_are_read(make_pack: MakePack) -> None:
    at_limit = "/".join(f"l{i}" for i in range(1, MAX_FOLDER_DEPTH + 1))
    root = make_pack(files={f"{at_limit}/scenes.yaml": TINY_SCENES})
    assert check_pack(root)[0] is not None


def test_symlinked_folders_are_not_followed(make_pack: MakePack) -> None:
    """A link back to the pack (or to `/`) is not walked: the pack loads as if it were not there."""
    root = make_pack()
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "disk").symlink_to("/", target_is_directory=True)
    story, diagnostics = check_pack(root)
    assert story is not None and diagnostics == []


def test_fifo_in_the_pack_is_refused_not_waited_on(make_pack: MakePack) -> None:
    """A FIFO named like a scene file (or as story.yaml) is LB001, read by no one: opening it does not block."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    root = make_pack()
    os.mkfifo(root / "pipe.yaml")
    (d,) = errors(root)
    assert where(d, root) == ("LB001", "pipe.yaml", 0, 0)
    assert d.message == "cannot read file: it is a FIFO, not a regular file"
    (root / "pipe.yaml").unlink()
    (root / "story.yaml").unlink()
    os.mkfifo(root / "story.yaml")
    assert [(where(d, root), d.message) for d in errors(root)] == [
        (("LB001", "story.yaml", 0, 0), "cannot read file: it is a FIFO, not a regular file")
    ]


def test_symlink_to_a_device_is_refused(make_pack: MakePack) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    root = make_pack()
    (root / "zero.yaml").symlink_to("/dev/zero")
    (d,) = errors(root)
    assert (where(d, root), d.message) == (("LB001", "zero.yaml", 0, 0), "cannot read file: it is a device, not a regular file")


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    source, (d,) = read_yaml(path)
    assert (d.code, d.span) == (Codes.NO_STORY, Span(str(path)))
    assert d.message == "this file is larger than 4 MiB, the most one file may hold"
    assert source.data is None


# --- point 8: control characters ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "where_at"),
    [
        ('    title: "Home\\e[2J"\n', (19, 17)),
        ('    title: "\\x1b]0;owned\\x07"\n', (19, 13)),
        ('    title: "H\\u0085"\n', (19, 14)),
        ('    title: !!str "a\\u009b"\n', (19, 20)),
        ('    title: "ok \\t fine,\n      but \\a here"\n', (20, 11)),
        ("    title: |\n      bell \\a is text\n", None),
    ],
    ids=["esc", "osc", "nel", "csi-tagged", "two-lines", "block-literal"],
)
def test_control_character_in_a_title_is_lb018_at_its_escape(make_pack: MakePack, line: str, where_at: tuple[int, int] | None) -> None:
    """A string that holds a control character is LB018 at the escape that wrote it; `\\a` in a block scalar is just text."""
    root = make_pack(files={"scenes.yaml": TINY_SCENES.replace(HOME_TITLE, line)})
    if where_at is None:
        assert check_pack(root)[0] is not None
        return
    (d,) = errors(root)
    assert where(d, root) == ("LB018", "scenes.yaml", *where_at)
    assert d.message.startswith("control character U+00")


def test_control_characters_in_text_and_choices_are_refused(make_pack: MakePack) -> None:
    scenes = TINY_SCENES.replace("text: Quiet.", 'text: "Qu\\aiet."').replace("text: Go back out", 'text: "Go \\x1b[1mback"')
    root = make_pack(files={"scenes.yaml": scenes})
    assert [where(d, root) for d in errors(root)] == [("LB018", "scenes.yaml", 20, 14), ("LB018", "scenes.yaml", 22, 30)]


def test_tab_and_newline_escapes_are_allowed() -> None:
    source, diagnostics = parse('a: "one\\ttwo\\nthree"\n')
    assert diagnostics == [] and source.data == {"a": "one\ttwo\nthree"}


def test_diagnostics_escape_control_characters_in_message_hint_and_path() -> None:
    """Whatever a message quotes, and whatever a file is named, a rendered diagnostic holds no control character."""
    d = Diagnostic(Codes.BAD_ID, Span("act\x1b[2J.yaml", 3, 4), "'a\x1b]0;t\x07' cannot be an id", "not \x85 this\n")
    shown = d.render()
    assert shown == "act\\x1b[2J.yaml:3:4: error: 'a\\x1b]0;t\\x07' cannot be an id; not \\u0085 this\\x0a [LB006]"
    data = d.to_json()
    assert data["message"] == "'a\\x1b]0;t\\x07' cannot be an id" and data["hint"] == "not \\u0085 this\\x0a"
    assert data["file"] == "act\\x1b[2J.yaml"
    assert "\\u001b" not in json.dumps(data)


def test_a_file_named_with_an_escape_cannot_reach_the_terminal(make_pack: MakePack, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_pack(files={"scenes.yaml": TINY_SCENES, "\x1b[2Jbad.yaml": "scenes: ["})
    assert main(["validate", str(root)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[2Jbad.yaml:2:1: error: YAML syntax" in err


# --- point 9: encodings ---------------------------------------------------------------------------


def test_invalid_utf8_is_reported_at_line_and_column(tmp_path: Path) -> None:
    """The first byte that is not UTF-8 is located by line and column (in characters), not by byte offset."""
    path = tmp_path / "scenes.yaml"
    path.write_bytes("act: 1\nscenes:\n  é: caf".encode() + b"\xe9\n")
    _, (d,) = read_yaml(path)
    assert (d.code.code, d.span.line, d.span.col) == ("LB001", 3, 9)
    assert d.message == "cannot read file: byte 0xE9 is not valid UTF-8" and d.hint == "save the file as UTF-8"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_file_is_named_as_such(tmp_path: Path, encoding: str) -> None:
    """With a byte-order mark or without one, a UTF-16 file is told to be saved as UTF-8."""
    path = tmp_path / "story.yaml"
    path.write_bytes(TINY_STORY.encode(encoding))
    _, (d,) = read_yaml(path)
    assert (d.code.code, d.span.line, d.span.col) == ("LB001", 1, 1)
    assert d.message == "cannot read file: this file looks like UTF-16; save it as UTF-8"


def test_utf8_byte_order_mark_is_accepted_with_the_same_positions(make_pack: MakePack) -> None:
    """A UTF-8 BOM (as some editors write) loads, and columns on the first line ignore it."""
    root = make_pack()
    for name in ("story.yaml", "scenes.yaml"):
        path = root / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert check_pack(root)[0] is not None
    (root / "scenes.yaml").write_bytes(b'\xef\xbb\xbfact: "\\e"\n' + TINY_SCENES.encode().partition(b"\n")[2])
    assert ("LB018", "scenes.yaml", 1, 7) in [where(d, root) for d in errors(root)]


def test_an_escape_in_an_expression_string_is_refused(make_pack: Callable[..., Path]) -> None:
    """`'\\x1b[2J'` inside an expression is decoded by the expression parser, after YAML: still refused, at the literal."""
    story = TINY_STORY + "  who: {type: str, initial: nobody}\n"
    scenes = TINY_SCENES.replace('do: paint = "blue"', "do: \"who = '\\\\x1b[2J'\"")
    _, diagnostics = check_pack(make_pack(story, {"scenes.yaml": scenes}))
    (found,) = [d for d in diagnostics if d.code.code == "LB018"]
    assert found.message == "control character U+001B is not allowed in a string"
    line = scenes.splitlines()[found.span.line - 1]
    assert line[found.span.col - 1 :].startswith("'\\\\x1b[2J'")
