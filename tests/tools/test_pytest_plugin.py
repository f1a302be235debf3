"""The pytest plugin collects walkthroughs as tests, in this repository and in an author's folder."""

from __future__ import annotations

import pytest

from tests.conftest import TINY_SCENES, TINY_STORY, write_pack

GOOD = "steps:\n  - choose: wait\n  - expect: {scene: street, vars: {heat: 1}}\n"
BAD = "steps:\n  - choose: wait\n  - choose: wait\n  - expect: {vars: {heat: 5}}\n"


def author_folder(pytester: pytest.Pytester) -> None:
    write_pack(pytester.path / "scenes", TINY_STORY, {"scenes.yaml": TINY_SCENES})
    tests = pytester.path / "tests"
    tests.mkdir()
    (tests / "good.walk.yaml").write_text(GOOD)
    (tests / "bad.walk.yaml").write_text(BAD)


def test_walks_are_collected_and_failures_explained(pytester: pytest.Pytester) -> None:
    """In a fresh folder with scenes/ and walk files, each walk is a test; a failure names step, values and path."""
    author_folder(pytester)
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:asyncio", "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*tests/good.walk.yaml::good PASSED*",
            "*bad.walk.yaml:4:5: step 3: expected heat == 5, got 2*",
            "*after: street.wait -> street.wait*",
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_golden_transcript_difference_fails_the_test(pytester: pytest.Pytester) -> None:
    """A blessed transcript that no longer matches fails the walk's test with a diff."""
    author_folder(pytester)
    (pytester.path / "tests" / "bad.walk.yaml").unlink()
    (pytester.path / "tests" / "good.walk.transcript").write_text("# Something else\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:asyncio")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*the transcript differs*", "*-# Something else*", "*+# The street (0)*"])


def test_broken_walk_file_reports_its_diagnostic(pytester: pytest.Pytester) -> None:
    """A walk file with an unknown key fails with the file:line:col diagnostic, not a traceback."""
    author_folder(pytester)
    (pytester.path / "tests" / "bad.walk.yaml").write_text("stepz: []\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:asyncio")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*bad.walk.yaml:1:1: error: unknown key 'stepz' (did you mean 'steps'?)*"])


def test_ini_option_points_at_another_pack(pytester: pytest.Pytester) -> None:
    """`lostbullet_scenes` in the pytest configuration selects the pack walks play."""
    write_pack(pytester.path / "story", TINY_STORY, {"scenes.yaml": TINY_SCENES})
    pytester.makeini("[pytest]\nlostbullet_scenes = story\n")
    (pytester.path / "one.walk.yaml").write_text(GOOD)
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:asyncio")
    result.assert_outcomes(passed=1)
