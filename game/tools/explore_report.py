"""Explorer reports for people (a summary), machines (JSON) and CI systems (JUnit XML).

The JSON fields are documented in the README ("Exploring a story"); nothing in a report
depends on timing, so the same seed always gives the same report.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

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
    return data


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
            word = "never reached" if report.complete else "not reached"
            line += f"  {word}: {', '.join(cov['missed'])}"
        lines.append(line)
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


def to_junit(report: Report) -> bytes:
    """One test case per ending (reached or not) and per finding; failures carry the path."""
    cases: list[tuple[str, str | None]] = []
    for ending in report.story.endings:
        failure = None
        if ending not in report.endings:
            failure = "never reached" if report.complete else "not reached (search incomplete)"
        cases.append((f"ending {ending} is reachable", failure))
    for label, findings in (("dead end", report.dead_ends), ("soft-lock", report.softlocks), ("engine error", report.errors)):
        if not findings:
            cases.append((f"no {label}s", None))
        for f in findings:
            cases.append((f"{label} in {f.scene}", f"{f.message + '; ' if f.message else ''}path: {_path_text(f)}"))
    if not report.complete:
        cases.append(("search complete", "--max-states stopped the search"))
    suite = ET.Element(
        "testsuite",
        name=f"lostbullet.explore.{report.mode}",
        tests=str(len(cases)),
        failures=str(sum(1 for _, f in cases if f)),
    )
    for name, failure in cases:
        case = ET.SubElement(suite, "testcase", classname=f"explore.{report.mode}", name=name)
        if failure:
            ET.SubElement(case, "failure", message=failure).text = failure
    root = ET.Element("testsuites")
    root.append(suite)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)

