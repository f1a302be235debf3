"""Pydantic validation errors, rewritten as diagnostics that point into the YAML.

Pydantic reports each error with a `loc` path (`choices`, 0, `to`); `SourceFile` knows where
that path is written. The wording is ours: authors read "'to' must be a string, not a list",
never pydantic's internals.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from game.diagnostics import Codes, Diagnostic, Span, did_you_mean
from game.story.source import PathKey, SourceFile

_EXPECTED = {
    "string_type": "a string",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "tuple_type": "a list",
    "list_type": "a list",
    "expression_type": "an expression (a string)",
}


def describe(value: Any) -> str:
    """How a YAML value reads to an author."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}" if len(value) < 40 else "a string"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return type(value).__name__


def expr_span(source: SourceFile, path: PathKey, offset: int, length: int = 0) -> Span:
    """The position of the character `offset` into the expression written at `path` (to the end
    of the `length` characters from it, when given)."""
    path = source.scalar_path(path)
    return source.char_span(path, offset, length) or source.span(path)


def model_diagnostics(
    error: ValidationError, source: SourceFile, prefix: PathKey, model: type[BaseModel], what: str = ""
) -> list[Diagnostic]:
    """One diagnostic per pydantic error; `prefix` is where the validated value sits in the file."""
    found: list[Diagnostic] = []
    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        path = prefix + loc
        kind = err["type"]
        where = f" in {what}" if what else ""
        if kind == "missing":
            parent = path[:-1]
            found.append(Diagnostic(Codes.MISSING_KEY, source.span(parent, key=True), f"missing key '{loc[-1]}'{where}"))
        elif kind == "extra_forbidden":
            known = known_keys(model, loc[:-1])
            found.append(
                Diagnostic(
                    Codes.UNKNOWN_KEY,
                    source.span(path, key=True),
                    f"unknown key '{loc[-1]}'{did_you_mean(str(loc[-1]), known)}",
                    hint=f"allowed here: {', '.join(known)}" if known else None,
                )
            )
        elif kind == "bad_expression":
            offset = int((err.get("ctx") or {}).get("offset", 0))
            found.append(Diagnostic(Codes.BAD_EXPRESSION, expr_span(source, path, offset), err["msg"]))
        elif kind == "wrong_type":
            found.append(Diagnostic(Codes.WRONG_TYPE, source.span(path), f"{err['msg']}, not {describe(err.get('input'))}"))
        elif kind == "literal_error":
            expected = (err.get("ctx") or {}).get("expected", "")
            choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")]
            got = err.get("input")
            suggestion = did_you_mean(str(got), choices) if isinstance(got, str) else ""
            found.append(
                Diagnostic(
                    Codes.WRONG_TYPE,
                    source.span(path),
                    f"'{_label(loc)}' must be one of {expected}, not {describe(got)}{suggestion}",
                )
            )
        elif kind == "expression_type" and len(loc) >= 5 and loc[-3] == "outcomes" and loc[-1] == "weight":
            choice = _choice_named(source, prefix + loc[:-3])
            found.append(
                Diagnostic(
                    Codes.WRONG_TYPE,
                    source.span(path),
                    f"the weight of outcome {int(loc[-2]) + 1} of {choice} must be a whole number or an integer expression, not {_weight_shown(err.get('input'))}",
                    "weights are whole numbers (2) or expressions of them (1 + heat): no fractions, lists or text",
                )
            )
        else:
            expected = _EXPECTED.get(kind)
            message = (
                f"'{_label(loc)}' must be {expected}, not {describe(err.get('input'))}"
                if expected
                else f"'{_label(loc)}': {err['msg']}"
            )
            found.append(Diagnostic(Codes.WRONG_TYPE, source.span(path), message))
    return found


def _weight_shown(value: Any) -> str:
    return f"the fraction {value}" if isinstance(value, float) else describe(value)


def _choice_named(source: SourceFile, path: PathKey) -> str:
    """`choice 'run'` for the choice written at `path`, or `this choice` when it has no id."""
    node: Any = source.data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return "this choice"
    choice_id = node.get("id") if isinstance(node, dict) else None
    return f"choice '{choice_id}'" if isinstance(choice_id, str) else "this choice"


def _label(loc: tuple[Any, ...]) -> str:
    """`choices[0].to` for a loc of ('choices', 0, 'to')."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "value"


def known_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed in the mapping at `loc` below `model`, as authors spell them."""
    target = _model_at(model, loc)
    if target is None:
        return []
    return [info.alias or name for name, info in target.model_fields.items()]


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    annotation: Any = model
    for part in loc:
        annotation = _unwrap_optional(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = next(
                (f for n, f in annotation.model_fields.items() if part in (n, f.alias)),
                None,
            )
            if field is None:
                return None
            annotation = field.annotation
            continue
        args = typing.get_args(annotation)
        origin = typing.get_origin(annotation)
        if origin is dict and len(args) == 2:
            annotation = args[1]
        elif origin in (tuple, list) and args:
            annotation = args[0]
        else:
            return None
    annotation = _unwrap_optional(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _unwrap_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation
