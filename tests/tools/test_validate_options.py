"""`lostbullet validate` options: --strict, --select/--ignore, --json, --deep/--max-states and --stats.

Run through `game.cli.main` as a user would. Most tests use `TWO_WARNINGS`, a pack that loads and
has exactly two linter findings:

    scenes.yaml:8:36: warning: choice 'wait' leads back to 'street' and changes nothing; ... [LB106]
    story.yaml:5:3:   warning: variable 'spare' is never used; ... [LB104]

(findings are sorted by file, then line and column).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from game.cli import main
from game.tools.statespace import StateSpace
from game.tools.stats import story_stats

MakePack = Callable[..., Path]
Capsys = pytest.CaptureFixture[str]

STORY = """\
title: Options
version: 1
start: street
variables:
  spare: {type: int, initial: 0}
"""

TWO_WARNINGS = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: home, text: Go home, to: home}
      - {id: wait, text: Wait, to: street}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""

LB104_LINE = ": warning: variable 'spare' is never used; use it in a condition, weight, effect or {name}, or remove it [LB104]"
LB106_LINE = ": warning: choice 'wait' leads back to 'street' and changes nothing; give it an effect, or lead it elsewhere [LB106]"


def pack(make_pack: MakePack, scenes: str = TWO_WARNINGS, story: str = STORY) -> Path:
    return make_pack(story, {"scenes.yaml": scenes})


def run(capsys: Capsys, *args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `lostbullet validate ARGS`."""
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def findings(err: str) -> list[str]:
    """The diagnostic lines of stderr (each ends with its code in brackets)."""
    return [line for line in err.splitlines() if line.endswith("]")]


def codes(err: str) -> list[str]:
    return [line.rsplit("[", 1)[1].rstrip("]") for line in findings(err)]


# --- the baseline ---------------------------------------------------------------------------------


def test_warnings_alone_exit_0_and_render_as_warnings(make_pack: MakePack, capsys: Capsys) -> None:
    """Without options: both findings on stderr as `file:line:col: warning: message; hint [CODE]`, exit 0."""
    root = pack(make_pack)
    code, out, err = run(capsys, str(root))
    assert code == 0
    assert findings(err) == [
        str(root / "scenes.yaml") + ":8:36" + LB106_LINE,
        str(root / "story.yaml") + ":5:3" + LB104_LINE,
    ]
    assert out.strip() == f"{root}: 2 scenes, 2 choices, 1 ending, 1 variable; 2 warnings, no errors"


# --- --strict -------------------------------------------------------------------------------------


def test_strict_makes_warnings_errors(make_pack: MakePack, capsys: Capsys) -> None:
    """--strict: the same findings, rendered `error:`, and exit 1 with the count on stderr."""
    root = pack(make_pack)
    code, out, err = run(capsys, "--strict", str(root))
    assert code == 1
    assert findings(err) == [
        str(root / "scenes.yaml") + ":8:36" + LB106_LINE.replace(": warning: ", ": error: "),
        str(root / "story.yaml") + ":5:3" + LB104_LINE.replace(": warning: ", ": error: "),
    ]
    assert err.splitlines()[-1] == f"{root}: 2 errors, 0 warnings"
    assert out == ""


def test_strict_on_a_clean_pack_exits_0(make_pack: MakePack, capsys: Capsys) -> None:
    """--strict has nothing to promote when the linter finds nothing."""
    scenes = TWO_WARNINGS.replace("      - {id: wait, text: Wait, to: street}\n", "      - {id: wait, text: Wait, do: spare += 1, to: street}\n")
    scenes = scenes.replace("title: Street", "title: Street ({spare})")
    code, out, err = run(capsys, "--strict", str(pack(make_pack, scenes)))
    assert (code, err) == (0, "")
    assert out.rstrip().endswith("0 warnings, no errors")


def test_strict_after_ignore_counts_only_what_is_left(make_pack: MakePack, capsys: Capsys) -> None:
    """What --ignore removed cannot fail --strict; what is left does."""
    root = pack(make_pack)
    code, _, err = run(capsys, "--strict", "--ignore", "LB106", str(root))
    assert code == 1 and codes(err) == ["LB104"] and ": error: " in err
    code, _, err = run(capsys, "--strict", "--ignore", "LB1", str(root))
    assert (code, findings(err)) == (0, [])


