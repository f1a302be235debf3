"""Completion items for a cursor's context: ids and names of the pack, keys with their docs.

The keys and their documentation come from the models themselves (`game.story.model`,
`game.tools.walk`): the field docstrings that also make the JSON Schema, so the editor, the
schema and `scenes/README.md` say the same thing.
"""

from __future__ import annotations

import re
from typing import Any

from lsprotocol import types
from pydantic import BaseModel

from game.lsp.context import Context
from game.lsp.index import PackIndex
from game.story.model import Choice, Ending, Outcome, Panel, Scene, SceneFile, StoryFile, TextPart, Timer, Variable

_ENUM_COMPARE = re.compile(r"\b([A-Za-z_]\w*)\s*(?:==|!=|\bin\s*\(|\bnot\s+in\s*\()[^)]*?([\"']?)(\w*)$")
_KIND = types.CompletionItemKind


def _walk_models() -> dict[tuple[type, str], Any]:
    from game.tools.walk import Choose, Expect, Step, Walkthrough  # deferred: the walk tool loads the session

    return {(Walkthrough, "steps"): Step, (Step, "expect"): Expect, (Step, "choose"): Choose, ("root", "walk"): Walkthrough}


_NESTED: dict[tuple[Any, str], Any] = {
    (SceneFile, "scenes"): ("map", Scene),
    (Scene, "choices"): Choice,
    (Scene, "text"): TextPart,
    (Scene, "timer"): Timer,
    (Scene, "ending"): Ending,
    (Choice, "outcomes"): Outcome,
    (StoryFile, "variables"): ("map", Variable),
    (StoryFile, "panel"): Panel,
}


def model_at(kind: str, path: tuple[str, ...]) -> Any:
    """The model whose keys are written at `path` of a file of `kind` (None when unknown)."""
    nested = dict(_NESTED)
    if kind == "walk":
        nested.update(_walk_models())
        model: Any = nested[("root", "walk")]
    else:
        model = StoryFile if kind == "story" else SceneFile
    in_map = False
    for part in path:
        if part == "-":
            continue
        if in_map:
            in_map = False
            continue
        found = nested.get((model, part))
        if found is None:
            return None
        if isinstance(found, tuple):
            model, in_map = found[1], True
        else:
            model = found
    return None if in_map else model


def key_items(model: type[BaseModel]) -> list[types.CompletionItem]:
    items = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        items.append(
            types.CompletionItem(
                label=key,
                kind=_KIND.Property,
                documentation=types.MarkupContent(types.MarkupKind.Markdown, info.description or ""),
                insert_text=f"{key}: ",
            )
        )
    return items


def scene_items(index: PackIndex) -> list[types.CompletionItem]:
    return [
        types.CompletionItem(label=sid, kind=_KIND.Module, detail=info.title, documentation=f"act {info.act}, {info.words} words")
        for sid, info in sorted(index.scenes.items())
    ]


def variable_items(index: PackIndex) -> list[types.CompletionItem]:
    items = []
    for name, var in sorted(index.variables.items()):
        declared = var.declared
        items.append(
            types.CompletionItem(
                label=name,
                kind=_KIND.Variable,
                detail=str(declared.get("type", "")),
                documentation=types.MarkupContent(types.MarkupKind.Markdown, str(declared.get("doc", "") or "")),
            )
        )
    return items


def enum_items(index: PackIndex, name: str, quote: str) -> list[types.CompletionItem]:
    var = index.variables.get(name)
    values = var.declared.get("values") if var is not None else None
    if not isinstance(values, list):
        return []
    return [
        types.CompletionItem(label=f'"{v}"', kind=_KIND.EnumMember, detail=f"a value of {name}", insert_text=str(v) if quote else f'"{v}"', filter_text=str(v))
        for v in values
    ]


def choice_items(index: PackIndex, scene: str | None, global_ids: bool) -> list[types.CompletionItem]:
    items: dict[str, types.CompletionItem] = {}
    for sid, info in sorted(index.scenes.items()):
        if scene is not None and sid != scene:
            continue
        for choice in info.choices:
            if not choice.id:
                continue
            if scene is not None or not global_ids:
                items.setdefault(choice.id, types.CompletionItem(label=choice.id, kind=_KIND.EnumMember, detail=choice.text, documentation=f"a choice of {sid}"))
            if global_ids:
                key = f"{sid}.{choice.id}"
                items[key] = types.CompletionItem(label=key, kind=_KIND.EnumMember, detail=choice.text)
    return list(items.values())


def completions(context: Context, kind: str, index: PackIndex) -> list[types.CompletionItem]:
    """What may be written at `context` in a file of `kind` (`story`, `scenes` or `walk`)."""
    path, key = context.path, context.key
    if context.template:
        return variable_items(index)
    if key is None:
        if kind == "walk" and path[-1:] == ("vars",):
            return variable_items(index)
        model = model_at(kind, path)
        return [i for i in key_items(model) if i.label not in context.present] if model is not None else []
    parent = path[-1] if path else ""
    if key == "-":
        if parent == "do":
            return _expression(context.prefix, index)
        if kind == "walk" and parent in ("open", "closed"):
            return choice_items(index, None, False)
        return []
    model = model_at(kind, path)
    if key == "to" and model in (Choice, Outcome):
        return scene_items(index)
    if key in ("if", "weight", "do") and model in (Choice, Outcome, TextPart):
        return _expression(context.prefix, index)
    if key == "default" and model is Timer and len(path) >= 2:
        return choice_items(index, path[1], False)
    if kind == "story" and key == "start" and not path:
        return scene_items(index)
    if kind == "story" and parent == "renamed":
        return scene_items(index)
    if kind == "story" and key == "type" and model is Variable:
        return [types.CompletionItem(label=t, kind=_KIND.Keyword) for t in ("bool", "int", "enum", "str")]
    if kind == "walk":
        if key in ("choose", "id"):
            return choice_items(index, None, True)
        if key == "scene":
            return scene_items(index)
        if key in ("open", "closed"):
            return choice_items(index, None, False)
        if key == "ending":
            return [types.CompletionItem(label=e, kind=_KIND.Constant, detail=f"the ending of {sid}") for e, sid in sorted(index.endings.items())]
    return []


def _expression(prefix: str, index: PackIndex) -> list[types.CompletionItem]:
    """Inside a condition, weight or effect: an enum's values after `name ==`, else the names."""
    found = _ENUM_COMPARE.search(prefix)
    if found is not None and found.group(1) in index.variables:
        values = enum_items(index, found.group(1), found.group(2))
        if values:
            return values
    return variable_items(index)
