"""A save's preview: the screen the player was reading, kept so `play --load` can draw it at once.

Loading the pack (the loader, its pydantic models, the checks) takes longer than the rest of
the game's start, so the story screen of `play --load SLOT` is drawn from what the save
recorded when it was written: the scene as shown (`SceneView`), the header line, the side
panel's rows and the language they are in. The pack loads behind it, and the save is then
loaded for real (`SaveStore.load`), whose view replaces this one: the preview only ever shows
what the player last read, and decides nothing.

Written by `SaveStore.save` as the save's optional `preview` field; read here with no story
model and no loader (JSON, bounded as every save read is). A save file is the player's and
anything may be in it, so the shape is checked strictly: any field missing, of the wrong
type, too long or unknown, and there is no preview (the game loads the pack first, as a save
without one does). Control characters are removed from every string, as the loader keeps them
out of a pack (`game.diagnostics.CONTENT_CONTROLS`), and the front end shows the strings as
plain text, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.controls import CONTENT_CONTROLS
from game.headline import headline
from game.jsonfile import BadFile, parse, read_capped
from game.panel import BAR_LIMIT, PanelRow, PanelView, panel_view
from game.views import MAX_TIMER_SECONDS, ChoiceView, EndingView, SceneView, TimerView

if TYPE_CHECKING:
    from game.session import Session

SAVE_FORMAT = 1
"""`game.saves.FORMAT_VERSION`, which a preview is read from (a test keeps them equal)."""
MAX_SAVE_BYTES = 4 * 2**20
"""`game.saves.MAX_SAVE_BYTES`: no larger file is read (a test keeps them equal)."""

MAX_TEXT = 100_000
"""Characters of a scene's text a preview may hold (some 15,000 words); a longer scene is not previewed."""
MAX_LINE = 2_000
"""Characters of any other string: a title, a choice, a label."""
MAX_CHOICES = 100
MAX_ROWS = 200
MAX_ACT = 1_000_000
"""As `game.saves.MAX_ACT`."""
MAX_TURN = 20_000
"""As `game.session.MAX_LOG`: a view's turn counts the choices of the log."""
MAX_LANGUAGE = 32


@dataclass(frozen=True, slots=True)
class Preview:
    """What the story screen showed when the save was made, checked and cleaned."""

    view: SceneView
    headline: str
    """The header line (`game.headline`): "ACT II, scene 4"."""
    panel: PanelView
    language: str
    """The language the strings are in ("" for the pack's own)."""


def preview_data(session: Session, language: str = "") -> dict[str, Any]:
    """The `preview` field of a save of `session`, shown in `language`: plain JSON data."""
    view = session.view()
    story = session.story
    panel = panel_view(story, session.variables)
    return {
        "language": language,
        "headline": headline(story, session.log, view),
        "view": {
            "id": view.id,
            "title": view.title,
            "act": view.act,
            "text": view.text,
            "choices": [{"id": c.id, "event": c.event, "text": c.text} for c in view.choices],
            "ending": None if view.ending is None else {"id": view.ending.id, "kind": view.ending.kind, "title": view.ending.title},
            "turn": view.turn,
            "timer": None if view.timer is None else {"seconds": view.timer.seconds, "default": view.timer.default},
            "note": view.note,
        },
        "panel": {
            "title": panel.title,
            "rows": [{"label": r.label, "value": r.value, "bar": None if r.bar is None else list(r.bar)} for r in panel.rows],
        },
    }


def read_preview(path: Path, language: str) -> Preview | None:
    """The preview of the save at `path`, if it has a sound one made in `language`; else None
    (no file, not a save, no preview, another language, anything out of shape)."""
    try:
        data = parse(read_capped(path, MAX_SAVE_BYTES))
    except (OSError, BadFile):
        return None
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        return None
    try:
        preview = _preview(data.get("preview"))
    except _Unsound:
        return None
    return preview if preview.language == language else None


class _Unsound(Exception):
    """Some part of a preview is not of the shape `preview_data` writes."""


def _preview(data: Any) -> Preview:
    fields = _fields(data, {"language", "headline", "view", "panel"})
    language = _text(fields["language"], MAX_LANGUAGE)
    view = _view(fields["view"])
    return Preview(view, _text(fields["headline"], MAX_LINE), _panel(fields["panel"]), language)


def _view(data: Any) -> SceneView:
    fields = _fields(data, {"id", "title", "act", "text", "choices", "ending", "turn", "timer", "note"})
    choices = fields["choices"]
    if not isinstance(choices, list) or len(choices) > MAX_CHOICES:
        raise _Unsound
    shown = tuple(_choice(c) for c in choices)
    ending = None
    if fields["ending"] is not None:
        e = _fields(fields["ending"], {"id", "kind", "title"})
        ending = EndingView(_text(e["id"], MAX_LINE), _text(e["kind"], MAX_LINE), _text(e["title"], MAX_LINE))
    timer = None
    if fields["timer"] is not None:
        t = _fields(fields["timer"], {"seconds", "default"})
        timer = TimerView(_number(t["seconds"], 1, MAX_TIMER_SECONDS), _text(t["default"], MAX_LINE))
        if not any(c.id == timer.default for c in shown):  # the countdown names the choice it takes
            raise _Unsound
    return SceneView(
        id=_text(fields["id"], MAX_LINE),
        title=_text(fields["title"], MAX_LINE),
        act=_number(fields["act"], 0, MAX_ACT),
        text=_text(fields["text"], MAX_TEXT),
        choices=shown,
        ending=ending,
        turn=_number(fields["turn"], 0, MAX_TURN),
        timer=timer,
        note=None if fields["note"] is None else _text(fields["note"], MAX_LINE),
    )


def _choice(data: Any) -> ChoiceView:
    fields = _fields(data, {"id", "event", "text"})
    return ChoiceView(_text(fields["id"], MAX_LINE), _text(fields["event"], MAX_LINE), _text(fields["text"], MAX_LINE))


def _panel(data: Any) -> PanelView:
    fields = _fields(data, {"title", "rows"})
    rows = fields["rows"]
    if not isinstance(rows, list) or len(rows) > MAX_ROWS:
        raise _Unsound
    return PanelView(_text(fields["title"], MAX_LINE), tuple(_row(r) for r in rows))


def _row(data: Any) -> PanelRow:
    fields = _fields(data, {"label", "value", "bar"})
    bar = fields["bar"]
    if bar is not None:
        if not isinstance(bar, list) or len(bar) != 2:
            raise _Unsound
        filled, empty = (_number(n, 0, BAR_LIMIT) for n in bar)
        if filled + empty > BAR_LIMIT:
            raise _Unsound
        bar = (filled, empty)
    return PanelRow(_text(fields["label"], MAX_LINE), _text(fields["value"], MAX_LINE), bar)


def _fields(data: Any, names: set[str]) -> dict[str, Any]:
    """`data` if it is a mapping with exactly the keys `names`."""
    if not isinstance(data, dict) or data.keys() != names:
        raise _Unsound
    return data


def _text(value: Any, most: int) -> str:
    """A string of at most `most` characters, with its control characters removed."""
    if not isinstance(value, str) or len(value) > most:
        raise _Unsound
    return CONTENT_CONTROLS.sub("", value)


def _number(value: Any, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise _Unsound
    return value
