"""Parsing expressions and effects with Python's `ast`, keeping only an allow-list of nodes.

We borrow Python's parser because authors already know its syntax and it reports positions;
we accept only literals, declared names and a few operators, so nothing an author writes can
reach attributes, calls or builtins. `true`/`false` are accepted as YAML-minded spellings of
`True`/`False`.

Names are ASCII. Python folds identifiers to NFKC, so `ｈｅａｔ` (fullwidth) or `𝐡𝐞𝐚𝐭`
(mathematical bold) would parse as `heat`: text that reads as one name would quietly be
another. We compare each name with the characters written and refuse any that are not ASCII.
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass

_BOOL_NAMES = {"true": True, "false": False}

MAX_LENGTH = 400
"""Characters an expression may have; far above any real condition, and low enough that no
nesting inside it can exhaust the parser's or the checker's recursion."""

_ALLOWED_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)
_ALLOWED_CMPOPS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn)
_ALLOWED_UNARY = (ast.Not, ast.USub, ast.UAdd)

_FORBIDDEN = {
    ast.Call: "function calls are not allowed",
    ast.Attribute: "attribute access ('a.b') is not allowed",
    ast.Subscript: "subscripts ('a[0]') are not allowed",
    ast.Lambda: "lambdas are not allowed",
    ast.NamedExpr: "':=' is not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.Dict: "mappings are not allowed",
    ast.Set: "sets are not allowed; write a tuple: x in (\"a\", \"b\")",
    ast.JoinedStr: "f-strings are not allowed",
    ast.Starred: "'*' unpacking is not allowed",
    ast.Await: "'await' is not allowed",
    ast.Yield: "'yield' is not allowed",
}


class ExprSyntaxError(Exception):
    """Bad source; `offset` is the 0-based column within the expression text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True, eq=False)
class Expr:
    """A parsed condition or weight: its source, for messages and saves, and its tree."""

    source: str
    tree: ast.expr

    def __str__(self) -> str:
        return self.source


@dataclass(frozen=True, eq=False)
class Effect:
    """A parsed effect `target OP= value`; `op` is "=", "+=" or "-="."""

    source: str
    target: str
    op: str
    value: ast.expr
    target_offset: int = 0

    def __str__(self) -> str:
        return self.source


@functools.lru_cache(maxsize=8192)
def parse_expr(source: str) -> Expr:
    """Parse a condition or weight. Cached: a story repeats `heat += 1` thousands of times, and
    the result is never mutated after parsing, so sharing it is safe."""
    tree = _parse(source, "eval")
    assert isinstance(tree, ast.Expression)
    return Expr(source, _allow(tree.body))


@functools.lru_cache(maxsize=8192)
def parse_effect(source: str) -> Effect:
    module = _parse(source, "exec")
    assert isinstance(module, ast.Module)
    if len(module.body) != 1:
        raise ExprSyntaxError("an effect is one statement: name = value, name += n or name -= n")
    stmt = module.body[0]
    if isinstance(stmt, ast.Assign):
        if len(stmt.targets) != 1:
            raise ExprSyntaxError("assign one variable per effect", stmt.col_offset)
        target, op = stmt.targets[0], "="
    elif isinstance(stmt, ast.AugAssign):
        if not isinstance(stmt.op, (ast.Add, ast.Sub)):
            raise ExprSyntaxError("only '=', '+=' and '-=' are allowed in effects", stmt.col_offset)
        target, op = stmt.target, "+=" if isinstance(stmt.op, ast.Add) else "-="
    elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Compare) and isinstance(stmt.value.ops[0], ast.Eq):
        at = source.index("==") if "==" in source else stmt.col_offset
        raise ExprSyntaxError("an effect sets a variable with '=', not '==' (which compares)", at)
    else:
        raise ExprSyntaxError(
            "an effect must be 'name = value', 'name += n' or 'name -= n'", stmt.col_offset
        )
    if not isinstance(target, ast.Name):
        raise ExprSyntaxError("only a variable name can be assigned", target.col_offset)
    _check_name(target.id, target.col_offset)
    return Effect(source, target.id, op, _allow(stmt.value), target.col_offset)


_SINGLE_EQUALS = re.compile(r"(?<![=!<>])=(?!=)")
"""An `=` that is not part of `==`, `!=`, `<=` or `>=`."""


