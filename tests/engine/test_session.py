"""The session contract every front end relies on."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from game.errors import NothingToUndo, SaveError, UnavailableChoice, UnknownChoice, RuntimeContentError
from game.session import Session
from game.story.loader import load_story
from game.story.model import Story


def test_new_session_opens_on_the_start_scene(tiny: Story) -> None:
    """A new game shows the start scene, its rendered text and only the open choices."""
    view = Session(tiny, seed=1).view()
    assert (view.id, view.title, view.act, view.turn) == ("street", "The street (0)", 1, 0)
    assert view.text == "A wet street."
    assert [c.id for c in view.choices] == ["wait", "paint", "run"]
    assert [c.event for c in view.choices] == ["street.wait", "street.paint", "street.run"]
    assert view.ending is None


def test_conditional_text_and_interpolation_follow_state(tiny: Story) -> None:
    """Text parts appear when their condition holds and `{name}` shows the current value."""
    session = Session(tiny)
    view = session.choose("wait")
    assert view.title == "The street (1)"
    assert view.text == "A wet street.\n\nSirens, 1 of them."


def test_effects_clamp_to_declared_range(tiny: Story) -> None:
    """`heat += 1` past `max: 3` stays at 3."""
    session = Session(tiny)
    for _ in range(5):
        session.choose("wait")
    assert session.variables["heat"] == 3


def test_choice_condition_opens_and_closes_choices(tiny: Story) -> None:
    """`walk` needs heat >= 2; `paint` disappears once the car is blue."""
    session = Session(tiny)
    session.choose("paint")
    assert "paint" not in [c.id for c in session.view().choices]
    session.choose("wait")
    assert "walk" not in session.open_choice_ids()
    session.choose("wait")
    assert "walk" in session.open_choice_ids()


def test_unavailable_choice_raises_and_leaves_state_untouched(tiny: Story) -> None:
    """Choosing a closed choice raises UnavailableChoice; scene, variables and log are unchanged."""
    session = Session(tiny)
    before = session.snapshot()
    with pytest.raises(UnavailableChoice):
        session.choose("walk")
    assert session.snapshot() == before
    assert not session.can_undo


def test_unknown_choice_raises_with_suggestion(tiny: Story) -> None:
    """A misspelt choice raises UnknownChoice with a did-you-mean, and changes nothing."""
    session = Session(tiny)
    with pytest.raises(UnknownChoice, match="did you mean 'wait'"):
        session.choose("wiat")
    assert session.log == ()


def test_global_choice_id_must_name_the_current_scene(tiny: Story) -> None:
    """`street.wait` works in the street; `home.back` there is an UnknownChoice."""
    session = Session(tiny)
    assert session.choose("street.wait").id == "street"
    with pytest.raises(UnknownChoice, match="current scene is 'street'"):
        session.choose("home.back")


def test_undo_steps_back_to_the_start(tiny: Story) -> None:
    """Unlimited undo returns every step to exactly the state it had, back to the first scene."""
    session = Session(tiny, seed=3)
    states = [session.snapshot()]
    for choice in ["wait", "paint", "wait", "walk", "back", "wait"]:
        session.choose(choice)
        states.append(session.snapshot())
    for expected in reversed(states[:-1]):
        session.undo()
        assert session.snapshot() == expected
    assert not session.can_undo
    with pytest.raises(NothingToUndo):
        session.undo()


def test_same_seed_same_choices_same_transcript(tiny: Story) -> None:
    """Determinism: identical seeds and choices give identical views, chance included."""

    def play(seed: int) -> list[object]:
        session = Session(tiny, seed)
        seen = [session.view()]
        for choice in ["wait", "wait", "run"]:
            seen.append(session.choose(choice))
        return seen

    assert play(11) == play(11)


def test_chance_outcomes_depend_on_seed_and_weights(tiny: Story) -> None:
    """Over many seeds both outcomes occur, and more heat makes getting caught likelier."""

    def caught_rate(waits: int) -> float:
        caught = 0
        for seed in range(400):
            session = Session(tiny, seed)
            for _ in range(waits):
                session.choose("wait")
            caught += session.choose("run").id == "caught"
        return caught / 400

    cold, hot = caught_rate(0), caught_rate(3)
    assert 0.35 < cold < 0.65  # weights 1:1
    assert 0.65 < hot < 0.9  # weights 1:4
    assert hot > cold


def test_outcome_effects_apply_after_choice(tiny: Story) -> None:
    """The drawn outcome's own effects run (lucky is set only on the escape)."""
    for seed in range(50):
        session = Session(tiny, seed)
        view = session.choose("run")
        assert session.variables["lucky"] == (view.id == "escaped")
        assert view.ending is not None and view.ending.id in ("escaped", "caught")


def test_ending_has_no_choices(tiny: Story) -> None:
    """At an ending the view says so and no choice can be taken."""
    session = Session(tiny, seed=0)
    view = session.choose("run")
    assert view.choices == ()
    with pytest.raises(UnknownChoice):
        session.choose("run")


def test_snapshot_is_json_and_round_trips(tiny: Story) -> None:
    """snapshot() survives JSON; restore() in a new session gives the same state and view."""
    session = Session(tiny, seed=9)
    for choice in ["wait", "paint", "wait"]:
        session.choose(choice)
    data = json.loads(json.dumps(session.snapshot()))
    other = Session(tiny, seed=0)
    assert other.restore(data) == session.view()
    assert other.snapshot() == session.snapshot()
    assert other.seed == 9


