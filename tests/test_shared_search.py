"""The shipped search is made once per test run and read back by the other workers
(tests/shared_search.py): what they read must be the search itself, field for field."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from game.story.model import Story
from game.tools.statespace import StateSpace, search
from tests.shared_search import shared_space


def fields(space: StateSpace) -> dict[str, object]:
    return {f.name: getattr(space, f.name) for f in dataclasses.fields(space) if f.name not in ("story", "scenes")}


def test_the_first_caller_searches_and_the_others_read_the_same_space(tmp_path: Path, tiny: Story) -> None:
    searched: list[Story] = []

    def searching(story: Story) -> StateSpace:
        searched.append(story)
        return search(story, 1_000)

    with shared_space(tmp_path, lambda: tiny, searching) as first:
        with shared_space(tmp_path, lambda: tiny, searching) as again:
            assert len(searched) == 1 and (tmp_path / "shipped_space.marshal").is_file()
        assert (tmp_path / "shipped_space.marshal").is_file()  # a reader leaves it for the others
    assert not (tmp_path / "shipped_space.marshal").exists()  # the writer takes its 200 MB away
    assert again is not first and fields(again) == fields(first) and first.size > 10
    assert again.story is tiny and set(again.scenes) == set(tiny.scenes)
    assert again.path_to(again.endings[0]) == first.path_to(first.endings[0])


def test_a_space_that_cannot_be_written_is_searched_by_each_caller(tmp_path: Path, tiny: Story) -> None:
    searched: list[Story] = []

    def unwritable(story: Story) -> StateSpace:
        searched.append(story)
        return dataclasses.replace(search(story, 1_000), opened={object()})  # marshal cannot write an object()

    with shared_space(tmp_path, lambda: tiny, unwritable), shared_space(tmp_path, lambda: tiny, unwritable):
        pass
    assert len(searched) == 2 and not (tmp_path / "shipped_space.marshal").exists()
    assert not list(tmp_path.glob("*.partial"))


def test_without_a_shared_folder_each_call_searches(tiny: Story) -> None:
    searched: list[Story] = []
    for _ in range(2):
        with shared_space(None, lambda: tiny, lambda story: searched.append(story) or search(story, 1_000)):
            pass
    assert len(searched) == 2
