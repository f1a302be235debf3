"""The pytest plugin collects walkthroughs as tests, and validates each pack, in this repository and in an author's folder."""

from __future__ import annotations

import pytest

from tests.conftest import TINY_SCENES, TINY_STORY, write_pack

GOOD = "steps:\n  - choose: wait\n  - expect: {scene: street, vars: {heat: 1}}\n"
BAD = "steps:\n  - choose: wait\n  - choose: wait\n  - expect: {vars: {heat: 5}}\n"
CLEAN_STORY = TINY_STORY.replace("  lucky: {type: bool, initial: false}\n", "")
CLEAN_SCENES = TINY_SCENES.replace(", do: lucky = true", "")
"""The tiny pack without its write-only variable: clean under `validate --strict`."""


def author_folder(pytester: pytest.Pytester) -> None:
    write_pack(pytester.path / "scenes", CLEAN_STORY, {"scenes.yaml": CLEAN_SCENES})
    tests = pytester.path / "tests"
    tests.mkdir()
    (tests / "good.walk.yaml").write_text(GOOD)
    (tests / "bad.walk.yaml").write_text(BAD)


def test_walks_are_collected_and_failures_explained(pytester: pytest.Pytester) -> None:
    """In a fresh folder with scenes/ and walk files, each walk is a test; a failure names step, values and path."""
    author_folder(pytester)
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:asyncio", "-v")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*scenes/story.yaml::validate PASSED*",
            "*tests/good.walk.yaml::good PASSED*",
            "*bad.walk.yaml:4:27: step 3: expected heat == 5, got 2*",
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
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*the transcript differs*", "*-# Something else*", "*+# The street (0)*"])


def test_broken_walk_file_reports_its_diagnostic(pytester: pytest.Pytester) -> None:
    """A walk file with an unknown key fails with the file:line:col diagnostic, not a traceback."""
    author_folder(pytester)
    (pytester.path / "tests" / "bad.walk.yaml").write_text("stepz: []\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:asyncio")
    result.assert_outcomes(passed=2, failed=1)  # the pack (scenes/) still validates: the walk is not below it
    result.stdout.fnmatch_lines(["*bad.walk.yaml:1:1: error: unknown key 'stepz' (did you mean 'steps'?)*"])


def test_ini_option_points_at_another_pack(pytester: pytest.Pytester) -> None:
    """`lostbullet_scenes` in the pytest configuration selects the pack walks play."""
    write_pack(pytester.path / "story", CLEAN_STORY, {"scenes.yaml": CLEAN_SCENES})
    pytester.makeini("[pytest]\nlostbullet_scenes = story\n")
    (pytester.path / "one.walk.yaml").write_text(GOOD)
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:asyncio")
    result.assert_outcomes(passed=2)
    assert "FallbackWarning" not in result.stdout.str()


def test_a_pack_at_the_walks_own_root_is_found(pytester: pytest.Pytester) -> None:
    """A pack whose story.yaml sits at the rootdir (as `init` makes it) is what its tests/ walks play."""
    write_pack(pytester.path, CLEAN_STORY, {"act1/scenes.yaml": CLEAN_SCENES})
    (pytester.path / "tests").mkdir()
    (pytester.path / "tests" / "good.walk.yaml").write_text(GOOD)
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:asyncio", "-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*story.yaml::validate PASSED*", "*tests/good.walk.yaml::good PASSED*"])


def test_the_fallback_to_the_default_story_is_a_warning_in_every_run(pytester: pytest.Pytester) -> None:
    """A walk with no pack at or above it plays the default story, and the warnings summary says so."""
    (pytester.path / "lost.walk.yaml").write_text("steps:\n  - expect: {scene: stakeout}\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:asyncio")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*FallbackWarning: no scene pack at or above*playing the default story at*"])


def test_the_validate_item_gates_warnings_and_deep_findings(pytester: pytest.Pytester) -> None:
    """A warning fails `story.yaml::validate` (it runs --strict); `lostbullet_deep = true` adds the state search."""
    write_pack(pytester.path, TINY_STORY, {"scenes.yaml": TINY_SCENES})
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:asyncio")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*story.yaml:*: error: variable 'lucky' is written but never read*[LB120]*", "*(1 from: lostbullet validate --strict *)*"])
    soft_lock = CLEAN_SCENES.replace("{id: back, text: Go back out, to: street}", "{id: back, text: Go back out, if: heat < 2, to: street}")
    write_pack(pytester.path, CLEAN_STORY, {"scenes.yaml": soft_lock})
    assert pytester.runpytest("-p", "no:cacheprovider", "-p", "no:asyncio").ret == 0
    pytester.makeini("[pytest]\nlostbullet_deep = true\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:asyncio")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*[LB1*", "*lostbullet validate --strict --deep*"])


def test_a_language_golden_transcript_is_one_more_item(pytester: pytest.Pytester) -> None:
    """`NAME.walk.fr.transcript` beside a walk adds `NAME[fr]`, which plays the walk in French against it."""
    import shutil

    from tests.conftest import REPO

    shutil.copytree(REPO / "tests" / "fixtures" / "bilingual", pytester.path / "canal")
    golden = pytester.path / "canal" / "away.walk.fr.transcript"
    golden.write_text(golden.read_text(encoding="utf-8").replace("# Le pont", "# Le pont neuf"), encoding="utf-8")
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:asyncio", "-v")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*away.walk.yaml::away PASSED*", "*away.walk.yaml::away?fr? FAILED*", "*-# Le pont neuf*", "*+# Le pont*"])