def test_restore_replays_log_so_undo_still_works(tiny: Story) -> None:
    """After a restore, undo walks back through the restored game's choices."""
    session = Session(tiny, seed=2)
    session.choose("wait")
    session.choose("paint")
    other = Session(tiny)
    other.restore(session.snapshot())
    assert other.undo().title == "The street (1)"
    assert other.variables["paint"] == "primer"


def test_undo_after_restore_reaches_back_past_the_restored_point(tiny: Story) -> None:
    """Undo, rebuilt only when first asked for, goes back through the choices made since the
    restore and then through the saved game's, in order, to the start."""
    session = Session(tiny, seed=2)
    session.choose("wait")
    session.choose("paint")
    other = Session(tiny)
    other.restore(session.snapshot())
    other.choose("wait")
    titles = [other.undo().title for _ in range(3)]
    assert titles == [session.view().title, "The street (1)", "The street (0)"]
    assert not other.can_undo and other.log == ()


def test_a_restore_that_does_not_replay_undoes_only_to_the_restored_point(tiny: Story) -> None:
    """A snapshot whose log does not lead to its state (the story changed) restores as it is;
    undo then stops where the restore put the game."""
    session = Session(tiny, seed=2)
    session.choose("wait")
    data = session.snapshot()
    data["vars"]["heat"] = 0  # not where the log leads
    other = Session(tiny)
    restored = other.restore(data)
    other.choose("wait")
    assert other.undo() == restored
    assert not other.can_undo


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.update(scene="nowhere"), "no scene 'nowhere'"),
        (lambda d: d["vars"].update(heat=9), "not a valid value for 'heat'"),
        (lambda d: d["vars"].update(paint="red"), "not a valid value for 'paint'"),
        (lambda d: d["vars"].pop("lucky"), "missing variable 'lucky'"),
        (lambda d: d["vars"].update(ghost=1), "unknown variable 'ghost'"),
        (lambda d: d.update(version=99), "format version 99"),
        (lambda d: d.pop("rng"), "missing rng"),
        (lambda d: d.update(log="street.wait"), "'log' must be a list"),
        (lambda d: d.update(seed="x"), "'seed' must be a whole number"),
    ],
)
def test_bad_snapshot_raises_and_keeps_game(tiny: Story, change: Callable[[dict], None], message: str) -> None:
    """A damaged snapshot raises SaveError naming the problem and leaves the session as it was."""
    session = Session(tiny, seed=4)
    session.choose("wait")
    data = session.snapshot()
    change(data)
    before = session.snapshot()
    with pytest.raises(SaveError, match=message):
        session.restore(data)
    assert session.snapshot() == before


def test_two_sessions_do_not_interfere(tiny: Story) -> None:
    """Two games of one story in one process keep separate scenes, variables and generators."""
    a, b = Session(tiny, seed=1), Session(tiny, seed=1)
    a.choose("wait")
    a.choose("wait")
    b.choose("paint")
    assert (a.variables["heat"], a.variables["paint"]) == (2, "primer")
    assert (b.variables["heat"], b.variables["paint"]) == (0, "blue")
    assert b.log == ("street.paint",)


def test_restart_begins_again(tiny: Story) -> None:
    """restart() returns to the start scene with initial variables and no undo history."""
    session = Session(tiny, seed=5)
    session.choose("wait")
    view = session.restart()
    assert view.id == "street" and session.variables["heat"] == 0 and not session.can_undo


def test_zero_total_weight_is_a_runtime_content_error(make_pack: Callable[..., Path]) -> None:
    """A chance choice whose weights all come to 0 raises a clear error pointing into the YAML."""
    story = load_story(
        make_pack(
            files={
                "s.yaml": """\
                act: 1
                scenes:
                  street:
                    title: T
                    text: x
                    choices:
                      - id: run
                        text: Run
                        outcomes:
                          - {weight: heat, to: end}
                  end:
                    title: E
                    text: e
                    ending: {id: e, kind: alternate, title: E}
                """
            }
        )
    )
    session = Session(story)
    with pytest.raises(RuntimeContentError, match=r"s\.yaml:9:9: every outcome of 'street.run' has weight 0"):
        session.choose("run")
    assert session.scene_id == "street"


def test_sessions_of_one_story_share_its_machine_and_play_apart(tiny: Story) -> None:
    """Every engine of a story plays on one `transitions` machine (built once), each with its
    own state: a choice in one session moves nothing in another, and a dropped session's state
    leaves the machine, so loads and replays do not pile up models."""
    import gc

    first, second = Session(tiny, seed=1), Session(tiny, seed=1)
    machine = first._engine.machine
    assert second._engine.machine is machine
    models = len(machine.models)
    first.choose("wait")
    first.choose("wait")
    assert (first.variables["heat"], second.variables["heat"]) == (2, 0)
    assert first.view().turn == 2 and second.view() == Session(tiny, seed=1).view()
    for _ in range(50):
        Session(tiny, seed=2).choose("wait")
    gc.collect()
    assert len(machine.models) == models
    del second
    gc.collect()
    assert len(machine.models) == models - 1
    assert first.choose("wait").turn == 3