# --- --select and --ignore ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        pytest.param(["--select", "LB104"], ["LB104"], id="select-code"),
        pytest.param(["--select", "unused-variable"], ["LB104"], id="select-name"),
        pytest.param(["--select", "LB1"], ["LB106", "LB104"], id="select-prefix"),
        pytest.param(["--select", "LB10"], ["LB106", "LB104"], id="select-longer-prefix"),
        pytest.param(["--select", "LB104,silent-loop"], ["LB106", "LB104"], id="select-comma-list"),
        pytest.param(["--select", "LB104", "--select", "LB106"], ["LB106", "LB104"], id="select-repeated"),
        pytest.param(["--select", "LB0"], [], id="select-loader-family-hides-all-lint"),
        pytest.param(["--ignore", "LB106"], ["LB104"], id="ignore-code"),
        pytest.param(["--ignore", "silent-loop"], ["LB104"], id="ignore-name"),
        pytest.param(["--ignore", "LB1"], [], id="ignore-prefix"),
        pytest.param(["--ignore", "unused-variable, LB106"], [], id="ignore-comma-list-with-space"),
        pytest.param(["--ignore", "LB104", "--ignore", "silent-loop"], [], id="ignore-repeated"),
        pytest.param(["--select", "LB1", "--ignore", "LB104"], ["LB106"], id="ignore-wins-over-select"),
    ],
)
def test_select_and_ignore(make_pack: MakePack, capsys: Capsys, options: list[str], expected: list[str]) -> None:
    """Codes, kebab-case names and prefixes, comma-separated or repeated; the summary counts what is shown."""
    code, out, err = run(capsys, *options, str(pack(make_pack)))
    assert code == 0
    assert codes(err) == expected
    assert f"; {len(expected)} warning{'' if len(expected) == 1 else 's'}, no errors" in out


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("value", ["LB999", "LB3", "unused", "unused-variables"])
def test_unknown_code_is_a_usage_error(make_pack: MakePack, capsys: Capsys, option: str, value: str) -> None:
    """A code, name or prefix that matches nothing exits 2 with one line, before anything is checked."""
    code, out, err = run(capsys, option, value, str(pack(make_pack)))
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        f"lostbullet: error: unknown diagnostic code or name {value!r} (see scenes/README.md, 'Diagnostics')"
    ]


BROKEN = TWO_WARNINGS.replace("{id: home, text: Go home, to: home}", "{id: home, text: Go home, to: hom}")


@pytest.mark.parametrize(
    "options",
    [
        pytest.param(["--ignore", "LB008"], id="ignore-code"),
        pytest.param(["--ignore", "unknown-scene"], id="ignore-name"),
        pytest.param(["--ignore", "LB0"], id="ignore-prefix"),
        pytest.param(["--ignore", "LB"], id="ignore-everything"),
        pytest.param(["--select", "LB104"], id="select-another-code"),
    ],
)
def test_load_errors_cannot_be_hidden(make_pack: MakePack, capsys: Capsys, options: list[str]) -> None:
    """A pack that does not load always fails: LB0xx errors are printed and exit 1, whatever is ignored."""
    root = pack(make_pack, BROKEN)
    code, out, err = run(capsys, *options, str(root))
    assert code == 1
    assert findings(err) == [str(root / "scenes.yaml") + ":7:39: error: unknown scene 'hom' (did you mean 'home'?) [LB008]"]
    assert err.splitlines()[-1] == f"{root}: 1 error, 0 warnings"
    assert out == ""


def test_load_errors_cannot_be_hidden_from_json(make_pack: MakePack, capsys: Capsys) -> None:
    """--json --ignore LB0 still reports the load error, and `ok` is false."""
    code, out, _ = run(capsys, "--json", "--ignore", "LB0", str(pack(make_pack, BROKEN)))
    report = json.loads(out)
    assert code == 1
    assert (report["ok"], report["errors"], [d["code"] for d in report["diagnostics"]]) == (False, 1, ["LB008"])


