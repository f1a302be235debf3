"""The ten faults a new author planted in the toolkit review (shared/reviews/toolkit-review.md,
section 2), rebuilt in `tests/fixtures/planted_faults`: `validate --deep` reports each at the
exact file:line:col of what is wrong, with its code and the state or sub-condition that proves it.

One `--deep` run of the fixture serves every test (about 0.3 s); F8, a template typo, stops the
load, so it is planted in a copy of the pack.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.diagnostics import Diagnostic
from game.tools.validate import findings

PACK = Path(__file__).resolve().parents[1] / "fixtures" / "planted_faults"
FAULTS = "act1/faults.yaml"
FERRY = "act1/ferry.yaml"


@pytest.fixture(scope="module")
def found() -> list[Diagnostic]:
    return findings(PACK, deep=True).diagnostics


def at(diagnostics: list[Diagnostic], file: str, line: int, col: int, code: str) -> Diagnostic:
    """The one finding with `code` at `file:line:col` of the pack (the test fails if there is none)."""
    hits = [
        d
        for d in diagnostics
        if d.code.code == code and Path(d.span.file) == PACK / file and (d.span.line, d.span.col) == (line, col)
    ]
    assert len(hits) == 1, f"no single {code} at {file}:{line}:{col}; found: " + "\n".join(
        f"{d.span.render()} {d.code.code}" for d in diagnostics
    )
    return hits[0]


def source(file: str, line: int, col: int) -> str:
    return (PACK / file).read_text(encoding="utf-8").splitlines()[line - 1][col - 1 :]


def test_every_finding_is_one_of_the_planted_faults(found: list[Diagnostic]) -> None:
    """Nothing is reported but the faults (and their proven consequences): the pack is otherwise clean."""
    assert sorted((Path(d.span.file).relative_to(PACK).as_posix(), d.span.line, d.code.code) for d in found) == [
        (FAULTS, 3, "LB101"), (FAULTS, 8, "LB101"), (FAULTS, 20, "LB119"), (FAULTS, 30, "LB103"),
        (FAULTS, 48, "LB108"), (FAULTS, 51, "LB101"), (FAULTS, 56, "LB110"), (FAULTS, 62, "LB110"),
        (FERRY, 32, "LB117"), (FERRY, 44, "LB108"), (FERRY, 57, "LB102"),
        ("story.yaml", 15, "LB104"), ("story.yaml", 16, "LB120"), ("tests/ticket.walk.yaml", 4, "LB114"),
    ]  # fmt: skip


def test_f1_an_orphan_cycle_is_unreachable_at_both_scene_keys(found: list[Diagnostic]) -> None:
    """F1: attic and cellar lead only to each other; each is reported at its own key."""
    for line, scene in ((3, "attic"), (8, "cellar")):
        finding = at(found, FAULTS, line, 3, "LB101")
        assert source(FAULTS, line, 3).startswith(f"{scene}:") and f"'{scene}' cannot be reached from 'dock'" in finding.message


def test_f2_a_bool_only_ever_set_false_closes_its_choice_at_the_condition(found: list[Diagnostic]) -> None:
    """F2: `if: has_key`, where the only write is `has_key = false`, is reported at the condition's value."""
    finding = at(found, FAULTS, 30, 13, "LB103")
    assert source(FAULTS, 30, 13) == "has_key" and "'has_key' is always false" in finding.message


def test_f3_a_cross_variable_condition_names_the_parts_and_the_values_seen(found: list[Diagnostic]) -> None:
    """F3: `nerve > 3 and luck < 2` never holds together; --deep says so at the `if:`, with the values seen, and names it in the way of jackpot."""
    finding = at(found, FAULTS, 48, 13, "LB108")
    assert source(FAULTS, 48, 13) == "nerve > 3 and luck < 2"
    assert "its parts hold, but never together (luck was 1, 3; nerve was 0..5)" in finding.message
    blocked = at(found, FAULTS, 51, 3, "LB101")
    assert "in the way: 'back_table.gamble' (if: nerve > 3 and luck < 2) is never open" in blocked.message


