"""`validate --format sarif`: a SARIF 2.1.0 log that the OASIS schema accepts, with the catalogue's
rules and the exact region of every finding.

The schema is the official one, vendored in `tests/fixtures/sarif/` (its README gives the source
and terms) so the check runs offline; check-jsonschema reads it, with the `uri` formats checked.
One `--deep` run over the planted-faults pack, whose findings span three files, a walkthrough and
the pack's header, serves every test.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from game.cli import main
from game.diagnostics import Codes
from game.tools.sarif import anchor

TESTS = Path(__file__).resolve().parents[1]
PACK = TESTS / "fixtures" / "planted_faults"
SCHEMA = TESTS / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
CATALOGUE = TESTS.parent / "scenes" / "README.md"


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The SARIF log of `validate --deep --format sarif` on the planted faults, run from the tests folder."""
    out = tmp_path_factory.mktemp("sarif") / "faults.sarif"
    result = subprocess.run(
        [sys.executable, "-m", "game", "validate", "--deep", "--format", "sarif", str(PACK.relative_to(TESTS))],
        cwd=TESTS, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1 and result.stderr == ""  # errors found; nothing but the log is printed
    out.write_text(result.stdout, encoding="utf-8")
    return out, json.loads(result.stdout)


def test_the_vendored_schema_is_the_official_one() -> None:
    """The fixture is byte for byte the OASIS schema (errata 01), so a pass means what it says."""
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256
    assert json.loads(SCHEMA.read_text(encoding="utf-8"))["id"].endswith("/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")


def test_the_log_is_valid_sarif_2_1_0(log: tuple[Path, dict]) -> None:
    """check-jsonschema accepts the log against the official schema, and refuses a log with a level SARIF lacks."""
    path, data = log
    data = json.loads(json.dumps(data))
    data["runs"][0]["results"][0]["level"] = "fatal"
    broken = path.with_name("broken.sarif")
    broken.write_text(json.dumps(data), encoding="utf-8")
    check = [sys.executable, "-m", "check_jsonschema", "--schemafile", str(SCHEMA), str(path), str(broken)]
    refused = subprocess.run(check, capture_output=True, text=True)  # one run checks both: a client start costs a second
    errors = [line for line in refused.stdout.splitlines() if "::" in line]
    assert refused.returncode == 1 and errors, refused.stdout
    assert all(line.strip().startswith(f"{broken}::") for line in errors), errors  # the real log has none
    assert "'fatal' is not one of" in refused.stdout


def test_every_catalogue_code_is_a_rule_with_its_description_and_help(log: tuple[Path, dict]) -> None:
    """One rule per code, in catalogue order: id, name, the code's summary, its default level, and a link to its catalogue heading."""
    rules = log[1]["runs"][0]["tool"]["driver"]["rules"]
    headings = {anchor_of(h) for h in re.findall(r"^### (LB\d{3} .+)$", CATALOGUE.read_text(encoding="utf-8"), re.M)}
    assert [r["id"] for r in rules] == [c.code for c in Codes.all()]
    for code, found in zip(Codes.all(), rules):
        assert found["name"] == code.name and found["shortDescription"]["text"] == code.summary != ""
        assert found["defaultConfiguration"]["level"] == code.severity.value
        uri, _, fragment = found["helpUri"].partition("#")
        assert uri.startswith("file:///") and uri.endswith("/scenes/README.md") and fragment in headings


def anchor_of(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^a-z0-9 -]", "", heading.lower()).replace(" ", "-")


def test_anchor_matches_the_catalogue_headings() -> None:
    """The anchor the log links to is the one the catalogue's heading gets."""
    assert anchor(Codes.UNKNOWN_SCENE) == "lb008-unknown-scene-error"


def region_text(base: Path, result: dict) -> str:
    location = result["locations"][0]["physicalLocation"]
    region = location["region"]
    lines = (base / location["artifactLocation"]["uri"]).read_text(encoding="utf-8").splitlines()
    assert region["endLine"] == region["startLine"], result  # every finding of this pack is on one line
    return lines[region["startLine"] - 1][region["startColumn"] - 1 : region["endColumn"] - 1]


def test_each_result_has_its_level_message_and_exact_region(log: tuple[Path, dict]) -> None:
    """Results carry the finding's code, level and message with hint, and a region that covers exactly what is wrong."""
    run = log[1]["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == TESTS.as_uri() + "/"
    covered = {}
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%" and location["uri"].startswith("fixtures/planted_faults/")
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        covered.setdefault(result["ruleId"], []).append(region_text(TESTS, result))
    assert covered["LB114"] == ["wlak"]  # the walk's typo'd value
    assert covered["LB117"] == ["0"]  # the zero weight
    assert covered["LB103"] == ["has_key"]  # the condition
    assert sorted(covered["LB108"]) == ["nerve > 3 and luck < 2", 'suspicion >= 4 and crate == "dumped"']
    assert sorted(covered["LB101"]) == ["attic", "cellar", "jackpot"]  # scene keys
    assert covered["LB102"] == ["medal"] and covered["LB104"] == ["unused_flag"] and covered["LB119"] == ["tips += 0"]
    soft_lock = next(r for r in run["results"] if r["ruleId"] == "LB110")
    assert soft_lock["level"] == "error" and "lamp = false" in soft_lock["message"]["text"]
    assert "; reached by dock.to_bar" in soft_lock["message"]["text"]  # the hint follows the message
    assert {r["level"] for r in run["results"] if r["ruleId"] == "LB101"} == {"warning"}


def test_an_expression_error_region_is_the_offending_part(
    make_pack: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A type error inside a condition covers the literal at fault; a template typo covers `{name}` with its braces."""
    from tests.conftest import TINY_SCENES

    broken = TINY_SCENES.replace('paint == "primer"', 'paint == 3').replace("Sirens, {heat}", "Sirens, {haet}")
    pack = make_pack(files={"scenes.yaml": broken})
    monkeypatch.chdir(pack)
    assert main(["validate", "--format", "sarif", "."]) == 1
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert sorted(region_text(pack, r) for r in results) == ["3", "{haet}"]


def test_json_and_a_second_format_together_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """--json is --format json; asking for json and sarif at once is refused (exit 2)."""
    assert main(["validate", "--json", "--format", "sarif", str(PACK)]) == 2
    assert "--json and --format sarif" in capsys.readouterr().err


def test_json_output_is_unchanged_by_the_end_positions(capsys: pytest.CaptureFixture[str]) -> None:
    """--json keeps its keys: the spans' new end positions do not leak into it."""
    main(["validate", "--json", str(PACK)])
    report = json.loads(capsys.readouterr().out)
    assert {tuple(sorted(d)) for d in report["diagnostics"]} == {
        ("code", "col", "file", "hint", "line", "message", "name", "severity")
    }


def test_a_suppressed_finding_is_listed_with_its_suppression(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A finding a `# lostbullet: ignore` comment hides is still in the log, marked suppressed in source; the others are not."""
    import shutil

    copy = tmp_path / "pack"
    shutil.copytree(PACK, copy)
    faults = copy / "act1" / "faults.yaml"
    faults.write_text(faults.read_text(encoding="utf-8").replace("  attic:\n", "  attic:  # lostbullet: ignore LB101\n", 1), encoding="utf-8")
    main(["validate", "--format", "sarif", str(copy)])
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    hidden = [r for r in results if r.get("suppressions")]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in hidden] == [("LB101", 3)]
    assert hidden[0]["suppressions"][0]["kind"] == "inSource"
    assert any(r["ruleId"] == "LB101" and not r.get("suppressions") for r in results)  # cellar is still reported