# --- --json ---------------------------------------------------------------------------------------


def test_json_has_every_field(make_pack: MakePack, capsys: Capsys) -> None:
    """One JSON document on stdout (nothing on stderr) with ok, counts and each diagnostic in full."""
    root = pack(make_pack)
    code, out, err = run(capsys, "--json", str(root))
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report == {
        "ok": True,
        "errors": 0,
        "warnings": 2,
        "diagnostics": [
            {
                "code": "LB106",
                "name": "silent-loop",
                "severity": "warning",
                "file": str(root / "scenes.yaml"),
                "line": 8,
                "col": 36,
                "message": "choice 'wait' leads back to 'street' and changes nothing",
                "hint": "give it an effect, or lead it elsewhere",
            },
            {
                "code": "LB104",
                "name": "unused-variable",
                "severity": "warning",
                "file": str(root / "story.yaml"),
                "line": 5,
                "col": 3,
                "message": "variable 'spare' is never used",
                "hint": "use it in a condition, weight, effect or {name}, or remove it",
            },
        ],
        "suppressed": [],
    }


def test_json_hint_is_null_when_there_is_none(make_pack: MakePack, capsys: Capsys) -> None:
    """A finding without a hint (LB101) still has the key, as null."""
    scenes = TWO_WARNINGS + "  cellar:\n    title: Cellar\n    text: Dark.\n    choices:\n      - {id: up, text: Go up, to: home}\n"
    _, out, _ = run(capsys, "--json", "--select", "LB101", str(pack(make_pack, scenes)))
    (diagnostic,) = json.loads(out)["diagnostics"]
    assert diagnostic["hint"] is None
    assert (diagnostic["code"], diagnostic["line"], diagnostic["col"]) == ("LB101", 13, 3)


def test_json_strict(make_pack: MakePack, capsys: Capsys) -> None:
    """--json --strict: severities are `error`, `ok` is false, exit 1."""
    code, out, _ = run(capsys, "--json", "--strict", str(pack(make_pack)))
    report = json.loads(out)
    assert code == 1
    assert (report["ok"], report["errors"], report["warnings"]) == (False, 2, 0)
    assert [d["severity"] for d in report["diagnostics"]] == ["error", "error"]


def test_json_with_load_errors(make_pack: MakePack, capsys: Capsys) -> None:
    """A pack that does not load is reported in the same JSON shape, with no stats."""
    code, out, _ = run(capsys, "--json", "--stats", str(pack(make_pack, BROKEN)))
    report = json.loads(out)
    assert code == 1
    assert set(report) == {"ok", "errors", "warnings", "diagnostics", "suppressed"}
    assert (report["diagnostics"][0]["line"], report["diagnostics"][0]["col"]) == (7, 39)


# --- --deep and --max-states ----------------------------------------------------------------------

DEAD_END = """\
act: 1
scenes:
  street:
    title: Street
    text: Rain.
    choices:
      - {id: luck, text: Find a coin, do: lucky = true, to: street}
      - {id: hall, text: Enter the hall, to: hall}
  hall:
    title: Hall
    text: A locked door.
    choices:
      - {id: open, text: Open it, if: lucky, to: home}
  home:
    title: Home
    text: Dry.
    ending: {id: home, kind: alternate, title: Home}
"""
LUCKY_STORY = STORY.replace("spare: {type: int, initial: 0}", "lucky: {type: bool, initial: false}")


def test_deep_finds_a_dead_end_the_static_pass_cannot(make_pack: MakePack, capsys: Capsys) -> None:
    """Without --deep the pack is clean; with it, LB109 is an error (exit 1) with the path in the hint."""
    root = pack(make_pack, DEAD_END, LUCKY_STORY)
    assert run(capsys, str(root))[0] == 0
    code, _, err = run(capsys, "--deep", str(root))
    assert code == 1
    assert findings(err) == [
        str(root / "scenes.yaml") + ":9:3: error: scene 'hall' can be reached with no choice open when lucky = false; reached by street.hall [LB109]"
    ]


