"""Fuzzing the YAML layer of the loader with hypothesis: scalars, numbers, empty files, control characters.

The property for every generated pack: `check_pack` answers with a story or with diagnostics,
never an exception; no rendered diagnostic holds a control character (a message quotes what the
file says, so this is what keeps escapes off the terminal); and a pack whose only other file is
empty never loads when a target is unknown. The targets are the scalars PyYAML's constructors
choke on (dates, numbers with bases and underscores, tagged values), integers of thousands of
digits, and double-quoted escapes. Each test runs a small number of examples so the file stays
within a few seconds; LOSTBULLET_FUZZ_EXAMPLES runs more (README, "Testing").
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.diagnostics import CONTROL_CHARACTERS, Diagnostic
from game.story.loader import check_pack
from tests.conftest import TINY_SCENES, TINY_STORY, fuzz_budget, write_pack





FOLDER = Path(tempfile.mkdtemp(prefix="lb-fuzz-yaml-"))


def pack(scenes: dict[str, str], story: str = TINY_STORY) -> Path:
    """A fresh pack in the one folder reused across examples."""
    shutil.rmtree(FOLDER / "p", ignore_errors=True)
    return write_pack(FOLDER / "p", story, scenes)


def checked(root: Path) -> tuple[bool, list[Diagnostic]]:
    """Load `root`; assert what every load must give; return (loaded, diagnostics)."""
    story, diagnostics = check_pack(root)
    for d in diagnostics:
        shown = d.render()
        assert CONTROL_CHARACTERS.search(shown) is None, shown
        data = d.to_json()
        for key in ("message", "hint", "file"):
            assert data[key] is None or CONTROL_CHARACTERS.search(str(data[key])) is None, data
    assert story is not None or any(d.severity.is_error for d in diagnostics), "a pack that does not load must say why"
    return story is not None, diagnostics


def digits(alphabet: str, most: int = 12) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=0, max_size=most)


TIMESTAMPS = st.builds(
    lambda y, m, d, time, zone: f"{y:04d}-{m:02d}-{d:02d}{time}{zone}",
    st.integers(0, 9999),
    st.integers(0, 99),
    st.integers(0, 99),
    st.sampled_from(["", "T", "t"]).flatmap(
        lambda sep: st.just("") if not sep else st.builds(lambda h, mi, s, f: f"{sep}{h}:{mi:02d}:{s:02d}{f}", st.integers(0, 99), st.integers(0, 99), st.integers(0, 99), st.sampled_from(["", ".5", ".1234567"]))
    ),
    st.sampled_from(["", "Z", "+05:00", "-23:59", "+99:99", " -5"]),
)
INTEGERS = st.builds(
    lambda sign, prefix, body, parts: f"{sign}{prefix}{body}{parts}",
    st.sampled_from(["", "-", "+"]),
    st.sampled_from(["", "0", "0b", "0x", "0o"]),
    digits("0123456789abcdefABCDEF_"),
    st.lists(digits("0123456789_", 2), max_size=3).map(lambda ps: "".join(":" + p for p in ps)),
)
FLOATS = st.one_of(
    st.builds(lambda a, b, e: f"{a}.{b}{e}", digits("0123456789_"), digits("0123456789_."), st.sampled_from(["", "e+3", "e-400", "E+99999", "e3"])),
    st.sampled_from([".inf", "-.Inf", ".NaN", "._", "1:20.5", "1e5"]),
)
BOOLS = st.sampled_from(["yes", "no", "on", "off", "y", "n", "True", "FALSE", "maybe", "", "1", "~", "null"])
HUGE = st.builds(
    lambda form, n: form[0] + form[1] * n,
    st.sampled_from([("", "9"), ("-", "1"), ("+", "7"), ("0x", "f"), ("0x", "9"), ("0b", "1"), ("0", "7"), ("1", "_0")]),
    st.integers(31, 5000),
)
TAGS = st.sampled_from(["", "", "!!int ", "!!float ", "!!bool ", "!!timestamp ", "!!null ", "!!str ", "!!binary ", "!!set ", "!custom ", "!!python/name:os.system "])
QUOTES = st.sampled_from(["{}", "{}", "'{}'", '"{}"'])

SCALARS = st.builds(
    lambda tag, quote, body: tag + quote.format(body),
    TAGS,
    QUOTES,
    st.one_of(TIMESTAMPS, INTEGERS, FLOATS, BOOLS),
) | HUGE

PLACES = [
    ("scenes", "    title: Home\n", "    title: {}\n"),
    ("scenes", "act: 1\n", "act: {}\n"),
    ("scenes", "{id: back, text: Go back out, to: street}", "{{id: back, text: {}, to: street}}"),
    ("scenes", "  home:\n", "  {}: x\n  home:\n"),
    ("story", "initial: 0, min: 0", "initial: {}, min: 0"),
    ("story", "version: 1\n", "version: {}\n"),
]


def placed(place: int, value: str) -> Path:
    kind, old, new = PLACES[place]
    filled = new.format(value)
    if kind == "story":
        return pack({"scenes.yaml": TINY_SCENES}, TINY_STORY.replace(old, filled, 1))
    return pack({"scenes.yaml": TINY_SCENES.replace(old, filled, 1)})


@fuzz_budget(150)
@given(st.integers(0, len(PLACES) - 1), SCALARS)
def test_any_scalar_anywhere_gives_a_story_or_diagnostics(place: int, value: str) -> None:
    """Dates, numbers, booleans and tags, well or badly formed, in any position: never an exception."""
    checked(placed(place, value))


@fuzz_budget(40)
@given(st.integers(0, len(PLACES) - 1), HUGE)
def test_huge_integers_are_refused_not_converted(place: int, value: str) -> None:
    """An integer literal of thousands of digits is a diagnostic where it is written, never Python's digit limit."""
    loaded, diagnostics = checked(placed(place, value))
    assert not loaded
    assert any("digits" in d.message or d.code.code == "LB001" for d in diagnostics)