def names_in(tree: ast.AST) -> set[str]:
    """Every variable an expression reads."""
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def _parse(source: str, mode: str) -> ast.AST:
    """Parse one line of source; every node's offsets then count characters from its start."""
    text = " ".join(source.splitlines())  # a YAML block scalar may end with a newline
    stripped = text.strip()
    if not stripped:
        raise ExprSyntaxError("empty expression")
    if len(text) > MAX_LENGTH:
        raise ExprSyntaxError(f"expression too long ({len(text)} characters; the limit is {MAX_LENGTH})")
    lead = len(text) - len(text.lstrip())
    try:
        tree = ast.parse(stripped, mode=mode)
    except SyntaxError as err:
        single = _SINGLE_EQUALS.search(stripped) if mode == "eval" else None
        if single is not None:  # `heat = 1` where `heat == 1` was meant
            raise ExprSyntaxError("cannot parse expression: '=' sets a variable; to compare, write '=='", single.start() + lead) from None
        offset = max((err.offset or 1) - 1, 0) + lead
        message = (err.msg or "invalid syntax").replace("invalid syntax. Perhaps you forgot a comma?", "invalid syntax")
        raise ExprSyntaxError(f"cannot parse expression: {message}", offset) from None
    except (RecursionError, MemoryError):
        raise ExprSyntaxError("expression nested too deeply") from None
    encoded = None if stripped.isascii() else stripped.encode("utf-8")
    for node in ast.walk(tree):
        for attr in ("col_offset", "end_col_offset"):
            byte = getattr(node, attr, None)
            if byte is None:
                continue
            # ast counts UTF-8 bytes; authors count characters
            chars = byte if encoded is None else len(encoded[:byte].decode("utf-8", errors="ignore"))
            setattr(node, attr, chars + lead)
    if encoded is not None:
        _ascii_names(tree, text)
    return tree


def _ascii_names(tree: ast.AST, text: str) -> None:
    """Refuse a name written with non-ASCII letters, at the first such character.

    `text` is the line the offsets count into. Only names need this: a non-ASCII character
    anywhere else outside a string is already a syntax error.
    """
    for node in ast.walk(tree):
        if not isinstance(node, ast.Name):
            continue
        written = text[node.col_offset : node.end_col_offset]
        if written.isascii():
            continue
        at = next(i for i, ch in enumerate(written) if not ch.isascii())
        raise ExprSyntaxError(
            f"'{written}' is not a valid name: names are ASCII letters, digits and '_' "
            f"({written[at]!r} is U+{ord(written[at]):04X})",
            node.col_offset + at,
        )


def _check_name(name: str, offset: int) -> None:
    if "__" in name:
        raise ExprSyntaxError(f"'{name}' is not allowed: names with '__' are reserved", offset)


def _allow(node: ast.expr) -> ast.expr:
    """Check every node against the allow-list; rewrite `true`/`false` and `-5` into constants."""

    def fail(message: str, at: ast.AST) -> ExprSyntaxError:
        return ExprSyntaxError(message, getattr(at, "col_offset", 0))

    def visit(n: ast.expr) -> ast.expr:
        for kind, message in _FORBIDDEN.items():
            if isinstance(n, kind):
                raise fail(message, n)
        if isinstance(n, ast.Constant):
            if isinstance(n.value, float):
                raise fail("only whole numbers are allowed", n)
            if not isinstance(n.value, (bool, int, str)):
                raise fail(f"the literal {n.value!r} is not allowed", n)
            return n
        if isinstance(n, ast.Name):
            if n.id in _BOOL_NAMES:
                return ast.copy_location(ast.Constant(_BOOL_NAMES[n.id]), n)
            _check_name(n.id, n.col_offset)
            return n
        if isinstance(n, ast.BoolOp):
            n.values = [visit(v) for v in n.values]
            return n
        if isinstance(n, ast.UnaryOp):
            if not isinstance(n.op, _ALLOWED_UNARY):
                raise fail("'~' is not allowed", n)
            n.operand = visit(n.operand)
            if isinstance(n.op, ast.USub) and isinstance(n.operand, ast.Constant) and type(n.operand.value) is int:
                # a literal, so range checks see `-1` as the number it is
                return ast.copy_location(ast.Constant(-n.operand.value), n)
            return n
        if isinstance(n, ast.BinOp):
            if isinstance(n.op, ast.Div):
                raise fail("'/' is not allowed; use '//' for whole-number division", n)
            if not isinstance(n.op, _ALLOWED_BINOPS):
                raise fail("only + - * // % are allowed as arithmetic", n)
            n.left, n.right = visit(n.left), visit(n.right)
            return n
        if isinstance(n, ast.Compare):
            for op in n.ops:
                if not isinstance(op, _ALLOWED_CMPOPS):
                    raise fail("'is' is not allowed; use == or !=", n)
            n.left = visit(n.left)
            n.comparators = [visit(c) for c in n.comparators]
            return n
        if isinstance(n, ast.IfExp):
            n.test, n.body, n.orelse = visit(n.test), visit(n.body), visit(n.orelse)
            return n
        if isinstance(n, (ast.Tuple, ast.List)):
            n.elts = [visit(e) for e in n.elts]
            return n
        raise fail(f"'{type(n).__name__}' syntax is not allowed in expressions", n)

    try:
        return visit(node)
    except RecursionError:
        raise ExprSyntaxError("expression nested too deeply") from None
