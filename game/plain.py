"""Plain mode: the game as numbered lines on stdin and stdout.

For screen readers, pipes and terminals where a full-screen app is not wanted. It drives
the same `Session` as every other front end. No ANSI codes unless stdout is a terminal and
NO_COLOR is unset; end of input ends the game cleanly.
"""

from __future__ import annotations

import os
import shutil
from typing import IO

from game.errors import GameError
from game.i18n.interface import N_, _
from game.saves import QUICKSAVE, SaveStore
from game.session import SceneView, Session
from game.transcript import act_name, render_scene

HELP = N_("""\
Type the number of a choice and press Enter.
  u         undo the last choice
  s [SLOT]  save (default slot: quicksave)
  l [SLOT]  load (default slot: quicksave)
  r         play again from the beginning (at an ending)
  h         this help
  q         quit""")


class PlainGame:
    def __init__(self, session: Session, stdin: IO[str], stdout: IO[str], store: SaveStore | None = None) -> None:
        self.session = session
        self.store = store
        self.stdin = stdin
        self.stdout = stdout
        color = stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
        self.bold = (lambda s: f"\x1b[1m{s}\x1b[0m") if color else str
        columns = shutil.get_terminal_size((80, 24)).columns
        self.width = max(40, min(columns - 2, 78))
        self.act = 0

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def show(self, view: SceneView) -> None:
        if view.act != self.act:
            self.act = view.act
            self.say(self.bold(act_name(view.act)))
            self.say()
        self.say(render_scene(view, self.width, self.bold))
        if view.ending is not None:
            self.say(_("u to undo, r to play again, q to quit."))

    def save_or_load(self, action: str, slot: str) -> None:
        if self.store is None:
            self.say(_("Saving is not available in this game."))
            return
        try:
            if action == "s":
                kept = self.store.save(slot, self.session).kept_notice()
                self.say(_("Saved to '{slot}'.").format(slot=slot) + (f" {kept}" if kept else ""))
                return
            loaded = self.store.load(slot, self.session)
        except GameError as err:
            self.say(_("error: {message}").format(message=err))
            return
        self.say(_("Loaded '{slot}'.").format(slot=slot))
        if loaded.notice:
            self.say(loaded.notice)
        self.say()
        self.act = 0
        self.show(loaded.view)

    def run(self) -> int:
        self.say(self.bold(self.session.story.title.upper()))
        self.say(_("(seed {seed}; h for help)").format(seed=self.session.seed))
        self.say()
        self.show(self.session.view())
        while True:
            self.stdout.write("> ")
            self.stdout.flush()
            line = self.stdin.readline()
            if not line:
                self.say()
                return 0
            command = line.strip().lower()
            word, _sep, argument = line.strip().partition(" ")
            view = self.session.view()
            if command == "q":
                if not self.stdin.isatty():  # nobody's Enter was echoed: end the prompt's line
                    self.say()
                return 0
            if command == "h":
                self.say(_(HELP))
            elif word.lower() in ("s", "l"):
                self.save_or_load(word.lower(), argument.strip() or QUICKSAVE)
            elif command == "u":
                if self.session.can_undo:
                    self.say()
                    self.show(self.session.undo())
                else:
                    self.say(_("Nothing to undo: this is where the game began."))
            elif command == "r" and view.ending is not None:
                self.act = 0
                self.say()
                self.show(self.session.restart())
            elif command.isdigit() and view.ending is None and 1 <= int(command) <= len(view.choices):
                try:
                    new = self.session.choose(view.choices[int(command) - 1].id)
                except GameError as err:
                    self.say(_("error: {message}").format(message=err))
                    continue
                self.say()
                self.show(new)
            elif view.ending is not None:
                self.say(_("The story has ended: u to undo, r to play again, q to quit."))
            else:
                self.say(_("Type a number from 1 to {count} (h for help).").format(count=len(view.choices)))
