"""The story map's data, without Textual: the layout of the shipped story, what a player has
found, the drawing's secrecy, and endings read again."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import pytest

from game.profile import Profile
from game.session import Session
from game.story.loader import load_story
from game.story.model import Story
from game.storymap.canvas import draw
from game.storymap.discovery import discover
from game.storymap.layout import BOX_HEIGHT, BOX_WIDTH, MapLayout, layout_story
from game.storymap.reread import ending_view
from tests.conftest import SCENES


@pytest.fixture(scope="module")
def shipped() -> tuple[Story, MapLayout, float]:
    story = load_story(SCENES)
    start = time.process_time()
    layout = layout_story(story)
    return story, layout, time.process_time() - start


def _cells(points: tuple[tuple[int, int], ...]) -> set[tuple[int, int]]:
    cells = set()
    for (x1, y1), (x2, y2) in zip(points, points[1:]):
        assert x1 == x2 or y1 == y2, "a route runs only straight down or across"
        for x in range(min(x1, x2), max(x1, x2) + 1):
            for y in range(min(y1, y2), max(y1, y2) + 1):
                cells.add((x, y))
    return cells


def test_every_scene_has_a_box_and_no_two_boxes_overlap(shipped: tuple[Story, MapLayout, float]) -> None:
    """71 scenes, 71 boxes, each on its own cells inside the map."""
    story, layout, _ = shipped
    assert set(layout.boxes) == set(story.scenes)
    taken: dict[tuple[int, int], str] = {}
    for box in layout.boxes.values():
        assert 0 <= box.x and box.x + BOX_WIDTH <= layout.width and box.y + BOX_HEIGHT <= layout.height
        for x in range(box.x, box.x + BOX_WIDTH):
            for y in range(box.y, box.y + BOX_HEIGHT):
                assert (x, y) not in taken, f"{box.scene} overlaps {taken[(x, y)]}"
                taken[(x, y)] = box.scene


def test_each_choice_runs_from_under_its_scene_to_an_arrow_over_its_target_through_no_box(shipped: tuple[Story, MapLayout, float]) -> None:
    """Every line leaves its scene's bottom edge, ends on the cell above its target's middle, and crosses no box."""
    story, layout, _ = shipped
    pairs = {(sid, t) for sid, s in story.scenes.items() for c in s.choices for t in ([c.to] if c.to else [o.to for o in c.outcomes or ()])}
    assert {(r.source, r.target) for r in layout.routes} == pairs
    inside = {(x, y) for b in layout.boxes.values() for x in range(b.x, b.x + BOX_WIDTH) for y in range(b.y, b.y + BOX_HEIGHT)}
    for route in layout.routes:
        source, target = layout.boxes[route.source], layout.boxes[route.target]
        assert route.points[0] == (source.centre, source.y + BOX_HEIGHT)
        assert route.points[-1] == (target.centre, target.y - 1)
        assert not _cells(route.points) & inside, f"{route.source} -> {route.target} crosses a box"


def test_acts_are_bands_down_the_page_and_the_layout_is_quick(shipped: tuple[Story, MapLayout, float]) -> None:
    """Every scene of act N is above every scene of act N+1, under its act's heading; laying out 71 scenes takes well under a second."""
    story, layout, seconds = shipped
    assert [band.act for band in layout.acts] == [1, 2, 3]
    for band, following in zip(layout.acts, layout.acts[1:]):
        in_act = [b for b in layout.boxes.values() if b.act == band.act]
        assert all(band.y < b.y and b.y + BOX_HEIGHT <= following.y for b in in_act)
    assert seconds < 1.0
    assert layout.width <= 8 * (BOX_WIDTH + 4)  # a handful of columns: pannable at 80, not a strip


def test_what_is_not_found_is_drawn_without_its_title(shipped: tuple[Story, MapLayout, float]) -> None:
    """A first game one scene in: the start's title shows, no other scene's does, and the rest are '?' boxes."""
    story, layout, _ = shipped
    found = discover(story, seen=(), chosen=(), endings=(), log=(), here=story.start)
    text = "\n".join("".join(run.text for run in row) for row in draw(layout, found).rows())
    assert "Night 182" in text and "you are here" in text
    others = {" ".join(b.title) for sid, b in layout.boxes.items() if sid != story.start}
    assert not [title for title in others if title in text]
    assert text.count("?") == len(story.scenes) - 1


def test_found_scenes_come_from_seen_chosen_endings_and_the_game_in_progress(tiny: Story) -> None:
    """An old profile with no `seen` still finds the scenes its taken choices lead to; an ending found counts; the path is the log's."""
    found = discover(tiny, seen=(), chosen={"street.walk"}, endings={"caught"}, log=("street.wait",), here="street")
    assert found.scenes == {"street", "home", "caught"}
    assert found.path == ("street", "street") and found.here == "street"
    assert "escaped" not in found.scenes  # the chance choice was never taken, its outcomes stay locked


def test_an_ending_reads_again_from_its_kept_path_and_not_once_the_path_is_gone(tiny: Story) -> None:
    """The seed and log kept replay to the ending's text; a log that no longer leads there shows nothing."""
    session = Session(tiny, 1)
    session.choose("run", outcome=1)
    assert session.view().ending is not None
    ending = session.view().ending.id
    view = ending_view(tiny, ending, (session.seed, session.log))
    assert view is not None and view.text == session.view().text
    assert ending_view(tiny, ending, (1, ("street.wait",))) is None
    assert ending_view(tiny, ending, None) is None


def test_the_profile_keeps_scenes_seen_and_ending_paths(tmp_path: Path) -> None:
    """Written and read back the same; a damaged `ending_paths` is reported in one line, not a traceback."""
    profile = Profile(tmp_path)
    profile.found("street")
    profile.found("caught", "street.run", ("caught", 7, ("street.run",)))
    again = Profile.load(tmp_path)
    assert again.seen == {"street", "caught"} and again.chosen == {"street.run"} and again.ending_paths == {"caught": (7, ("street.run",))} and again.problem is None
    text = (tmp_path / "player.profile.json").read_text().replace('"seed": 7', '"seed": "seven"')
    (tmp_path / "player.profile.json").write_text(text)
    damaged = Profile.load(tmp_path)
    assert damaged.problem is not None and "ending_paths" in damaged.problem and damaged.ending_paths == {}


def test_a_loop_in_a_pack_is_left_out_of_the_drawing_not_drawn_upwards(make_pack: Callable[..., Path]) -> None:
    """The tiny pack's 'go back out' (home -> street) has no line; every other choice has one, pointing down."""
    layout = layout_story(load_story(make_pack()))
    assert ("home", "street") not in {(r.source, r.target) for r in layout.routes}
    assert all(layout.boxes[r.source].y < layout.boxes[r.target].y for r in layout.routes)
