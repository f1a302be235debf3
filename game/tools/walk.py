"""`lostbullet walk`: scripted playthroughs (`*.walk.yaml`) run headlessly through `Session`.

A walkthrough is a seed, a list of steps (`choose` a choice, forcing a chance outcome if it
says so; `expect` a scene, a title, variables, text, open and closed choices) and optionally
the ending it must reach. A failure names the file and line of the step, what was expected and
what happened, and the choices that led there.

The pack a walk plays is its `scenes:` key, else the one given (`--scenes`, pytest's ini
option), else the nearest pack at or above the walk's folder; only when there is none does it
fall back to the default story, and then the outcome carries a notice saying so, because a
walk silently playing someone else's story fails in baffling ways.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field, StrictInt, ValidationError, model_validator

from game.atomic import write_atomically
from game.diagnostics import Codes, Diagnostic, Span, did_you_mean, display_path
from game.errors import ChoiceError, ContentError, GameError, UsageError
from game.session import SceneView, Session
from game.story.loader import STORY_FILE, load_story
from game.story.model import StrictModel, Story
from game.story.model_errors import model_diagnostics
from game.story.source import SourceFile, read_yaml
from game.transcript import render_scene, render_taken


class Expect(StrictModel):
    scene: str | None = None
    """The id of the scene the player must be in."""
    title: str | None = None
    """The scene's heading, exactly as the player reads it (values filled in)."""
    open: tuple[str, ...] = ()
    """Choices of the scene (local ids) that must be offered here."""
    closed: tuple[str, ...] = ()
    """Choices of the scene (local ids) that must not be offered here."""
    vars: dict[str, Any] = {}
    """Variables and the values they must hold."""
    text_contains: str | tuple[str, ...] | None = None
    """Text (or a list of texts) the scene's rendered prose must contain."""


class Choose(StrictModel):
    id: str
    """A choice of the current scene, by local or global id."""
    outcome: StrictInt | None = Field(None, ge=0, json_schema_extra={"minimum": 0})
    """For a chance choice: the outcome to take, by its place in `outcomes:` from 0 (as `explore` reports them)."""


class Step(StrictModel):
    choose: str | Choose | None = None
    """A choice of the current scene, by local or global id, or `{id, outcome}` to force a chance outcome."""
    expect: Expect | None = None
    """What must be true at this point."""

    @property
    def choice(self) -> tuple[str, int | None] | None:
        """The choice to take and the outcome to force (None: draw it), or None for an `expect` step."""
        if self.choose is None:
            return None
        return (self.choose, None) if isinstance(self.choose, str) else (self.choose.id, self.choose.outcome)

    @model_validator(mode="after")
    def _one_action(self) -> "Step":
        if (self.choose is None) == (self.expect is None):
            raise ValueError("a step is either 'choose: ID' or 'expect: {...}'")
        return self


class Walkthrough(StrictModel):
    seed: StrictInt = 0
    """The random seed of the playthrough."""
    scenes: str | None = None
    """The scene pack, relative to this file; default: --scenes, else the pack at or above this file's folder."""
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


