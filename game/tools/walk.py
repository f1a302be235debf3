"""`lostbullet walk`: scripted playthroughs (`*.walk.yaml`) run headlessly through `Session`.

A walkthrough is a seed, a list of steps (`choose` a choice, `expect` a scene, variables or
text) and optionally the ending it must reach. A failure names the file and line of the
step, what was expected and what happened, and the choices that led there.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field, StrictInt, ValidationError, model_validator

from game.atomic import write_atomically
from game.diagnostics import Codes, Diagnostic, Span
from game.errors import ChoiceError, ContentError, GameError, UsageError
from game.session import Session
from game.story.loader import load_story
from game.story.model import StrictModel, Story
from game.story.model_errors import model_diagnostics
from game.story.source import SourceFile, read_yaml
from game.transcript import render_scene, render_taken


class Expect(StrictModel):
    scene: str | None = None
    """The id of the scene the player must be in."""
    vars: dict[str, Any] = {}
    """Variables and the values they must hold."""
    text_contains: str | tuple[str, ...] | None = None
    """Text (or a list of texts) the scene's rendered prose must contain."""


class Step(StrictModel):
    choose: str | None = None
    """A choice of the current scene, by local or global id."""
    expect: Expect | None = None
    """What must be true at this point."""

    @model_validator(mode="after")
    def _one_action(self) -> "Step":
        if (self.choose is None) == (self.expect is None):
            raise ValueError("a step is either 'choose: ID' or 'expect: {...}'")
        return self


class Walkthrough(StrictModel):
    seed: StrictInt = 0
    """The random seed of the playthrough."""
    scenes: str | None = None
    """The scene pack, relative to this file; default: the pack given on the command line."""
    steps: tuple[Step, ...] = Field(default=())
    """The steps, in order."""
    ending: str | None = None
    """The id of the ending the walk must finish on."""


@dataclass
class WalkResult:
    path: Path
    ok: bool = True
    failure: str | None = None
    choices: int = 0
    ending: str | None = None
    transcript: list[str] = field(default_factory=list)


def load_walkthrough(path: Path) -> tuple[Walkthrough, SourceFile]:
    source, problems = read_yaml(path)
    if problems:
        raise ContentError(problems)
    if not isinstance(source.data, dict):
        raise ContentError([Diagnostic(Codes.WRONG_TYPE, source.span(()), "a walkthrough must be a mapping with 'steps:'")])
    try:
        return Walkthrough.model_validate(source.data), source
    except ValidationError as err:
        raise ContentError(model_diagnostics(err, source, (), Walkthrough)) from None


def play_walkthrough(walk: Walkthrough, source: SourceFile, story: Story) -> WalkResult:
    """Play every step; stop at the first failed expectation or impossible choice."""
    result = WalkResult(Path(source.path))
    session = Session(story, walk.seed)
    view = session.view()
    result.transcript.append(render_scene(view))

    def fail(index: int, message: str) -> WalkResult:
        span = source.span(("steps", index)) if index >= 0 else source.span(("ending",))
        path = " -> ".join(session.log) or "(no choices yet)"
        step = f"step {index + 1}" if index >= 0 else "ending"
        result.ok = False
        result.failure = f"{span.render()}: {step}: {message}\n  after: {path}"
        return result

    for index, step in enumerate(walk.steps):
        if step.choose is not None:
            numbers = {c.id: n for n, c in enumerate(view.choices, 1)}
            try:
                view_before = view
                view = session.choose(step.choose)
            except ChoiceError as err:
                open_ids = ", ".join(c.id for c in view.choices) or "none"
                return fail(index, f"cannot choose '{step.choose}': {err} (open here: {open_ids})")
            except GameError as err:
                return fail(index, f"choosing '{step.choose}' failed: {err}")
            taken = session.log[-1].rpartition(".")[2]
            text = next(c.text for c in view_before.choices if c.id == taken)
            result.transcript.append(render_taken(numbers[taken], text))
            result.transcript.append(render_scene(view))
            result.choices += 1
        elif step.expect is not None:
            problem = _check(step.expect, session, story)
            if problem:
                return fail(index, problem)
    result.ending = view.ending.id if view.ending else None
    if walk.ending is not None and result.ending != walk.ending:
        got = f"ending '{result.ending}'" if result.ending else f"scene '{view.id}', which is not an ending"
        return fail(-1, f"expected ending '{walk.ending}', got {got}")
    return result


