"""The mark scaffolded text carries until an author rewrites it.

`lostbullet new` writes a scene and a choice that load at once, but their words are stand-ins;
each carries `MARK`, and the linter (LB113) reports any title, text or choice text that still
holds it, so a draft cannot ship by accident. One visible mark, rather than a list of known
sentences, because an author may keep a scaffolded sentence and only the mark says "unfinished".
"""

from __future__ import annotations

MARK = "(rewrite me)"