def test_deep_findings_can_be_ignored(make_pack: MakePack, capsys: Capsys) -> None:
    """Deep findings are linter findings: --ignore dead-end hides LB109 and the pack passes."""
    code, _, err = run(capsys, "--deep", "--ignore", "dead-end", str(pack(make_pack, DEAD_END, LUCKY_STORY)))
    assert (code, findings(err)) == (0, [])


def test_max_states_too_small_is_a_warning_for_the_folder(make_pack: MakePack, capsys: Capsys) -> None:
    """--deep --max-states 1: LB111 names the pack folder (no line), exit 0; --strict makes it fail."""
    root = pack(make_pack, DEAD_END, LUCKY_STORY)
    code, _, err = run(capsys, "--deep", "--max-states", "1", str(root))
    assert code == 0
    assert f"{root}: warning: --deep stopped after 1 states; its checks are incomplete; raise --max-states [LB111]" in findings(err)
    assert run(capsys, "--deep", "--max-states", "1", "--strict", str(root))[0] == 1


def test_max_states_must_be_positive(capsys: Capsys) -> None:
    """--max-states 0 is refused by the argument parser (exit 2)."""
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--deep", "--max-states", "0"])
    assert exit_info.value.code == 2
    assert "expected a number from 1, got 0" in capsys.readouterr().err


# --- --stats --------------------------------------------------------------------------------------

# A pack to count by hand. Words are counted in scene text and choice text (not titles); a path's
# words are those of every scene shown on it, the first and the ending included.
#
#   act 1: gate (text 4 words; choices 2 + 3 + 4), bridge (16; 2), alley (1; 2), steps (1; 2), home (3)
#          -> 5 scenes, 6 choices, 13 + 18 + 3 + 3 + 3 = 40 words, 1 ending, 1 variable written (met)
#   act 2: yard (4; 4 + 3), house (292 words of "tea"), jail (5: Cold bars and {coins} coin)
#          -> 3 scenes, 2 choices, 11 + 292 + 5 = 308 words, 2 endings, 1 variable written (coins)
#   all:   8 scenes, 8 choices, 348 words, 3 endings, 2 variables declared
#
#   home: fewest choices 2 by the bridge (4 + 16 + 3 = 23 words), fewest words 9 by the alley
#         (4 + 1 + 1 + 3, three choices): 9 / 200 = 0.045 -> 0.0 minutes
#   tea:  2 choices and 4 + 4 + 292 = 300 words either way -> 1.5 minutes
#   jail: 2 choices and 4 + 4 + 5 = 13 words -> 0.1 minutes (the yard needs the knock: met)

STATS_STORY = """\
title: Count
version: 1
start: gate
variables:
  met: {type: bool, initial: false}
  coins: {type: int, initial: 0, min: 0, max: 2}
"""

STATS_ACT1 = """\
act: 1
scenes:
  gate:
    title: Gate
    text: The gate is shut.
    choices:
      - {id: knock, text: Knock twice, do: met = true, to: yard}
      - {id: bridge, text: Take the bridge, to: bridge}
      - {id: alley, text: Cut through the alley, to: alley}
  bridge:
    title: Bridge
    text: The bridge is long and the wind is cold and the river is loud below you.
    choices:
      - {id: cross, text: Walk on, to: home}
  alley:
    title: Alley
    text: Dark.
    choices:
      - {id: onward, text: Keep going, to: steps}
  steps:
    title: Steps
    text: Steps.
    choices:
      - {id: climb, text: Climb up, to: home}
  home:
    title: Home
    text: Home at last.
    ending: {id: home, kind: alternate, title: Home}
"""

STATS_ACT2 = f"""\
act: 2
scenes:
  yard:
    title: Yard
    text: A dog sleeps here.
    choices:
      - {{id: talk, text: Talk to the owner, if: met, to: house}}
      - {{id: steal, text: Steal the dog, do: coins += 1, to: jail}}
  house:
    title: House
    text: {" ".join(["tea"] * 292)}
    ending: {{id: tea, kind: canonical, title: Tea}}
  jail:
    title: Jail
    text: Cold bars and {{coins}} coin.
    ending: {{id: jail, kind: arrest, title: Jail}}
"""


