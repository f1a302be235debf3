"""Narrow and wide screens through Pilot (issue 17, point 8): the side panel's drawer, the
footer at 60 columns, the choices under the prose column, the header, the act title card."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets._footer import FooterKey

from game.tui.screens.act_card import ActCard
from game.tui.screens.story_screen import StoryScreen
from game.tui.screens.title_screen import TitleScreen
from game.tui.widgets.inventory_panel import InventoryPanel
from game.tui.widgets.scene_text import SceneText
from tests.conftest import TINY_SCENES
from tests.tui.helpers import RecordingApp, start_new_game

AppFactory = Callable[..., RecordingApp]

TWO_ACTS = {
    "act1.yaml": TINY_SCENES.replace(
        "  home:\n    title: Home\n    text: Quiet.\n    choices:\n      - {id: back, text: Go back out, to: street}\n", ""
    ),
    "act2.yaml": "act: 2\nscenes:\n  home:\n    title: Home\n    text: Quiet.\n    choices:\n      - {id: back, text: Go back out, to: street}\n",
}
"""The tiny pack with Home in a second act: Wait, Wait, Walk home crosses from Act I to Act II."""


async def test_under_100_columns_the_panel_is_a_drawer_over_the_prose_and_escape_closes_it(make_app: AppFactory) -> None:
    """At 80x24 and 60x20 the prose keeps its width with the panel open; Escape closes the drawer and stays in the story."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot)
        for width, height in ((80, 24), (60, 20)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            text = app.screen.query_one(SceneText)
            before = text.region
            await pilot.press("i")
            await pilot.pause()
            panel = app.screen.query_one(InventoryPanel)
            assert panel.display and panel.region.right == width and panel.region.width >= 30
            assert text.region == before  # not squeezed: the drawer lies over it
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, StoryScreen) and not panel.display
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)


async def test_the_footer_keys_fit_the_width(make_app: AppFactory) -> None:
    """At 60x20, 80x24 and 120x40 every key shown in the story's footer lies inside the screen, none
    over another; under 70 columns the palette key gives way (Ctrl+P still works)."""
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await start_new_game(pilot)
        for size in ((60, 20), (80, 24), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            keys = [k for k in app.screen.query_one("Footer").query(FooterKey) if k.display]
            regions = sorted((k.region for k in keys), key=lambda r: r.x)
            assert regions and all(r.right <= size[0] and r.width > 0 for r in regions), size
            assert all(a.right <= b.x for a, b in zip(regions, regions[1:])), size
            assert {k.description for k in keys} >= {"Choose", "Undo", "Journal", "Help"}
            assert any("-command-palette" in k.classes for k in keys) == (size[0] >= 70), size


async def test_at_120_columns_the_choices_follow_the_prose_column_and_the_panel_sits_beside(make_app: AppFactory) -> None:
    """The choices' box is the prose column's width and place, directly under a text that fits;
    the side panel opens beside the prose, not over it."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_new_game(pilot)
        await pilot.pause()
        screen = app.screen
        prose, text, choices = screen.query_one("#prose"), screen.query_one(SceneText), screen.query_one("#choices")
        assert choices.region.x - 1 <= text.region.x - 2 and text.region.right + 2 <= choices.region.right + 1
        assert choices.region.width <= 80 and choices.region.x >= 19  # centred, not from the left edge
        assert choices.region.y == prose.region.bottom < 20  # under the text, not at the foot of the screen
        await pilot.press("i")  # wide enough, the panel takes its own column beside the prose
        await pilot.pause()
        panel = screen.query_one(InventoryPanel)
        assert panel.display and prose.region.right <= panel.region.x
        await pilot.press("escape")  # and Escape goes to the title screen as before
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)


async def test_a_tall_text_keeps_the_choices_in_view(make_app: AppFactory, make_pack: Callable[..., Path]) -> None:
    """At 80x24 a scene longer than the screen scrolls and the choices stay at the bottom, in view."""
    long = TINY_SCENES.replace("      - text: A wet street.", "\n".join(f"      - text: Paragraph {n} of rain." for n in range(30)))
    app = make_app(make_pack(files={"scenes.yaml": long}))
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot)
        await pilot.pause()
        choices = app.screen.query_one("#choices")
        assert choices.region.bottom == 23 and app.screen.more_below


async def test_crossing_into_a_new_act_shows_its_title_card_and_the_key_that_closes_it_chooses_nothing(
    make_app: AppFactory, make_pack: Callable[..., Path]
) -> None:
    """The header counts scenes in the act ("ACT I, scene 2"), with no Textual icon; Walk home (Act I
    to Act II) shows "ACT II" on a card; Enter closes it without taking a choice; undo back over the
    line shows no card."""
    app = make_app(make_pack(files=TWO_ACTS))
    async with app.run_test(size=(60, 20)) as pilot:
        await start_new_game(pilot)
        assert app.screen.title == "ACT I, scene 1" and not app.screen.query_one("HeaderIcon").display
        for key in ("1", "1", "4"):
            await pilot.press(key)
            await pilot.pause()
            if key == "1":
                assert app.screen.title.startswith("ACT I, scene ")
        card = app.screen
        assert isinstance(card, ActCard) and "ACT II" in str(card.query_one("#act-card-act").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen) and app.screen.title == "ACT II, scene 1"
        assert app.playthrough.session.log == ("street.wait", "street.wait", "street.walk")
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen) and app.screen.title == "ACT I, scene 3"


async def test_opening_the_panel_beside_a_text_that_then_no_longer_fits_keeps_the_choices_in_view(
    make_app: AppFactory, make_pack: Callable[..., Path]
) -> None:
    """At 104x18 a text that fits the 74-column prose is shrunk to its height; the panel beside it
    narrows the column so the text no longer fits: the prose fills the room again and scrolls."""
    para = "Rain on the windscreen, rain on the roof, rain in the gutters of the street all the way down to the river, the old bridge and the dark quay."
    text = TINY_SCENES.replace("      - text: A wet street.", "\n".join(f"      - text: {para}" for _ in range(3)))
    app = make_app(make_pack(files={"scenes.yaml": text}))
    async with app.run_test(size=(104, 18)) as pilot:
        await start_new_game(pilot)
        await pilot.pause()
        prose, choices = app.screen.query_one("#prose"), app.screen.query_one("#choices")
        assert prose.has_class("-fits") and not app.screen.more_below  # the case this test is about
        await pilot.press("i")
        await pilot.pause()
        await pilot.pause()
        assert not prose.has_class("-fits") and app.screen.more_below
        assert choices.region.bottom <= app.screen.query_one("Footer").region.y