def test_f4_a_variable_nothing_uses_at_its_declaration(found: list[Diagnostic]) -> None:
    """F4: unused_flag is declared and never read or written."""
    finding = at(found, "story.yaml", 15, 3, "LB104")
    assert source("story.yaml", 15, 3).startswith("unused_flag:") and "'unused_flag' is never used" in finding.message


def test_f5_a_write_only_variable_lists_its_write_sites_and_the_no_op(found: list[Diagnostic]) -> None:
    """F5: tips is written (`tips += 1`, and a no-op `tips += 0`) but never read: LB120 with both sites, LB119 at the no-op."""
    finding = at(found, "story.yaml", 16, 3, "LB120")
    assert "written at" in finding.message and all(f"{FAULTS}:{line}:48" in finding.message for line in (20, 25))
    assert source(FAULTS, 20, 48).startswith("tips += 0") and source(FAULTS, 25, 48).startswith("tips += 1")
    assert "'tips += 0' changes nothing" in at(found, FAULTS, 20, 48, "LB119").message


def test_f6_a_soft_lock_says_which_state_traps_the_player(found: list[Diagnostic]) -> None:
    """F6: the mirror maze is left only `if: lamp`; each scene of the loop is a soft-lock when lamp = false, with a path."""
    for line, scene, path in ((56, "mirrors", "arcade.maze"), (62, "mirrors_2", "mirrors.deeper")):
        finding = at(found, FAULTS, line, 3, "LB110")
        assert source(FAULTS, line, 3).startswith(f"{scene}:")
        assert f"from scene '{scene}' no ending can be reached when" in finding.message
        assert "lamp = false" in finding.message and (finding.hint or "").endswith(path)


def test_f7_an_ending_behind_an_impossible_value_names_the_sub_condition(found: list[Diagnostic]) -> None:
    """F7: suspicion only reaches 2, so `suspicion >= 4 and ...` never opens: LB108 at the `if:` naming the part, LB102 at the ending id."""
    finding = at(found, FERRY, 44, 52, "LB108")
    assert source(FERRY, 44, 52).startswith('suspicion >= 4 and crate == "dumped"')
    assert "`suspicion >= 4` never holds" in finding.message and "suspicion was 0..2" in finding.message
    ending = at(found, FERRY, 57, 18, "LB102")
    assert source(FERRY, 57, 18).startswith("medal,") and "in the way: 'ramp.salute'" in ending.message


def test_f8_a_template_typo_in_a_block_scalar_is_reported_at_the_typo(tmp_path: Path) -> None:
    """F8: `{csah}` on the second line of a `|` block is reported at its brace, not at the `|`, with the name meant."""
    copy = tmp_path / "pack"
    shutil.copytree(PACK, copy)
    ferry = copy / FERRY
    text = ferry.read_text(encoding="utf-8")
    assert "      Mara counts her money: {cash} euros.\n" in text
    ferry.write_text(text.replace("{cash} euros", "{csah} euros"), encoding="utf-8")
    (finding,) = findings(copy).diagnostics
    assert (finding.code.code, Path(finding.span.file), finding.span.line, finding.span.col) == ("LB009", ferry, 7, 30)
    assert (finding.span.end_line, finding.span.end_col) == (7, 36)  # the end: just past '}'
    assert ferry.read_text(encoding="utf-8").splitlines()[6][29:35] == "{csah}"
    assert "(did you mean 'cash'?)" in finding.message


def test_f9_a_walkthrough_typo_is_found_by_validate_at_the_value(found: list[Diagnostic]) -> None:
    """F9: `choose: wlak` in a walk below the pack is LB114 at the value, with the choice meant."""
    finding = at(found, "tests/ticket.walk.yaml", 4, 13, "LB114")
    assert source("tests/ticket.walk.yaml", 4, 13) == "wlak" and "(did you mean 'walk'?)" in finding.message


def test_f10_a_constant_zero_weight_is_reported_at_the_weight(found: list[Diagnostic]) -> None:
    """F10: `weight: 0` beside a positive weight is never drawn: LB117 at the 0."""
    finding = at(found, FERRY, 32, 22, "LB117")
    assert source(FERRY, 32, 22).startswith("0,") and "choice 'bribe'" in finding.message