def stats_pack(make_pack: MakePack) -> Path:
    return make_pack(STATS_STORY, {"act1.yaml": STATS_ACT1, "act2.yaml": STATS_ACT2})


def test_stats_table(make_pack: MakePack, capsys: Capsys) -> None:
    """--stats prints counts per act and in all, then each ending's fewest choices, fewest words and
    reading time, on stdout before the summary; the pack is clean, so exit 0."""
    root = stats_pack(make_pack)
    code, out, err = run(capsys, "--stats", str(root))
    assert (code, err) == (0, "")
    rows = [line.split() for line in out.splitlines()]
    assert rows[:4] == [
        ["act", "scenes", "choices", "words", "endings", "variables"],
        ["1", "5", "6", "40", "1", "1"],
        ["2", "3", "2", "308", "2", "1"],
        ["all", "8", "8", "348", "3", "2"],
    ]
    assert rows[4] == []
    assert rows[5] == ["ending", "kind", "fewest", "choices", "fewest", "words", "reading"]
    assert rows[6:9] == [
        ["home", "alternate", "2", "9", "0.0", "min"],
        ["tea", "canonical", "2", "300", "1.5", "min"],
        ["jail", "arrest", "2", "13", "0.1", "min"],
    ]
    assert out.splitlines()[-1] == f"{root}: 8 scenes, 8 choices, 3 endings, 2 variables; 0 warnings, no errors"


def test_stats_json(make_pack: MakePack, capsys: Capsys) -> None:
    """--stats --json: the same numbers, plus both shortest paths of each ending as global choice ids."""
    code, out, _ = run(capsys, "--stats", "--json", str(stats_pack(make_pack)))
    assert code == 0
    stats = json.loads(out)["stats"]
    assert stats["acts"] == [
        {"act": 1, "scenes": 5, "choices": 6, "words": 40, "endings": 1, "variables": 1},
        {"act": 2, "scenes": 3, "choices": 2, "words": 308, "endings": 2, "variables": 1},
    ]
    assert stats["total"] == {"scenes": 8, "choices": 8, "words": 348, "endings": 3, "variables": 2}
    assert stats["complete"] is True
    assert stats["endings"] == [
        {
            "id": "home", "kind": "alternate", "title": "Home", "choices": 2, "words": 9, "minutes": 0.0,
            "path_by_choices": ["gate.bridge", "bridge.cross"],
            "path_by_words": ["gate.alley", "alley.onward", "steps.climb"],
        },
        {
            "id": "tea", "kind": "canonical", "title": "Tea", "choices": 2, "words": 300, "minutes": 1.5,
            "path_by_choices": ["gate.knock", "yard.talk"],
            "path_by_words": ["gate.knock", "yard.talk"],
        },
        {
            "id": "jail", "kind": "arrest", "title": "Jail", "choices": 2, "words": 13, "minutes": 0.1,
            "path_by_choices": ["gate.knock", "yard.steal"],
            "path_by_words": ["gate.knock", "yard.steal"],
        },
    ]


def test_stats_unreached_ending(make_pack: MakePack, capsys: Capsys) -> None:
    """An ending no state reaches shows as `unreached` in the table and null counts and empty paths in JSON."""
    act1 = STATS_ACT1 + "  lost:\n    title: Lost\n    text: Nowhere.\n    ending: {id: lost, kind: death, title: Lost}\n"
    root = make_pack(STATS_STORY, {"act1.yaml": act1, "act2.yaml": STATS_ACT2})
    _, out, _ = run(capsys, "--stats", "--ignore", "LB102", str(root))
    assert ["lost", "death", "unreached"] in [line.split() for line in out.splitlines()]
    _, out, _ = run(capsys, "--stats", "--json", "--ignore", "LB102", str(root))
    (lost,) = [e for e in json.loads(out)["stats"]["endings"] if e["id"] == "lost"]
    assert (lost["choices"], lost["words"], lost["minutes"], lost["path_by_choices"], lost["path_by_words"]) == (None, None, None, [], [])


