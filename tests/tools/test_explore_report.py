"""What `explore` tells a designer: the ending distribution of random play (summary and JSON), and
JUnit that says only what was checked, names where each case is written, and carries times.

Run on the planted-faults pack (tests/fixtures/planted_faults): a soft-lock loop, unreachable
scenes and an ending no play reaches, so every kind of case shows.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from game.cli import main
from game.story.loader import load_story
from game.tools.explore import explore_exhaustive, explore_random
from game.tools.explore_report import to_json, to_junit, to_text

PACK = Path(__file__).resolve().parents[1] / "fixtures" / "planted_faults"
RUNS = 100


@pytest.fixture(scope="module")
def random_report():
    return explore_random(load_story(PACK), RUNS, seed=1)


def cases(xml: bytes) -> dict[str, ET.Element]:
    suite = ET.fromstring(xml).find("testsuite")
    assert suite is not None
    return {case.get("name", ""): case for case in suite.iter("testcase")}


def test_random_play_reports_how_often_each_ending_is_reached(random_report) -> None:
    """Every ending has its runs and share; with the runs that found no ending, they add up to all runs."""
    distribution = to_json(random_report)["ending_distribution"]
    assert list(distribution) == ["crossed", "caught", "medal"]  # story order, the unreached one too
    assert distribution["medal"] == {"runs": 0, "percent": 0.0}
    assert sum(d["runs"] for d in distribution.values()) + random_report.too_long == RUNS
    assert distribution["crossed"]["runs"] > 0 and distribution["caught"]["runs"] > 0
    crossed = distribution["crossed"]
    assert crossed["percent"] == round(100 * crossed["runs"] / RUNS, 1)
    line = next(line for line in to_text(random_report).splitlines() if line.startswith("ending distribution"))
    assert line.startswith(f"ending distribution over {RUNS} runs: crossed {crossed['runs']} ({crossed['percent']}%), caught ")
    assert ", medal 0 (0.0%)" in line and line.endswith(f"no ending {random_report.too_long} ({round(100 * random_report.too_long / RUNS, 1)}%)")


def test_an_exhaustive_search_has_no_distribution() -> None:
    """Near miss: a search counts states, not playthroughs, so it gives no ending distribution."""
    report = explore_exhaustive(load_story(PACK), 10_000)
    assert "ending_distribution" not in to_json(report)
    assert not any(line.startswith("ending distribution") for line in to_text(report).splitlines())


def test_random_junit_skips_the_soft_lock_check_and_says_not_reached_in_n_runs(random_report) -> None:
    """Random play never checks soft-locks: that case is skipped, not passed; what it missed is 'not reached in 100 runs'."""
    found = cases(to_junit(random_report))
    skipped = found["no soft-locks"].find("skipped")
    assert skipped is not None and "not checked by random play" in skipped.get("message", "")
    assert found["no soft-locks"].find("failure") is None
    for name in ("ending medal is reachable", "scene attic is reached", "choice back_table.gamble is taken"):
        failure = found[name].find("failure")
        assert failure is not None and failure.get("message") == f"not reached in {RUNS} runs"
    assert found["scene bar is reached"].find("failure") is None  # near miss: reached, so it passes
    assert "not reached: attic" in to_text(random_report) and "never reached" not in to_text(random_report)


def test_junit_cases_name_the_file_and_line_of_what_they_are_about(random_report) -> None:
    """Scenes at their key, choices at their id, endings at theirs: CI can annotate the source."""
    found = cases(to_junit(random_report))
    faults, ferry = PACK / "act1" / "faults.yaml", PACK / "act1" / "ferry.yaml"
    expected = {
        "scene attic is reached": (faults, 3), "choice back_table.gamble is taken": (faults, 46),
        "ending medal is reachable": (ferry, 57), "choice customs.bribe is taken": (ferry, 29),
    }  # fmt: skip
    for name, (file, line) in expected.items():
        case = found[name]
        assert Path(case.get("file", "")).resolve() == file and case.get("line") == str(line), name
    scenes = [c for n, c in found.items() if n.startswith("scene ")]
    assert len(scenes) == 17 and all(c.get("file") and c.get("line") for c in scenes)


def test_exhaustive_junit_says_never_and_fails_each_soft_lock() -> None:
    """A complete search proves absence ('never reached') and checks soft-locks: each is a failing case at its scene."""
    found = cases(to_junit(explore_exhaustive(load_story(PACK), 10_000), 0.25, "2026-01-02T03:04:05+00:00"))
    assert found["scene attic is reached"].find("failure").get("message") == "never reached"  # type: ignore[union-attr]
    lock = found["soft-lock in mirrors"]
    assert lock.find("failure") is not None and lock.get("line") == "56"
    assert "no soft-locks" not in found and found["search complete"].get("time") == "0.250"


def test_cli_junit_carries_the_exploration_time_and_timestamp(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The suite has tests, failures, skipped, time and timestamp; its first case is the exploration, with the time."""
    out = tmp_path / "explore.xml"
    assert main(["explore", "--random", "20", "--seed", "3", "--junit", str(out), "--scenes", str(PACK)]) == 1
    assert "ending distribution over 20 runs" in capsys.readouterr().out
    suite = ET.parse(out).getroot().find("testsuite")
    assert suite is not None
    first = suite.find("testcase")
    assert first is not None and first.get("name") == "20 random runs from seed 3"
    assert float(suite.get("time", "-1")) >= 0 and suite.get("time") == first.get("time")
    assert suite.get("timestamp", "").endswith("+00:00") and suite.get("skipped") == "1"
    failures = sum(1 for case in suite.iter("testcase") if case.find("failure") is not None)
    assert suite.get("failures") == str(failures) and suite.get("tests") == str(len(list(suite.iter("testcase"))))