def play_walkthrough(walk: Walkthrough, source: SourceFile, story: Story, shown: Story | None = None) -> WalkResult:
    """Play every step; stop at the first failed expectation or impossible choice.

    `shown` is the story in another language (`--lang`): the transcript is its text, while
    the expectations, written in the pack's own language, are checked on `story`.
    """
    result = WalkResult(Path(source.path))
    session = Session(story, walk.seed)
    view = session.view()
    mirror = Session(shown, walk.seed) if shown is not None else None
    result.transcript.append(render_scene(mirror.view() if mirror else view, width=None))

    def fail(index: int, message: str, *at: str) -> WalkResult:
        span = source.span(("steps", index, *at)) if index >= 0 else source.span(("ending",))
        path = " -> ".join(session.log) or "(no choices yet)"
        step = f"step {index + 1}" if index >= 0 else "ending"
        result.ok = False
        result.failure = f"{span.render()}: {step}: {message}\n  after: {path}"
        return result

    for index, step in enumerate(walk.steps):
        if step.choice is not None:
            choice_id, outcome = step.choice
            numbers = {c.id: n for n, c in enumerate(view.choices, 1)}
            try:
                view_before = view
                if outcome is not None and (problem := _forced(session, choice_id, outcome)):
                    return fail(index, problem, "choose", "outcome")
                view = session.choose(choice_id, outcome)
                if mirror is not None:
                    shown_before = mirror.view()
                    shown_view = mirror.choose(choice_id, outcome)
            except ChoiceError as err:
                open_ids = ", ".join(c.id for c in view.choices) or "none"
                at = ("choose",) if isinstance(step.choose, str) else ("choose", "id")
                return fail(index, f"cannot choose '{choice_id}': {err} (open here: {open_ids})", *at)
            except GameError as err:
                return fail(index, f"choosing '{choice_id}' failed: {err}", *(("choose",) if isinstance(step.choose, str) else ("choose", "id")))
            taken = session.log[-1].rpartition(".")[2]
            said, now = (shown_before, shown_view) if mirror is not None else (view_before, view)
            text = next(c.text for c in said.choices if c.id == taken)
            result.transcript.append(render_taken(numbers[taken], text))
            result.transcript.append(render_scene(now, width=None))
            result.choices += 1
        elif step.expect is not None:
            found = _check(step.expect, session, story)
            if found:
                problem, at = found
                return fail(index, problem, "expect", *at)
    result.ending = view.ending.id if view.ending else None
    if walk.ending is not None and walk.ending not in story.endings:
        return fail(-1, f"expected ending '{walk.ending}', but the story has no such ending{did_you_mean(walk.ending, story.endings)}")
    if walk.ending is not None and result.ending != walk.ending:
        got = f"ending '{result.ending}'" if result.ending else f"scene '{view.id}', which is not an ending"
        return fail(-1, f"expected ending '{walk.ending}', got {got}")
    return result


def _forced(session: Session, choice_id: str, outcome: int) -> str | None:
    """Why `outcome` of `choice_id` cannot be forced here, or None when it can."""
    weights = session.outcomes(choice_id)  # an unknown choice raises, and is reported as one
    if not weights:
        return f"'{choice_id}' is not a chance choice: 'outcome' forces one of the outcomes of a choice with 'outcomes:'"
    if outcome >= len(weights):
        return f"'{choice_id}' has {len(weights)} outcomes (0 to {len(weights) - 1}), not an outcome {outcome}"
    if weights[outcome] <= 0:
        return f"outcome {outcome} of '{choice_id}' has weight 0 here, so it can never be drawn at this point"
    return None


Miss = tuple[str, tuple[str | int, ...]]
"""What an expectation got wrong, and the path below `expect:` of the value that says it."""


def _check(expect: Expect, session: Session, story: Story) -> Miss | None:
    view = session.view()
    if expect.scene is not None and view.id != expect.scene:
        return f"expected scene '{expect.scene}', got '{view.id}'", ("scene",)
    if expect.title is not None and view.title != expect.title:
        return f"expected the title {expect.title!r}, got {view.title!r}", ("title",)
    if problem := _choices_as_expected(expect, view, story):
        return problem
    for name, wanted in expect.vars.items():
        if name not in story.variables:
            return f"expected variable '{name}', but the story declares no such variable{did_you_mean(name, story.variables)}", ("vars", name)
        actual = session.variables[name]
        if actual != wanted or type(actual) is not type(wanted):
            return f"expected {name} == {wanted!r}, got {actual!r}", ("vars", name)
    one = isinstance(expect.text_contains, str)
    wanted_texts = [expect.text_contains] if one else list(expect.text_contains or ())
    for i, text in enumerate(wanted_texts):
        if text not in view.text:
            return f"expected the text of '{view.id}' to contain {text!r}", ("text_contains",) if one else ("text_contains", i)
    return None


def _choices_as_expected(expect: Expect, view: SceneView, story: Story) -> Miss | None:
    """Whether the choices `expect` names as open are offered here, and those named closed are not."""
    offered = [c.id for c in view.choices]
    written = [c.id for c in story.scenes[view.id].choices]
    shown = ", ".join(offered) or "none"
    for key, names, must_be_open in (("open", expect.open, True), ("closed", expect.closed, False)):
        for i, wanted in enumerate(names):
            if wanted not in written:
                return f"scene '{view.id}' has no choice '{wanted}'{did_you_mean(wanted, written)}", (key, i)
            if (wanted in offered) != must_be_open:
                state = "closed" if must_be_open else "open"
                return f"expected choice '{wanted}' to be {'open' if must_be_open else 'closed'} in '{view.id}', but it is {state} (open here: {shown})", (key, i)
    return None