EMPTY_LINES = st.sampled_from(["", "\n", "   \n", "# a comment\n", "#\n", "\t# tabbed\n", "---\n", "--- # start\n", "...\n"])


@fuzz_budget(60)
@given(st.lists(EMPTY_LINES, max_size=5).map("".join), st.sampled_from(["nowhere", "hom", "streets", "x"]))
def test_an_empty_file_never_hides_an_unknown_scene(empty: str, target: str) -> None:
    """With an empty or comment-only file in the pack, a target no scene has still stops the pack from loading."""
    loaded, diagnostics = checked(pack({"scenes.yaml": TINY_SCENES.replace("to: home", f"to: {target}"), "draft.yaml": empty}))
    assert not loaded
    codes = {d.code.code for d in diagnostics}
    assert "LB008" in codes or "LB001" in codes


@fuzz_budget(30)
@given(st.lists(EMPTY_LINES, max_size=5).map("".join))
def test_an_empty_story_file_never_loads(empty: str) -> None:
    loaded, _ = checked(pack({"scenes.yaml": TINY_SCENES}, empty))
    assert not loaded


ESCAPES = st.sampled_from(["\\e", "\\a", "\\0", "\\b", "\\v", "\\f", "\\r", "\\N", "\\x1b", "\\x07", "\\x7f", "\\x85", "\\u009b", "\\U0000001b", "\\t", "\\n", "\\\\", '\\"', "\\x41"])
PLAIN = st.text(alphabet="abc [];:#-", max_size=4)
DOUBLE_QUOTED = st.lists(st.one_of(ESCAPES, PLAIN), min_size=1, max_size=6).map(lambda parts: '"' + "".join(parts) + '"')
STRING_PLACES = [
    ("    title: Home\n", "    title: {}\n"),
    ("    text: Quiet.\n", "    text: {}\n"),
    ("{id: back, text: Go back out, to: street}", "{{id: back, text: {}, to: street}}"),
    ("    title: Home\n", "    title: Home\n    {}: x\n"),
    ("      - text: A wet street.\n", "      - text: >-\n          {}\n"),
]


@fuzz_budget(100)
@given(st.integers(0, len(STRING_PLACES) - 1), DOUBLE_QUOTED)
def test_control_characters_are_refused_and_never_rendered(place: int, value: str) -> None:
    """A string that the escapes make hold a control character does not load; nothing rendered holds one."""
    old, new = STRING_PLACES[place]
    loaded, diagnostics = checked(pack({"scenes.yaml": TINY_SCENES.replace(old, new.format(value), 1)}))
    decoded = yaml.safe_load(value) if place != 4 else ""  # in a folded block, escapes are text
    if any(c in decoded for c in "\x1b\x07\x00\x08\x0b\x0c\r\x7f\x85\x9b"):
        assert not loaded
        assert any(d.code.code in ("LB018", "LB001") for d in diagnostics)
