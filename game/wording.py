"""Words every front end and tool puts to numbers, so '1 save' and '2 saves' read the same everywhere."""

from __future__ import annotations


def counted(n: int, word: str) -> str:
    """`1 error`, `2 errors`: the number and the word, plural with an 's' unless it is one."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
