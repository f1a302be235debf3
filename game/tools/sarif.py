"""`validate --format sarif`: the same findings as a SARIF 2.1.0 log, for code scanning and editors.

One run, one rule per catalogue code (its name, its one-line summary, its default level and a
link to its entry in the catalogue), one result per finding with the exact region its span
holds: start and end, line and column counted from 1 in Unicode code points, as the text
renderer counts them. Files under the folder `validate` runs from are named relative to it
(`%SRCROOT%`), as GitHub code scanning expects of a checkout; others by absolute `file:` URI.
A finding about the whole pack has its folder as the location and no region. Suppressed
findings are listed with a `suppressions` entry, so a viewer can show what a comment hides.
Nothing here reads the files again: the regions come from the diagnostics alone.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Iterable

from game import __version__
from game.diagnostics import Code, Codes, Diagnostic, Severity, escape_controls
from game.paths import shipped_scenes

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
"""The OASIS schema of SARIF 2.1.0 (errata 01), the `$schema` every log names."""
SOURCE_ROOT = "%SRCROOT%"


def catalogue_uri() -> str:
    """A link to the diagnostics catalogue (scenes/README.md) of the checkout or the installed package."""
    from game.paths import checkout_root  # the checkout's copy is the one an author edits beside

    root = checkout_root()
    readme = (root / "scenes" if root else shipped_scenes()) / "README.md"
    return readme.resolve().as_uri()


def anchor(code: Code) -> str:
    """The heading's anchor as Markdown renderers make it: `### LB008 unknown-scene (error)`."""
    heading = f"{code.code} {code.name} ({code.severity.value})".lower()
    return re.sub(r"[^a-z0-9 -]", "", heading).replace(" ", "-")


def rule(code: Code, help_uri: str) -> dict[str, Any]:
    return {
        "id": code.code,
        "name": code.name,
        "shortDescription": {"text": code.summary or code.name},
        "helpUri": f"{help_uri}#{anchor(code)}",
        "help": {"text": f"{code.summary} See the catalogue entry {code.code} {code.name} in scenes/README.md, 'Diagnostics'."},
        "defaultConfiguration": {"level": _level(code.severity)},
    }


def _level(severity: Severity) -> str:
    return "error" if severity.is_error else "warning"


def artifact(path: str, base: Path) -> dict[str, str]:
    """The artifactLocation of `path`: relative to `base` (percent-encoded) when under it, else a file URI."""
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(base)
    except ValueError:
        return {"uri": absolute.as_uri()}
    text = relative.as_posix()
    if absolute.is_dir() or str(path).endswith(os.sep):
        text = "" if text == "." else text + "/"
    return {"uri": _quote(text) or "./", "uriBaseId": SOURCE_ROOT}


def _quote(text: str) -> str:
    from urllib.parse import quote  # deferred: only SARIF output quotes paths

    return quote(text, safe="/")


def region(diagnostic: Diagnostic) -> dict[str, int] | None:
    """The span as a SARIF region: the start, and the end when the diagnostic knows it."""
    span = diagnostic.span
    if not span.line:
        return None
    found = {"startLine": span.line, "startColumn": max(span.col, 1)}
    if span.end_line >= span.line and span.end_col > 0 and (span.end_line, span.end_col) > (span.line, span.col):
        found["endLine"] = span.end_line
        found["endColumn"] = span.end_col
    return found


def result(diagnostic: Diagnostic, index: dict[str, int], base: Path, suppressed: bool = False) -> dict[str, Any]:
    hint = f"; {diagnostic.hint}" if diagnostic.hint else ""
    location: dict[str, Any] = {"artifactLocation": artifact(diagnostic.span.file, base)}
    found_region = region(diagnostic)
    if found_region is not None:
        location["region"] = found_region
    entry: dict[str, Any] = {
        "ruleId": diagnostic.code.code,
        "ruleIndex": index[diagnostic.code.code],
        "level": _level(diagnostic.severity),
        "message": {"text": escape_controls(diagnostic.message + hint)},
        "locations": [{"physicalLocation": location}],
    }
    if suppressed:
        entry["suppressions"] = [{"kind": "inSource", "justification": "a '# lostbullet: ignore' comment"}]
    return entry


def sarif_log(diagnostics: Iterable[Diagnostic], suppressed: Iterable[Diagnostic] = (), base: Path | None = None) -> dict[str, Any]:
    """The SARIF log of `diagnostics` (and the `suppressed` ones, marked so), paths relative to `base`."""
    base = Path(os.path.abspath(base or Path.cwd()))
    codes = Codes.all()
    index = {code.code: i for i, code in enumerate(codes)}
    help_uri = catalogue_uri()
    results = [result(d, index, base) for d in diagnostics]
    results += [result(d, index, base, suppressed=True) for d in suppressed]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "lostbullet",
                        "version": __version__,
                        "informationUri": help_uri,
                        "rules": [rule(code, help_uri) for code in codes],
                    }
                },
                "originalUriBaseIds": {SOURCE_ROOT: {"uri": base.as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
