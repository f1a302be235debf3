"""`validate`'s check of walkthroughs against the pack, without playing them.

A walk that names a choice, scene, ending or variable the pack does not have can only fail, and
at run time it fails at the first such name, with the state it reached. Read statically, every
name is checked at once, each at the `file:line:col` of the name itself, with a did-you-mean.
Which walks: every `*.walk.yaml` below the pack's folder, and those given with `--walks`; a
walk whose `scenes:` key names another pack is that pack's business and is skipped.
"""

from __future__ import annotations

from pathlib import Path

from game.diagnostics import Codes, Diagnostic, did_you_mean
from game.errors import ContentError
from game.story.model import Story
from game.story.source import SourceFile
from game.tools.walk import Walkthrough, load_walkthrough, walk_files


def pack_walks(pack: Path, extra: list[Path]) -> list[Path]:
    """The walks `validate` checks: those below the pack, then those named, each once."""
    below = sorted(p for p in pack.rglob("*.walk.yaml") if not any(part.startswith(".") for part in p.relative_to(pack).parts))
    seen: dict[Path, Path] = {p.resolve(): p for p in below}
    for path in walk_files(extra):
        seen.setdefault(path.resolve(), path)
    return list(seen.values())


def check_walks(pack: Path, story: Story | None, extra: list[Path]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """The walks' own load errors, and (with a story) every name they use that the pack lacks."""
    load_errors: list[Diagnostic] = []
    references: list[Diagnostic] = []
    for path in pack_walks(pack, extra):
        try:
            walk, source = load_walkthrough(path)
        except ContentError as err:
            load_errors.extend(err.diagnostics)
            continue
        if walk.scenes and (path.parent / walk.scenes).resolve() != pack.resolve():
            continue
        if story is not None:
            references.extend(_References(story, source).check(walk))
    return load_errors, references


class _References:
    """The names one walkthrough uses, checked against one story."""

    def __init__(self, story: Story, source: SourceFile) -> None:
        self.story = story
        self.source = source
        self.found: list[Diagnostic] = []
        self.local_ids = {c.id for s in story.scenes.values() for c in s.choices}
        self.global_ids = {f"{sid}.{c.id}": c for sid, s in story.scenes.items() for c in s.choices}

    def add(self, at: tuple[str | int, ...], message: str, key: bool = False) -> None:
        self.found.append(Diagnostic(Codes.WALK_REFERENCE, self.source.span(at, key=key), message))

    def check(self, walk: Walkthrough) -> list[Diagnostic]:
        for i, step in enumerate(walk.steps):
            if step.choice is not None:
                choice_id, outcome = step.choice
                at: tuple[str | int, ...] = ("steps", i, "choose") if isinstance(step.choose, str) else ("steps", i, "choose", "id")
                if self.choice_known(choice_id, at, "chooses '{}'") and outcome is not None:
                    self.outcome_known(choice_id, outcome, ("steps", i, "choose", "outcome"))
            elif step.expect is not None:
                expect = step.expect
                if expect.scene is not None and expect.scene not in self.story.scenes:
                    self.add(("steps", i, "expect", "scene"), f"the walk expects scene '{expect.scene}', which the story does not have{did_you_mean(expect.scene, self.story.scenes)}")
                for key in ("open", "closed"):
                    for k, choice_id in enumerate(getattr(expect, key)):
                        self.choice_known(choice_id, ("steps", i, "expect", key, k), f"expects '{{}}' {key}", expect.scene)
                for name in expect.vars:
                    if name not in self.story.variables:
                        self.add(("steps", i, "expect", "vars", name), f"the walk expects variable '{name}', which the story does not declare{did_you_mean(name, self.story.variables)}", key=True)
        if walk.ending is not None and walk.ending not in self.story.endings:
            self.add(("ending",), f"the walk expects ending '{walk.ending}', which the story does not have{did_you_mean(walk.ending, self.story.endings)}")
        return self.found

    def choice_known(self, choice_id: str, at: tuple[str | int, ...], what: str, scene: str | None = None) -> bool:
        """Whether `choice_id` (local or global) is a choice of the story, or of `scene` when the step names it."""
        if "." in choice_id:
            known, candidates = choice_id in self.global_ids, self.global_ids
        elif scene is not None and scene in self.story.scenes:
            candidates = {c.id for c in self.story.scenes[scene].choices}
            known = choice_id in candidates
        else:
            known, candidates = choice_id in self.local_ids, self.local_ids
        if not known:
            where = f"scene '{scene}'" if scene is not None and "." not in choice_id and scene in self.story.scenes else "the story"
            self.add(at, f"the walk {what.format(choice_id)}, which is no choice of {where}{did_you_mean(choice_id, candidates)}")
        return known

    def outcome_known(self, choice_id: str, outcome: int, at: tuple[str | int, ...]) -> None:
        """A forced outcome must exist in (one of) the choices of that id."""
        if "." in choice_id:
            choices = [self.global_ids[choice_id]]
        else:
            choices = [c for s in self.story.scenes.values() for c in s.choices if c.id == choice_id]
        counts = [len(c.outcomes) for c in choices if c.outcomes]
        if not counts:
            self.add(at, f"the walk forces outcome {outcome} of '{choice_id}', which is not a chance choice (it has no 'outcomes:')")
        elif outcome >= max(counts):
            self.add(at, f"the walk forces outcome {outcome} of '{choice_id}', which has {max(counts)} outcomes (0 to {max(counts) - 1})")
