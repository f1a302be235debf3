"""Explorer reports for people (a summary), machines (JSON) and CI systems (JUnit XML).

The JSON fields are documented in the README ("Exploring a story"); nothing in the summary
or the JSON depends on timing, so the same seed always gives the same report. JUnit alone
carries times (the exploration's, given by the caller) and a timestamp, as CI systems expect,
and each case names the file and line of what it is about, so CI can annotate the source.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from game.diagnostics import Span, display_path
from game.tools.explore import Finding, Report
from game.wording import counted


def _coverage(reached: set[str], everything: list[str]) -> dict[str, Any]:
    total = len(everything)
    hit = sum(1 for x in everything if x in reached)
    return {
        "reached": hit,
        "total": total,
        "percent": round(100.0 * hit / total, 1) if total else 100.0,
        "missed": [x for x in everything if x not in reached],
    }


def to_json(report: Report) -> dict[str, Any]:
    story = report.story
    data: dict[str, Any] = {
        "mode": report.mode,
        "story": {"title": story.title, "version": story.version},
        "complete": report.complete,
        "ok": report.ok,
    }
    if report.mode == "random":
        data.update(seed=report.seed, runs=report.runs, too_long=report.too_long)
    else:
        data["states"] = report.states
    data["choices_made"] = report.choices_made
    data["coverage"] = {
        "scenes": _coverage(report.scenes, list(story.scenes)),
        "choices": _coverage(report.choices, report.all_choices),
        "endings": _coverage(report.endings, list(story.endings)),
    }
    data["dead_ends"] = [f.to_json() for f in report.dead_ends]
    data["softlocks"] = [f.to_json() for f in report.softlocks]
    data["errors"] = [f.to_json() for f in report.errors]
    if report.mode == "random":
        data["loops"] = [f.to_json() for f in report.loops]
        data["ending_distribution"] = ending_distribution(report)
    return data


def ending_distribution(report: Report) -> dict[str, dict[str, float | int]]:
    """Random play: for each ending (in story order), the runs that ended there and their share of all runs."""
    runs = report.runs or 1
    return {
        ending: {"runs": report.ending_runs.get(ending, 0), "percent": round(100.0 * report.ending_runs.get(ending, 0) / runs, 1)}
        for ending in report.story.endings
    }


def _unreached_word(report: Report) -> str:
    """How to say a thing was not reached: proven ("never"), or only not seen (random play, a search cut short)."""
    if report.mode == "random":
        return f"not reached in {counted(report.runs, 'run')}"
    return "never reached" if report.complete else "not reached (search incomplete)"


def _path_text(finding: Finding) -> str:
    steps = []
    for event, outcome in zip(finding.path, finding.outcomes or [None] * len(finding.path)):
        steps.append(event if outcome is None else f"{event}[outcome {outcome}]")
    shown = " -> ".join(steps) if steps else "(at the start)"
    return f"{shown} (seed {finding.seed})" if finding.seed is not None else shown


def to_text(report: Report) -> str:
    data = to_json(report)
    story = report.story
    if report.mode == "random":
        head = f"explore: {report.runs} random playthroughs from seed {report.seed} of {story.title} v{story.version}"
    else:
        head = f"explore: exhaustive search of {story.title} v{story.version}, {report.states} states"
    lines = [head]
    if not report.complete:
        lines.append(
            "INCOMPLETE: --max-states stopped the search; what was not reached may still be reachable, "
            "and soft-locks were not checked"
        )
    lines.append(f"choices made: {report.choices_made}")
    if report.mode == "random" and report.too_long:
        lines.append(f"runs with no ending within the step limit: {report.too_long}")
        for f in report.loops:
            lines.append(f"  in '{f.scene}': {f.message}" + (f" ({f.count} times)" if f.count > 1 else ""))
            lines.append(f"    path: {_path_text(f)}")
    for name in ("scenes", "choices", "endings"):
        cov = data["coverage"][name]
        line = f"{name + ':':9} {cov['reached']}/{cov['total']} ({cov['percent']}%)"
        if cov["missed"]:
            word = "never reached" if report.complete and report.mode != "random" else "not reached"
            line += f"  {word}: {', '.join(cov['missed'])}"
        lines.append(line)
    if report.mode == "random":
        shares = [f"{ending} {d['runs']} ({d['percent']}%)" for ending, d in data["ending_distribution"].items()]
        if report.too_long:
            shares.append(f"no ending {report.too_long} ({round(100.0 * report.too_long / (report.runs or 1), 1)}%)")
        lines.append(f"ending distribution over {counted(report.runs, 'run')}: " + ", ".join(shares))
    for title, findings in (("dead ends", report.dead_ends), ("soft-locks", report.softlocks), ("engine errors", report.errors)):
        if title == "soft-locks" and report.mode == "random":
            lines.append("soft-locks: not checked by random play (use --exhaustive)")
            continue
        if not findings:
            lines.append(f"{title}: none")
            continue
        lines.append(f"{title}: {len(findings)}")
        for f in findings:
            what = f"  in '{f.scene}'"
            if f.message:
                what += f": {f.message}"
            if f.count > 1:
                what += f" ({f.count} times)"
            lines.append(what)
            lines.append(f"    path: {_path_text(f)}")
    lines.append(_verdict(report))
    return "\n".join(lines)


def _verdict(report: Report) -> str:
    """The last line, which is all a CI log shows: OK, or FAILED and why."""
    if report.ok:
        return "OK"
    reasons = [
        counted(len(found), title)
        for title, found in (("dead end", report.dead_ends), ("soft-lock", report.softlocks), ("engine error", report.errors))
        if found
    ]
    if report.unreached_endings:
        endings = f"{counted(len(report.unreached_endings), 'ending')} not reached"
        if report.mode == "random":
            endings += " (more runs may reach them: raise --random, or prove it with --exhaustive)"
        elif not report.complete:
            endings += " (the search stopped early: raise --max-states)"
        reasons.append(endings)
    return "FAILED: " + "; ".join(reasons)


def to_junit(report: Report, seconds: float = 0.0, timestamp: str | None = None) -> bytes:
    """One test case per ending, scene and choice (reached or not) and per finding; failures carry
    the path, and each case the `file` and `line` of what it is about.

    `seconds` is how long the exploration took and `timestamp` when it started (ISO 8601): the
    suite carries both, and so does its first case, the exploration itself; every other case
    only reads that one exploration, so its time is 0.
    """
    unreached = _unreached_word(report)
    story = report.story
    cases: list[_Case] = [_exploration_case(report, seconds)]
    for sid, ending in ((sid, s.ending) for sid, s in story.scenes.items()):
        if ending is not None:
            failure = None if ending.id in report.endings else unreached
            cases.append(_Case(f"ending {ending.id} is reachable", failure, story.locate(sid, "ending", "id")))
    for sid in story.scenes:
        failure = None if sid in report.scenes else unreached
        cases.append(_Case(f"scene {sid} is reached", failure, story.locate(sid, key=True)))
    for sid, scene in story.scenes.items():
        for i, choice in enumerate(scene.choices):
            failure = None if f"{sid}.{choice.id}" in report.choices else unreached
            cases.append(_Case(f"choice {sid}.{choice.id} is taken", failure, story.locate(sid, "choices", i, "id")))
    for label, findings in (("dead end", report.dead_ends), ("soft-lock", report.softlocks), ("engine error", report.errors)):
        if label == "soft-lock" and report.mode == "random":
            cases.append(_Case("no soft-locks", None, skipped="not checked by random play (use --exhaustive)"))
            continue
        if not findings:
            cases.append(_Case(f"no {label}s", None))
        for f in findings:
            cases.append(_Case(f"{label} in {f.scene}", f"{f.message + '; ' if f.message else ''}path: {_path_text(f)}", story.locate(f.scene, key=True)))
    suite = ET.Element(
        "testsuite",
        name=f"lostbullet.explore.{report.mode}",
        tests=str(len(cases)),
        failures=str(sum(1 for c in cases if c.failure)),
        skipped=str(sum(1 for c in cases if c.skipped)),
        errors="0",
        time=f"{seconds:.3f}",
    )
    if timestamp is not None:
        suite.set("timestamp", timestamp)
    for c in cases:
        case = ET.SubElement(suite, "testcase", classname=f"explore.{report.mode}", name=c.name, time=f"{c.seconds:.3f}")
        if c.span is not None and c.span.line:
            case.set("file", display_path(c.span.file))
            case.set("line", str(c.span.line))
        if c.failure:
            ET.SubElement(case, "failure", message=c.failure).text = c.failure
        elif c.skipped:
            ET.SubElement(case, "skipped", message=c.skipped)
    root = ET.Element("testsuites")
    root.append(suite)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


@dataclass(frozen=True)
class _Case:
    name: str
    failure: str | None
    span: Span | None = None
    skipped: str | None = None
    seconds: float = 0.0


def _exploration_case(report: Report, seconds: float) -> _Case:
    """The exploration as a case of its own: it fails when --max-states cut the search short."""
    if report.mode == "random":
        return _Case(f"{counted(report.runs, 'random run')} from seed {report.seed}", None, seconds=seconds)
    failure = None if report.complete else "--max-states stopped the search"
    return _Case("search complete", failure, seconds=seconds)