def _check(expect: Expect, session: Session, story: Story) -> str | None:
    view = session.view()
    if expect.scene is not None and view.id != expect.scene:
        return f"expected scene '{expect.scene}', got '{view.id}'"
    for name, wanted in expect.vars.items():
        if name not in story.variables:
            return f"expected variable '{name}', but the story declares no such variable"
        actual = session.variables[name]
        if actual != wanted or type(actual) is not type(wanted):
            return f"expected {name} == {wanted!r}, got {actual!r}"
    wanted_texts = [expect.text_contains] if isinstance(expect.text_contains, str) else list(expect.text_contains or ())
    for text in wanted_texts:
        if text not in view.text:
            return f"expected the text of '{view.id}' to contain {text!r}"
    return None


@dataclass
class WalkOutcome:
    """A walkthrough file's verdict: its play, and its golden transcript when it has one."""

    path: Path
    ok: bool
    message: str
    result: WalkResult | None = None


def transcript_path(walk: Path) -> Path:
    """`NAME.walk.yaml` keeps its golden transcript in `NAME.walk.transcript` beside it."""
    return walk.with_name(walk.name.removesuffix(".yaml") + ".transcript")


def _read_golden(golden: Path) -> str | None:
    """The blessed transcript, or None when there is none; one line (`GameError`) when it cannot be one."""
    shown = Span(str(golden)).render()
    if not golden.exists():
        return None
    if not golden.is_file():
        raise GameError(f"{shown}: the golden transcript is not a file; remove it and --bless again")
    try:
        return golden.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise GameError(f"{shown}: the golden transcript is not UTF-8 text; remove it and --bless again") from None
    except OSError as err:
        raise GameError(f"{shown}: cannot read the golden transcript: {err.strerror or err}") from None


def check_walk(path: Path, default_scenes: Path, stories: dict[Path, Story], bless: str | None = None) -> WalkOutcome:
    """Load, play and compare one walkthrough; `bless` is None, "bless" or "rebless".

    Raises `ContentError` when the walkthrough or its scene pack does not load.
    """
    walk, source = load_walkthrough(path)
    folder = (path.parent / walk.scenes) if walk.scenes else default_scenes
    key = folder.resolve()
    if key not in stories:
        stories[key] = load_story(folder)
    result = play_walkthrough(walk, source, stories[key])
    if not result.ok:
        return WalkOutcome(path, False, result.failure or "failed", result)
    text = "\n\n".join(result.transcript) + "\n"
    golden = transcript_path(path)
    shown = Span(str(golden)).render()
    try:
        old = _read_golden(golden)
    except GameError as err:
        return WalkOutcome(path, False, str(err), result)
    if old == text:
        return WalkOutcome(path, True, "transcript matches", result)
    if bless == "rebless" or (bless == "bless" and old is None):
        write_atomically(golden, text)
        return WalkOutcome(path, True, f"transcript written to {shown}", result)
    if old is None:
        return WalkOutcome(path, True, "no golden transcript (--bless writes one)", result)
    diff = "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), text.splitlines(keepends=True), f"{shown} (blessed)", f"{shown} (this run)"
        )
    )
    return WalkOutcome(path, False, f"{shown}: the transcript differs (--rebless accepts the new text)\n{diff}", result)


def walk_files(paths: list[Path]) -> list[Path]:
    """The walkthroughs named: files as given, and every `*.walk.yaml` below a folder, in order."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        below = sorted(path.rglob("*.walk.yaml"))
        if not below:
            raise UsageError(f"{Span(str(path)).render()}: no *.walk.yaml files in this folder")
        found.extend(below)
    return found


def run_walks(paths: list[Path], default_scenes: Path, transcript: bool = False, bless: str | None = None) -> int:
    stories: dict[Path, Story] = {}
    files = walk_files(paths)
    failed = 0
    for path in files:
        try:
            outcome = check_walk(path, default_scenes, stories, bless)
        except ContentError as err:
            for diagnostic in err.diagnostics:
                print(diagnostic.render(), file=sys.stderr)
            print(f"FAIL {Span(str(path)).render()}: cannot run", file=sys.stderr)
            failed += 1
            continue
        result = outcome.result
        if transcript and result is not None:
            print("\n\n".join(result.transcript))
            print()
        if outcome.ok and result is not None:
            ending = f", ending '{result.ending}'" if result.ending else ""
            print(f"ok   {Span(str(path)).render()} ({result.choices} choices{ending}; {outcome.message})", file=sys.stderr)
        else:
            print(f"FAIL {outcome.message}", file=sys.stderr)
            failed += 1
    if len(files) > 1:
        print(f"{len(files) - failed} passed, {failed} failed", file=sys.stderr)
    return 1 if failed else 0
