"""`renamed:` in story.yaml: checked so that saves never follow an id into nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from game.story.loader import check_pack, load_story
from tests.conftest import TINY_STORY


def findings(make_pack: Callable[..., Path], renamed: str) -> list[tuple[str, int, str]]:
    _, diagnostics = check_pack(make_pack(TINY_STORY + "renamed:\n" + renamed))
    return [(d.code.code, d.span.line, d.message) for d in diagnostics]


def test_valid_renames_load(make_pack: Callable[..., Path]) -> None:
    """Old ids that are gone, pointing at ids that exist, load and are followed."""
    story = load_story(make_pack(TINY_STORY + "renamed:\n  flat: home\n  street.loiter: street.wait\n"))
    assert story.follow("flat.back") == "home.back"
    assert story.follow("street.loiter") == "street.wait"
    assert story.follow("street.run") == "street.run"


def test_rename_to_an_unknown_scene(make_pack: Callable[..., Path]) -> None:
    """A rename to a scene that does not exist is LB008 with a did-you-mean, on its line."""
    assert findings(make_pack, "  flat: hom\n") == [("LB008", 9, "'flat' is renamed to unknown scene 'hom' (did you mean 'home'?)")]


def test_rename_of_an_id_that_still_exists(make_pack: Callable[..., Path]) -> None:
    """Renaming an id that is still in the story is ambiguous: LB007."""
    ((code, line, message),) = findings(make_pack, "  home: street\n")
    assert (code, line) == ("LB007", 9) and "still exists as a scene" in message


def test_rename_between_kinds(make_pack: Callable[..., Path]) -> None:
    """A scene cannot be renamed to a choice."""
    ((code, _, message),) = findings(make_pack, "  flat: home.back\n")
    assert code == "LB005" and "must be renamed to a scene id" in message


def test_rename_to_an_unknown_choice(make_pack: Callable[..., Path]) -> None:
    """A choice renamed to a choice that does not exist is LB016."""
    ((code, _, message),) = findings(make_pack, "  street.loiter: street.wiat\n")
    assert code == "LB016" and "unknown choice 'street.wiat' (did you mean 'street.wait'?)" in message