def test_stats_incomplete_search_says_so(make_pack: MakePack, capsys: Capsys) -> None:
    """--stats with a --max-states too small for the pack notes that paths are not proven shortest."""
    _, out, _ = run(capsys, "--stats", "--max-states", "2", str(stats_pack(make_pack)))
    assert "(the state search stopped at --max-states: paths are the shortest found, not proven shortest)" in out
    _, out, _ = run(capsys, "--stats", "--json", "--max-states", "2", str(stats_pack(make_pack)))
    assert json.loads(out)["stats"]["complete"] is False


@pytest.mark.parametrize("limit", ["1000000", "2"])
def test_deep_and_stats_together_explore_once(make_pack: MakePack, capsys: Capsys, monkeypatch: pytest.MonkeyPatch, limit: str) -> None:
    """--deep --stats runs one state search for both, and says what --deep and --stats each say alone."""
    from game.tools import statespace

    searches: list[int] = []
    real = statespace.search
    monkeypatch.setattr(statespace, "search", lambda story, max_states, progress=None: searches.append(max_states) or real(story, max_states, progress))
    root = stats_pack(make_pack)
    _, deep_out, deep_err = run(capsys, "--deep", "--max-states", limit, str(root))
    _, stats_out, _ = run(capsys, "--stats", "--max-states", limit, str(root))
    searches.clear()
    _, both_out, both_err = run(capsys, "--deep", "--stats", "--max-states", limit, str(root))
    assert searches == [int(limit)]
    assert both_err == deep_err
    assert both_out.splitlines()[:-1] == stats_out.splitlines()[:-1]  # the table
    assert both_out.splitlines()[-1] == deep_out.splitlines()[-1]  # the summary, with the deep check's note


def test_stats_of_the_shipped_story_read_the_shared_search(shipped_space: StateSpace) -> None:
    """On the session's one search of the shipped story, every ending has a fewest-choices path of
    that many choices and a fewest-words path at least as long, starting where the story starts."""
    table = story_stats(shipped_space.story, 1_000_000, shipped_space)
    assert table.complete and len(table.endings) == len(shipped_space.story.endings)
    start = shipped_space.story.start
    for ending in table.endings:
        assert ending.choices == len(ending.path_by_choices) > 0, ending.id
        assert ending.words and len(ending.path_by_words) >= ending.choices, ending.id
        assert ending.path_by_choices[0].startswith(f"{start}.") and ending.path_by_words[0].startswith(f"{start}.")


def test_stats_reading_time_is_200_words_a_minute(make_pack: MakePack, capsys: Capsys) -> None:
    """998 words in the book and 2 at the end: a 1,000-word path reads in 5.0 minutes; the table groups thousands."""
    story = "title: Long\nversion: 1\nstart: book\nvariables: {}\n"
    scenes = f"""\
act: 1
scenes:
  book:
    title: Book
    text: {" ".join(["word"] * 998)}
    choices:
      - {{id: close, text: Close it, to: end}}
  end:
    title: End
    text: The end.
    ending: {{id: end, kind: alternate, title: End}}
"""
    _, out, _ = run(capsys, "--stats", str(make_pack(story, {"scenes.yaml": scenes})))
    assert ["end", "alternate", "1", "1,000", "5.0", "min"] in [line.split() for line in out.splitlines()]
    _, out, _ = run(capsys, "--stats", "--json", str(make_pack(story, {"scenes.yaml": scenes})))
    (end,) = json.loads(out)["stats"]["endings"]
    assert (end["words"], end["minutes"]) == (1000, 5.0)


# --- a wording bug the catalogue example exposed --------------------------------------------------


def test_initial_value_outside_a_one_sided_range_names_only_the_bound(make_pack: MakePack, capsys: Capsys) -> None:
    """`initial: 9` with only `max: 5` is LB013; the message must not print the missing bound as None.

    FAILS today: game/story/loader.py formats the range as f"{var.min}..{var.max}", so the author
    reads "the initial value 9 is outside None..5".
    """
    story = STORY.replace("spare: {type: int, initial: 0}", "spare: {type: int, initial: 9, max: 5}")
    code, _, err = run(capsys, str(pack(make_pack, story=story)))
    assert code == 1
    (line,) = findings(err)
    assert line.endswith("[LB013]") and "the initial value 9" in line
    assert "None" not in line
