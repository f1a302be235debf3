"""`lostbullet lsp`: the language server, one small handler per LSP feature (pygls).

Diagnostics are `validate`'s, for the pack as the editor holds it (`workspace.Pack`): on open
at once, on change after a short pause (so a burst of keys costs one check), and on save with
the deep check too, in a worker process. Navigation, hover, rename and symbols answer from the
index (`index.PackIndex`); completion from the cursor's context (`context`). No handler ever
lets an exception out: a broken buffer gets a diagnostic, and the server keeps running.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from game import __version__
from game.lsp import edits
from game.lsp.complete import completions
from game.lsp.context import context_at
from game.lsp.convert import fixes, place_range, to_lsp
from game.lsp.index import Occurrence, PackIndex
from game.lsp.workspace import Pack, check, deep_only, from_tuple, is_walk, pack_root, split_lines
from game.story.loader import SCENE_ID, STORY_FILE, VARIABLE_NAME

DEBOUNCE_SECONDS = 0.15
"""How long typing must pause before the pack is checked again."""

REQUEST_FAILED = -32803
"""LSP's RequestFailed: the request was valid, and refused (a rename to a taken name)."""

log = logging.getLogger(__name__)


class LostBulletServer(LanguageServer):
    def __init__(self, default_pack: Path | None = None) -> None:
        super().__init__("lostbullet", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.default_pack = default_pack.absolute() if default_pack is not None else None
        self.packs: dict[Path, Pack] = {}
        self.pending: dict[Path, asyncio.Task[None]] = {}
        self.deep_running: set[Path] = set()
        self.deep_again: set[Path] = set()
        self.pool: Any = None
        self.debounce = DEBOUNCE_SECONDS
        """Seconds of quiet after a change before the check (initializationOptions `debounce`)."""

    def pack_of(self, uri: str) -> tuple[Pack | None, str]:
        """The pack a document belongs to, and the document's absolute path."""
        path = os.path.abspath(to_fs_path(uri) or uri)
        root = pack_root(Path(path)) or self.default_pack
        if root is None:
            return None, path
        root = Path(os.path.abspath(root))
        if not (is_walk(path) or Path(path).is_relative_to(root)):
            return None, path  # some other YAML file (a CI workflow beside the pack): not ours to check
        if root not in self.packs:
            self.packs[root] = Pack(root)
        return self.packs[root], path

    def kind_of(self, pack: Pack, path: str) -> str:
        if is_walk(path):
            return "walk"
        return "story" if path == pack.story_file else "scenes"

    # checking

    def schedule(self, pack: Pack, delay: float) -> None:
        task = self.pending.pop(pack.root, None)
        if task is not None:
            task.cancel()
        self.pending[pack.root] = asyncio.get_running_loop().create_task(self._check(pack, delay))

    async def _check(self, pack: Pack, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        texts = dict(pack.buffers)
        found = await asyncio.to_thread(check, pack.root, texts, False, pack.parses)
        pack.static = found
        try:
            self.publish(pack)
        except Exception:  # never lose the server's loop over one bad finding
            log.exception("publishing the diagnostics failed")

    def publish(self, pack: Pack) -> None:
        by_file: dict[str, list[Any]] = defaultdict(list)
        for diagnostic in pack.static + pack.deep:
            file = os.path.abspath(diagnostic.span.file) if diagnostic.span.file else pack.story_file
            if os.path.isdir(file) or diagnostic.span.line == 0 and not os.path.isfile(file):
                file = pack.story_file
            by_file[file].append(diagnostic)
        codec = self.workspace.position_codec
        for file in sorted(set(by_file) | pack.published | set(pack.buffers)):
            lines = pack.lines(file)
            items = [to_lsp(d, lines, codec) for d in by_file.get(file, [])]
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=from_fs_path(file) or file, diagnostics=items))
        pack.published = {f for f, found in by_file.items() if found}

    def run_deep(self, pack: Pack) -> None:
        """The deep check on the saved pack, in a worker process; one at a time per pack."""
        if pack.root in self.deep_running:
            self.deep_again.add(pack.root)
            return
        if self.pool is None:
            self.pool = multiprocessing.get_context("spawn").Pool(1)
        self.deep_running.add(pack.root)
        loop = asyncio.get_running_loop()

        texts = dict(pack.buffers)

        def done(rows: Any) -> None:
            loop.call_soon_threadsafe(self._deep_done, pack, rows, texts)

        def failed(err: BaseException) -> None:
            log.error("the deep check failed: %s", err)
            loop.call_soon_threadsafe(self._deep_done, pack, [], texts)

        self.pool.apply_async(deep_only, (str(pack.root), texts), callback=done, error_callback=failed)

    def _deep_done(self, pack: Pack, rows: list[Any], texts: dict[str, str]) -> None:
        """Keep the deep findings, but none in a file edited while the search ran: they would point at old lines."""
        self.deep_running.discard(pack.root)
        found = [from_tuple(row) for row in rows]
        pack.deep = [d for d in found if pack.buffers.get(os.path.abspath(d.span.file)) == texts.get(os.path.abspath(d.span.file))]
        self.publish(pack)
        if pack.root in self.deep_again:
            self.deep_again.discard(pack.root)
            self.run_deep(pack)

    def stop_workers(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool = None

    # requests

    def document(self, uri: str) -> tuple[Pack, str, list[str]] | None:
        pack, path = self.pack_of(uri)
        if pack is None:
            return None
        text = pack.text(path)
        return pack, path, [] if text is None else split_lines(text)

    def occurrence(self, uri: str, position: types.Position) -> tuple[Pack, PackIndex, Occurrence] | None:
        found = self.document(uri)
        if found is None:
            return None
        pack, path, lines = found
        at = self.workspace.position_codec.position_from_client_units(lines, position)
        index = pack.index()
        occurrence = index.at(path, at.line + 1, at.character + 1)
        return None if occurrence is None else (pack, index, occurrence)

    def location(self, pack: Pack, occurrence: Occurrence) -> types.Location:
        place = occurrence.place
        return types.Location(uri=from_fs_path(place.path) or place.path, range=place_range(pack.lines(place.path), self.workspace.position_codec, place))


def build(default_pack: Path | None = None) -> LostBulletServer:
    server = LostBulletServer(default_pack)

    @server.feature(types.INITIALIZE)
    def initialize(ls: LostBulletServer, params: types.InitializeParams) -> None:
        options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        delay = options.get("debounce")
        if isinstance(delay, (int, float)) and not isinstance(delay, bool) and 0 <= delay <= 10:
            ls.debounce = float(delay)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: LostBulletServer, params: types.InitializedParams) -> None:
        """Ask to hear of files changed outside the editor (a checkout, `lostbullet new`), where the client can say."""
        workspace = ls.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace is not None else None
        if watched is None or not watched.dynamic_registration:
            return
        options = types.DidChangeWatchedFilesRegistrationOptions(watchers=[types.FileSystemWatcher(glob_pattern="**/*.yaml")])
        registration = types.Registration(id="lostbullet-yaml", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options)
        try:
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
        except Exception as err:  # a client that refuses still gets every other feature
            log.warning("the client did not register file watching: %s", err)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def files_changed(ls: LostBulletServer, params: types.DidChangeWatchedFilesParams) -> None:
        for pack in {id(p): p for p in (ls.pack_of(change.uri)[0] for change in params.changes) if p is not None}.values():
            ls.schedule(pack, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LostBulletServer, params: types.DidOpenTextDocumentParams) -> None:
        pack, path = ls.pack_of(params.text_document.uri)
        if pack is not None:
            pack.buffers[path] = params.text_document.text
            ls.schedule(pack, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LostBulletServer, params: types.DidChangeTextDocumentParams) -> None:
        pack, path = ls.pack_of(params.text_document.uri)
        if pack is not None:
            pack.buffers[path] = ls.workspace.get_text_document(params.text_document.uri).source
            pack.deep = [d for d in pack.deep if os.path.abspath(d.span.file) != path]
            ls.schedule(pack, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: LostBulletServer, params: types.DidSaveTextDocumentParams) -> None:
        pack, path = ls.pack_of(params.text_document.uri)
        if pack is not None:
            ls.schedule(pack, 0)
            ls.run_deep(pack)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LostBulletServer, params: types.DidCloseTextDocumentParams) -> None:
        pack, path = ls.pack_of(params.text_document.uri)
        if pack is not None:
            pack.buffers.pop(path, None)
            ls.schedule(pack, 0)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: LostBulletServer, params: None) -> None:
        ls.stop_workers()

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=[":", " ", "{", "\"", ".", "("]),
    )
    def completion(ls: LostBulletServer, params: types.CompletionParams) -> types.CompletionList:
        found = ls.document(params.text_document.uri)
        if found is None:
            return types.CompletionList(is_incomplete=False, items=[])
        pack, path, lines = found
        at = ls.workspace.position_codec.position_from_client_units(lines, params.position)
        context = context_at(lines, at.line, at.character)
        return types.CompletionList(is_incomplete=False, items=completions(context, ls.kind_of(pack, path), pack.index()))

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: LostBulletServer, params: types.DefinitionParams) -> types.Location | None:
        found = ls.occurrence(params.text_document.uri, params.position)
        if found is None:
            return None
        pack, index, occurrence = found
        target = index.definition(occurrence.kind, occurrence.name)
        return None if target is None else ls.location(pack, target)

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(ls: LostBulletServer, params: types.ReferenceParams) -> list[types.Location]:
        found = ls.occurrence(params.text_document.uri, params.position)
        if found is None:
            return []
        pack, index, occurrence = found
        wanted = [o for o in index.of(occurrence.kind, occurrence.name) if params.context.include_declaration or o.role != "def"]
        return [ls.location(pack, o) for o in wanted]

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: LostBulletServer, params: types.HoverParams) -> types.Hover | None:
        found = ls.occurrence(params.text_document.uri, params.position)
        if found is None:
            return None
        pack, index, occurrence = found
        text = describe(index, occurrence)
        if text is None:
            return None
        place = occurrence.place
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text), place_range(pack.lines(place.path), ls.workspace.position_codec, place))

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: LostBulletServer, params: types.PrepareRenameParams) -> types.Range | None:
        found = ls.occurrence(params.text_document.uri, params.position)
        if found is None or found[2].kind not in ("scene", "variable"):
            return None
        pack, _, occurrence = found
        return place_range(pack.lines(occurrence.place.path), ls.workspace.position_codec, occurrence.place)

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    def rename(ls: LostBulletServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        found = ls.occurrence(params.text_document.uri, params.position)
        if found is None or found[2].kind not in ("scene", "variable"):
            return None
        pack, index, occurrence = found
        return rename_edit(ls, pack, index, occurrence, params.new_name)

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbols(ls: LostBulletServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        found = ls.document(params.text_document.uri)
        if found is None:
            return []
        pack, path, lines = found
        entry = pack.index().files.get(path)
        return [] if entry is None else symbols(entry, lines, ls.workspace.position_codec)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_actions(ls: LostBulletServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        found = ls.document(params.text_document.uri)
        if found is None:
            return []
        pack, path, lines = found
        return quick_fixes(ls, pack, params.text_document.uri, lines, params.context.diagnostics)

    return server


def describe(index: PackIndex, occurrence: Occurrence) -> str | None:
    """Hover text: a variable's declaration, or what a scene is and what leads there."""
    if occurrence.kind == "variable":
        var = index.variables.get(occurrence.name)
        if var is None:
            return f"`{occurrence.name}`: not declared in story.yaml"
        d = var.declared
        kind = str(d.get("type", "?"))
        if kind == "int" and ("min" in d or "max" in d):
            kind += f" {d.get('min', '')}..{d.get('max', '')}"
        if kind == "enum" and isinstance(d.get("values"), list):
            kind += ": " + ", ".join(f'"{v}"' for v in d["values"])
        lines = [f"**{occurrence.name}** ({kind}), initially `{d.get('initial')!r}`"]
        if d.get("label"):
            lines.append(f"Shown to players as *{d['label']}*.")
        if d.get("doc"):
            lines.append(str(d["doc"]))
        return "\n\n".join(lines)
    if occurrence.kind == "scene":
        info = index.scenes.get(occurrence.name)
        if info is None:
            return f"`{occurrence.name}`: no such scene"
        lines = [f"**{info.title or occurrence.name}** (scene `{info.id}`, act {info.act}, {info.words} words)"]
        leads = sorted({o.origin for o in index.of("scene", info.id) if o.role == "to" and o.origin})
        sources = (["the start of the story"] if index.start == info.id else []) + [f"`{o}`" for o in leads]
        lines.append("Reached from " + ", ".join(sources) + "." if sources else "Nothing leads here.")
        if info.ending:
            lines.append(f"An ending: `{info.ending}`.")
        return "\n\n".join(lines)
    return None


def rename_edit(ls: LostBulletServer, pack: Pack, index: PackIndex, occurrence: Occurrence, new: str) -> types.WorkspaceEdit:
    """Every occurrence renamed; a scene also gets a `renamed:` entry, so old saves follow it.

    Variables need none: a save made on another text of the story is replayed from its choices,
    which do not name variables.
    """
    kind, old = occurrence.kind, occurrence.name
    valid = SCENE_ID if kind == "scene" else VARIABLE_NAME
    if not valid.match(new):
        raise JsonRpcException(f"'{new}' cannot be a {kind} name: use lower-case letters, digits and '_', starting with a letter", REQUEST_FAILED)
    taken = index.scenes if kind == "scene" else index.variables
    if new in taken:
        raise JsonRpcException(f"there is already a {kind} '{new}'", REQUEST_FAILED)
    codec = ls.workspace.position_codec
    changes: dict[str, list[types.TextEdit]] = defaultdict(list)
    for found in index.of(kind, old):
        place = found.place
        changes[from_fs_path(place.path) or place.path].append(types.TextEdit(place_range(pack.lines(place.path), codec, place), new))
    if kind == "scene":
        lines = pack.lines(pack.story_file)
        add = edits.add_renamed(lines, old, new)
        end = add.end_col if add.end_col is not None else add.col
        span = types.Range(types.Position(add.line, add.col), types.Position(add.line, end)) if add.end_col is None else types.Range(types.Position(add.line, 0), types.Position(add.line + 1, 0))
        changes[from_fs_path(pack.story_file) or pack.story_file].append(types.TextEdit(span, add.text))
    return types.WorkspaceEdit(changes=dict(changes))


def symbols(entry: Any, lines: list[str], codec: Any) -> list[types.DocumentSymbol]:
    def span(first: int, last: int) -> types.Range:
        end = len(lines[last - 1]) if 0 < last <= len(lines) else 0
        return codec.range_to_client_units(lines, types.Range(types.Position(first - 1, 0), types.Position(last - 1, end)))

    found = []
    for sid, scene in entry.scenes.items():
        children = [
            types.DocumentSymbol(
                name=choice.id, detail=choice.text, kind=types.SymbolKind.Method,
                range=span(*choice.lines), selection_range=place_range(lines, codec, choice.place),
            )
            for choice in scene.choices
            if choice.place is not None
        ]
        found.append(
            types.DocumentSymbol(
                name=sid, detail=scene.title, kind=types.SymbolKind.Class, range=span(*scene.lines),
                selection_range=place_range(lines, codec, scene.place), children=children,
            )
        )
    for name, var in entry.variables.items():
        found.append(
            types.DocumentSymbol(
                name=name, detail=str(var.declared.get("type", "")), kind=types.SymbolKind.Variable,
                range=place_range(lines, codec, var.place), selection_range=place_range(lines, codec, var.place),
            )
        )
    return found


def quick_fixes(ls: LostBulletServer, pack: Pack, uri: str, lines: list[str], diagnostics: list[types.Diagnostic]) -> list[types.CodeAction]:
    actions = []
    codec = ls.workspace.position_codec
    for diagnostic in diagnostics:
        data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
        if str(diagnostic.source) == "lostbullet" and not data:
            start = codec.position_from_client_units(lines, diagnostic.range.start)
            data = fixes(diagnostic.message, lines, start.line + 1, start.character + 1)
        fix = data.get("replace")
        if isinstance(fix, dict):
            line, col, length = int(fix["line"]), int(fix["col"]), int(fix["length"])
            target = codec.range_to_client_units(lines, types.Range(types.Position(line - 1, col - 1), types.Position(line - 1, col - 1 + length)))
            actions.append(
                types.CodeAction(
                    title=f"Change to '{fix['with']}'", kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic], is_preferred=True,
                    edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(target, str(fix["with"]))]}),
                )
            )
        name = data.get("declare")
        if isinstance(name, str):
            row = diagnostic.range.start.line
            add = edits.declare_variable(pack.lines(pack.story_file), name, lines[row] if row < len(lines) else "")
            at = types.Position(add.line, add.col)
            actions.append(
                types.CodeAction(
                    title=f"Declare '{name}' in {STORY_FILE}", kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                    edit=types.WorkspaceEdit(changes={from_fs_path(pack.story_file) or pack.story_file: [types.TextEdit(types.Range(at, at), add.text)]}),
                )
            )
    return actions


def run(default_pack: Path | None = None, tcp: int | None = None) -> int:
    """Serve on stdio until the client exits (or on 127.0.0.1:`tcp`, for debugging)."""
    server = build(default_pack)
    try:
        if tcp is not None:
            server.start_tcp("127.0.0.1", tcp)
        else:
            server.start_io()
    finally:
        server.stop_workers()
    return 0
