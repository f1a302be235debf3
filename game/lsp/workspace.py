"""One scene pack as the editor sees it: the files on disk, with the open buffers over them.

The check is `validate`'s own (`game.tools.validate.findings`), run with the buffers read in
place of the files (`game.story.source.buffers`), so the editor shows what `validate` would
print if every buffer were saved, in every file of the pack: renaming a scene in one file
marks the `to:` that still names it in another. The deep check (the exhaustive explorer) runs
only on save, in another process, so that typing never waits for it and a long search cannot
slow the answers to completion or hover.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from game.diagnostics import Code, Codes, Diagnostic, Severity, Span
from game.lsp.index import FileIndex, IndexCache, PackIndex
from game.story.loader import STORY_FILE, scan_pack
from game.story.source import ParseCache, buffers, parse_cache, read_text

_BREAKS = re.compile(r"\r\n|\r|\n")


def pack_root(path: Path) -> Path | None:
    """The pack a file belongs to: the nearest folder at or above it holding story.yaml, or a
    scenes/ folder holding one beside a parent (as walkthroughs find theirs)."""
    from game.tools.walk import find_pack  # deferred: the walk tool loads the session

    return find_pack(path.parent)


def split_lines(text: str) -> list[str]:
    """Lines as LSP counts them: broken at \\n, \\r\\n and \\r only (not at U+2028 or a form feed)."""
    return _BREAKS.split(text)


def is_walk(path: str) -> bool:
    return path.endswith(".walk.yaml")


@dataclass
class Pack:
    root: Path
    buffers: dict[str, str] = field(default_factory=dict)
    """Absolute path -> the text the editor holds for it."""
    static: list[Diagnostic] = field(default_factory=list)
    deep: list[Diagnostic] = field(default_factory=list)
    """Findings only the deep check makes, from the last save (dropped in a file once it is edited)."""
    published: set[str] = field(default_factory=set)
    """Files that were last sent a non-empty list, so that a fixed file is sent an empty one."""
    _cache: IndexCache = field(default_factory=IndexCache)
    parses: ParseCache = field(default_factory=ParseCache)
    """Each file's parse from the last check, so that a check parses only what was edited."""
    _disk: dict[str, tuple[int, int, str]] = field(default_factory=dict)

    @property
    def story_file(self) -> str:
        return str(self.root / STORY_FILE)

    def text(self, path: str) -> str | None:
        """What the editor holds for `path`, else the file's text (re-read only when it changes)."""
        if path in self.buffers:
            return self.buffers[path]
        try:
            info = os.stat(path)
        except OSError:
            return None
        cached = self._disk.get(path)
        if cached is not None and cached[:2] == (info.st_mtime_ns, info.st_size):
            return cached[2]
        read = read_text(Path(path))
        if not isinstance(read, str):
            return None
        self._disk[path] = (info.st_mtime_ns, info.st_size, read)
        return read

    def files(self) -> list[tuple[str, str]]:
        """(path, kind) of every file of the pack: story.yaml, the scene files, the walks below
        it, and any open walk that plays this pack."""
        found = [(self.story_file, "story")]
        found += [(str(p), "scenes") for p in scan_pack(self.root)[0]]
        from game.tools.walk_check import pack_walks

        walks = {str(p) for p in pack_walks(self.root, [])} | {p for p in self.buffers if is_walk(p)}
        found += [(p, "walk") for p in sorted(walks)]
        return found

    def index(self) -> PackIndex:
        entries: dict[str, FileIndex] = {}
        for path, kind in self.files():
            text = self.text(path)
            if text is not None:
                entries[path] = self._cache.entry(path, text, kind)
        return PackIndex(entries)

    def lines(self, path: str) -> list[str]:
        text = self.text(path)
        return [] if text is None else split_lines(text)


def check(root: Path, texts: dict[str, str], deep: bool = False, parses: ParseCache | None = None) -> list[Diagnostic]:
    """`validate`'s findings on the pack with `texts` over its files; never raises.

    With `parses`, files whose text the last check saw are not parsed again (the same result)."""
    from game.tools.validate import findings  # deferred: the linter loads only to check

    with buffers(texts), parse_cache(parses) if parses is not None else contextlib.nullcontext():
        try:
            return findings(root, deep=deep).diagnostics
        except Exception as err:  # a bug in a check must not take the editor's server down
            return [Diagnostic(Codes.NO_STORY, Span(str(root / STORY_FILE), 1, 1), f"the check failed: {type(err).__name__}: {err}", "please report this, with the pack")]


def deep_only(root: str, texts: dict[str, str]) -> list[tuple[str, str, str, int, int, str, str | None, str]]:
    """The findings the deep check adds to the static ones, as plain tuples (run in a worker process)."""
    os.dup2(2, 1)  # the worker shares the server's stdout, the protocol's channel: keep it clean
    static = set(check(Path(root), texts))
    return [
        (d.code.code, d.code.name, d.code.severity.value, d.span.line, d.span.col, d.span.file, d.hint, d.message + "\0" + d.severity.value)
        for d in check(Path(root), texts, deep=True)
        if d not in static
    ]


def from_tuple(row: tuple[str, str, str, int, int, str, str | None, str]) -> Diagnostic:
    code, name, severity, line, col, file, hint, rest = row
    message, _, level = rest.partition("\0")
    return Diagnostic(Code(code, name, Severity(severity)), Span(file, line, col), message, hint, Severity(level))
