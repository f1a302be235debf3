"""Named save slots: pick one to save into (or make a new one), or to load.

Each slot shows its name as the player typed it, its scene and act, the last choice made,
how long ago it was saved ("2 min ago"; the date once it is older) and the play time. A file
that does not load is listed as damaged with the reason (a save of another story as such),
and never crashes the screen; saving over it keeps the old file aside (the save store does
that, and the notice names the file).
"""

from __future__ import annotations

from datetime import datetime, timezone

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList
from textual.widgets.option_list import Option

from game.errors import GameError
from game.i18n.interface import _
from game.paths import slot_name
from game.saves import AUTOSAVE, BEFORE_LOAD, QUICKSAVE, SaveInfo
from game.transcript import act_name
from game.tui.dialogs.confirm_dialog import ConfirmDialog
from game.tui.dialogs.slot_name_dialog import SlotNameDialog
from game.tui.playthrough import Playthrough
from game.tui.text_fit import one_line

NEW_SLOT = "+new"
"""The option id of "New save..." (never a valid slot name, so it cannot clash)."""


def played(seconds: float) -> str:
    """Play time for people: `42 s played`, `12 min played`, `1 h 05 min played`."""
    return _("{time} played").format(time=duration(seconds))


def duration(seconds: float) -> str:
    """`42 s`, `12 min`, `1 h 05 min`."""
    seconds = int(seconds)
    if seconds < 60:
        return _("{seconds} s").format(seconds=seconds)
    minutes = seconds // 60
    if minutes < 60:
        return _("{minutes} min").format(minutes=minutes)
    return _("{hours} h {minutes} min").format(hours=minutes // 60, minutes=f"{minutes % 60:02d}")


def saved_when(iso: str) -> str:
    """An ISO time from a save, in the local time zone, to the minute."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError):  # the store gives checked times; anything else is shown as written
        return iso


def saved_ago(iso: str, now: datetime | None = None) -> str:
    """How long ago a save was made, as a person says it: `just now`, `2 min ago`, `3 h ago`,
    `yesterday 21:40`; older, the local date and time."""
    try:
        when = datetime.fromisoformat(iso)
        seconds = ((now or datetime.now(timezone.utc)) - when).total_seconds()
    except (ValueError, OverflowError, TypeError):
        return saved_when(iso)
    if 0 <= seconds < 60:
        return _("just now")
    if 0 <= seconds < 3600:
        return _("{minutes} min ago").format(minutes=int(seconds // 60))
    if 0 <= seconds < 12 * 3600:
        return _("{hours} h ago").format(hours=int(seconds // 3600))
    if 0 <= seconds < 36 * 3600:
        day = _("yesterday {time}") if seconds >= 24 * 3600 else _("today {time}")
        return day.format(time=when.astimezone().strftime("%H:%M"))
    return saved_when(iso)


class SavesScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "close", _("Back")),
        Binding("d,delete", "delete", _("Delete")),
        Binding("r", "refresh", _("Refresh"), show=False),
    ]

    def __init__(self, mode: str) -> None:
        super().__init__()
        if mode not in ("save", "load"):
            raise ValueError(f"mode must be 'save' or 'load', not {mode!r}")
        self.mode = mode
        self.slots: list[SaveInfo] = []

    @property
    def playthrough(self) -> Playthrough:
        return self.app.playthrough  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(
            _("Pick a slot to save over, or make a new one.") if self.mode == "save" else _("Pick a save to load."),
            id="saves-hint",
        )
        yield OptionList(id="slots")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = _("Save the game") if self.mode == "save" else _("Load a game")
        self.sub_title = ""
        self.action_refresh()

    def action_refresh(self) -> None:
        slots = self.query_one("#slots", OptionList)
        self.slots = self.playthrough.store.slots()
        options: list[Option | None] = []
        if self.mode == "save":
            options.append(Option(Text(_("+ New save..."), style="bold"), id=NEW_SLOT))
        for info in self.slots:
            if options:
                options.append(None)  # a divider between slots
            disabled = (self.mode == "load" and info.error is not None) or (self.mode == "save" and info.slot == AUTOSAVE)
            options.append(Option(_describe(info), id=info.slot, disabled=disabled))
        slots.clear_options()
        slots.add_options(options)
        if not options:
            slots.add_option(Option(Text(_("No saves yet: F5 in a game quicksaves, s saves to a named slot."), style="italic"), disabled=True))
        first = next((i for i, option in enumerate(o for o in options if o is not None) if not option.disabled), None)
        slots.highlighted = first
        slots.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        slot = event.option.id
        if slot is None:
            return
        if self.mode == "load":
            self._load(slot)
        elif slot == NEW_SLOT:
            self.app.push_screen(SlotNameDialog(self._suggestion()), self._save_new)
        else:
            info = next((s for s in self.slots if s.slot == slot), None)
            question = _("Save over '{name}'?").format(name=info.shown_name if info else slot)
            if info is not None and info.error is not None:
                if info.other_story is not None:
                    question += " " + _("It belongs to another story; the old file will be kept aside, not deleted.")
                else:
                    question += " " + _("It cannot be read; the old file will be kept aside, not deleted.")
            self.app.push_screen(ConfirmDialog(question, _("Save over it"), _("Cancel")), lambda yes: self._save(slot, info.name if info else None) if yes else None)

    def _suggestion(self) -> str:
        """The scene's title, numbered when a save already has that name."""
        base = self.playthrough.view.title[:56] or _("Save")
        taken = {s.shown_name for s in self.slots}
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base} {n}"
        return name

    def _save_new(self, name: str | None) -> None:
        """Save under the typed name; the file is its slug, numbered if another name has it."""
        if not name:
            return
        same = next((s for s in self.slots if s.shown_name == name), None)
        if same is not None:
            self.app.push_screen(
                ConfirmDialog(_("There is already a save named '{name}'. Save over it?").format(name=name), _("Save over it"), _("Cancel")),
                lambda yes: self._save(same.slot, name) if yes else None,
            )
            return
        taken = {s.slot for s in self.slots} | {AUTOSAVE, QUICKSAVE, BEFORE_LOAD}
        base = slot_name(name)
        slot, n = base, 1
        while slot in taken:
            n += 1
            slot = f"{base[:60]}-{n}"
        self._save(slot, name)

    def _save(self, slot: str, name: str | None = None) -> None:
        try:
            info = self.playthrough.save(slot, name)
        except GameError as err:
            self.notify(str(err), title=_("Not saved"), severity="error", timeout=10)
            return
        kept = info.kept_notice()
        self.notify(_("Saved '{name}' at {scene}.").format(name=info.shown_name, scene=info.scene_title) + (f" {kept}" if kept else ""))
        self.dismiss()

    def _load(self, slot: str) -> None:
        info = next((s for s in self.slots if s.slot == slot), None)
        self.app.load_game(slot, info.shown_name if info else slot)  # type: ignore[attr-defined]

    def action_delete(self) -> None:
        slots = self.query_one("#slots", OptionList)
        option = slots.highlighted_option
        if option is None or option.id in (None, NEW_SLOT):
            return
        slot = option.id

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.playthrough.store.delete(slot)
            except GameError as err:
                self.notify(str(err), severity="error")
                return
            self.notify(_("Deleted '{slot}'.").format(slot=slot))
            self.action_refresh()

        self.app.push_screen(ConfirmDialog(_("Delete the save '{slot}'? This cannot be undone.").format(slot=slot), _("Delete"), _("Keep it")), answered)

    def action_close(self) -> None:
        self.dismiss()


LAST_CHOICE_SHOWN = 60
"""How much of the last choice a listing shows: one line at 80 columns, with its indent."""


def _describe(info: SaveInfo) -> Text:
    special = {AUTOSAVE: _("autosave (Continue)"), QUICKSAVE: _("quicksave (F5/F9)"), BEFORE_LOAD: _("before load (the game the last load left)")}
    name = special.get(info.slot, info.shown_name)
    text = Text(name, style="bold")
    if info.error is not None:
        text.append("  " + (_("OTHER STORY") if info.other_story is not None else _("DAMAGED")), style="bold reverse")
        text.append(f"\n  {info.error}", style="italic")
        return text
    where = f"{act_name(info.act)} · {info.scene_title}" if info.act else info.scene_title
    text.append(f"\n  {where} · " + _("turn {turn}").format(turn=info.turn))
    if info.last_choice:
        text.append("\n  " + _("last: {choice}").format(choice=one_line(info.last_choice, LAST_CHOICE_SHOWN)), style="italic")
    text.append("\n  " + _("saved {ago}").format(ago=saved_ago(info.saved_at)) + f" · {played(info.playtime)}", style="dim")
    return text
