"""The exceptions front ends catch and turn into one-line messages instead of tracebacks.

Everything the game raises on purpose derives from `GameError`; anything else is a bug.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.diagnostics import Diagnostic


class GameError(Exception):
    """A failure the user can act on; its message is meant to be shown as is."""


class UsageError(GameError):
    """Bad command-line input."""


class ContentError(GameError):
    """A scene pack that does not load; carries every diagnostic found, not only the first."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.severity.is_error]
        first = errors[0].render() if errors else "the scene pack has errors"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first + more)


class SaveError(GameError):
    """A snapshot or save that cannot be restored; the current game is left untouched."""


class ChoiceError(GameError):
    """A choice that cannot be taken now; the game state is left untouched."""


class UnknownChoice(ChoiceError):
    """The current scene has no choice with that id."""


class UnavailableChoice(ChoiceError):
    """The choice exists but its condition does not hold, or the game is over."""


class NothingToUndo(GameError):
    """Undo at the first scene of a game."""


class RuntimeContentError(GameError):
    """Content that loaded but fails when played (a chance choice whose weights are all zero)."""