@dataclass
class WalkOutcome:
    """A walkthrough file's verdict: its play, and its golden transcript when it has one."""

    path: Path
    ok: bool
    message: str
    result: WalkResult | None = None
    notice: str | None = None
    """Set when no pack was found for the walk and it played the default story: say so."""


def find_pack(folder: Path) -> Path | None:
    """The pack a walk in `folder` belongs to: the nearest folder at or above it that holds
    story.yaml, or that has a scenes/ folder holding one (a project with its pack in scenes/)."""
    for candidate in [folder, *folder.parents]:
        if (candidate / STORY_FILE).is_file():
            return candidate
        if (candidate / "scenes" / STORY_FILE).is_file():
            return candidate / "scenes"
    return None


def pack_for(path: Path, walk: Walkthrough, given: Path | None) -> tuple[Path, str | None]:
    """The pack `walk` (the file at `path`) plays, and a notice when that is only the default story."""
    if walk.scenes:
        return path.parent / walk.scenes, None
    if given is not None:
        return given, None
    found = find_pack(path.parent.resolve())
    if found is not None:
        return found, None
    from game.paths import default_scenes, is_installed

    fallback = default_scenes()
    which = "the story installed with the game" if is_installed(fallback) else "the default story"
    return fallback, (
        f"no scene pack at or above {display_path(str(path.parent))} (no story.yaml, no scenes/): "
        f"playing {which} at {display_path(str(fallback))}; give the walk a 'scenes:' key, or name the pack"
    )


def transcript_path(walk: Path, lang: str = "") -> Path:
    """`NAME.walk.yaml` keeps its golden transcript in `NAME.walk.transcript` beside it, and
    the one in another language in `NAME.walk.LANG.transcript`."""
    return walk.with_name(walk.name.removesuffix(".yaml") + (f".{lang}" if lang else "") + ".transcript")


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


def check_walk(
    path: Path, scenes: Path | None, stories: dict[Any, Story], bless: str | None = None, lang: str | None = None
) -> WalkOutcome:
    """Load, play and compare one walkthrough; `scenes` is the pack named by the user, if any;
    `bless` is None, "bless" or "rebless"; `lang` plays the walk in that language (`--lang`).

    Raises `ContentError` when the walkthrough or its scene pack does not load.
    """
    walk, source = load_walkthrough(path)
    folder, notice = pack_for(path, walk, scenes)
    key = folder.resolve()
    if key not in stories:
        stories[key] = load_story(folder)
    from game.i18n import interface

    shown, tag = None, ""
    if lang is not None:
        from game.i18n.language import choose, localise

        tag = choose(folder, lang, environ={})
        if tag and (key, tag) not in stories:
            stories[(key, tag)] = localise(stories[key], tag)  # kept beside the pack's own, by (folder, language)
        shown = stories.get((key, tag))
    interface.use(tag)  # the transcript's own lines in that language (the pack's own, without --lang)
    outcome = _compare(path, play_walkthrough(walk, source, stories[key], shown), bless, tag)
    outcome.notice = notice
    return outcome


def _compare(path: Path, result: WalkResult, bless: str | None, lang: str = "") -> WalkOutcome:
    """The walk's verdict, its golden transcript compared (or written, when blessing)."""
    if not result.ok:
        return WalkOutcome(path, False, result.failure or "failed", result)
    text = "\n\n".join(result.transcript) + "\n"
    golden = transcript_path(path, lang)
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


def run_walks(
    paths: list[Path], scenes: Path | None, transcript: bool = False, bless: str | None = None, lang: str | None = None
) -> int:
    stories: dict[Path, Story] = {}
    files = walk_files(paths)
    failed = 0
    noticed: set[str] = set()
    for path in files:
        try:
            outcome = check_walk(path, scenes, stories, bless, lang)
            if outcome.notice and outcome.notice not in noticed:
                noticed.add(outcome.notice)
                print(f"lostbullet: note: {outcome.notice}", file=sys.stderr)
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
