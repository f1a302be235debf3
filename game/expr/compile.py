"""Turning checked expressions and effects into closures over the variables dict.

Compiled once per engine; a condition costs a few Python calls per evaluation, with no tree
walk and no `eval`. Shapes that occur in almost every story (`name`, `name OP literal`) get
their own short closures because they sit on the hot path of random play.

Numbers stay in `INT_MIN..INT_MAX`: `+`, `-` and `*` clamp their result into it (`//` and `%`
cannot leave it, nor can a sign, the range being symmetric), and an effect clamps into its
variable's range, the implicit one when `min`/`max` are absent. So `x = x * x` taken forever
stays a small number instead of growing until rendering or memory gives out.
"""

from __future__ import annotations

import ast
import operator
from typing import Any, Callable

from game.expr.check import INT_MAX, INT_MIN, VarType, int_range
from game.expr.parse import Effect

Vars = dict[str, Any]
Getter = Callable[[Vars], Any]
Action = Callable[[Vars], None]

_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: lambda a, b: a // b if b else 0,
    ast.Mod: lambda a, b: a % b if b else 0,
}

_GROWING = (ast.Add, ast.Sub, ast.Mult)
"""The operators whose result can leave the range of whole numbers, so they are clamped."""

_CMPOPS: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}


def compile_expr(node: ast.expr) -> Getter:
    """A closure computing `node` from the variables; `//` and `%` by zero give 0."""
    if isinstance(node, ast.Constant):
        value = node.value
        return lambda v: value
    if isinstance(node, ast.Name):
        return operator.itemgetter(node.id)
    if isinstance(node, ast.BoolOp):
        parts = [compile_expr(n) for n in node.values]
        if isinstance(node.op, ast.And):
            return lambda v: all(p(v) for p in parts)
        return lambda v: any(p(v) for p in parts)
    if isinstance(node, ast.UnaryOp):
        inner = compile_expr(node.operand)
        if isinstance(node.op, ast.Not):
            return lambda v: not inner(v)
        if isinstance(node.op, ast.USub):
            return lambda v: -inner(v)
        return inner
    if isinstance(node, ast.BinOp):
        return _compile_binop(node)
    if isinstance(node, ast.IfExp):
        test, body, orelse = compile_expr(node.test), compile_expr(node.body), compile_expr(node.orelse)
        return lambda v: body(v) if test(v) else orelse(v)
    if isinstance(node, ast.Compare):
        return _compile_compare(node)
    if isinstance(node, (ast.Tuple, ast.List)):
        values = frozenset(n.value for n in node.elts if isinstance(n, ast.Constant))
        return lambda v: values
    raise TypeError(f"cannot compile {type(node).__name__}")  # the checker never lets one through


def _compile_binop(node: ast.BinOp) -> Getter:
    fn = _BINOPS[type(node.op)]
    left, right = compile_expr(node.left), compile_expr(node.right)
    if not isinstance(node.op, _GROWING):
        return lambda v: fn(left(v), right(v))

    def clamped(v: Vars) -> int:
        result = fn(left(v), right(v))
        return INT_MIN if result < INT_MIN else INT_MAX if result > INT_MAX else result

    return clamped


def _compile_compare(node: ast.Compare) -> Getter:
    if len(node.ops) == 1:
        fn = _CMPOPS[type(node.ops[0])]
        left, right = node.left, node.comparators[0]
        if isinstance(left, ast.Name) and isinstance(right, ast.Constant):
            name, const = left.id, right.value
            return lambda v: fn(v[name], const)
        lhs, rhs = compile_expr(left), compile_expr(right)
        return lambda v: fn(lhs(v), rhs(v))
    fns = [_CMPOPS[type(op)] for op in node.ops]
    operands = [compile_expr(n) for n in [node.left, *node.comparators]]

    def chain(v: Vars) -> bool:
        prev = operands[0](v)
        for fn, operand in zip(fns, operands[1:]):
            cur = operand(v)
            if not fn(prev, cur):
                return False
            prev = cur
        return True

    return chain


def compile_effect(effect: Effect, var: VarType) -> Action:
    """A closure applying `effect`; whole numbers are clamped into the variable's range, the
    declared one or the implicit `INT_MIN..INT_MAX`."""
    name = effect.target
    value = compile_expr(effect.value)
    if var.kind != "int":
        return lambda v: v.__setitem__(name, value(v))
    low, high = int_range(var.min, var.max)
    sign = {"=": 0, "+=": 1, "-=": -1}[effect.op]

    def apply(v: Vars) -> None:
        new = value(v) if sign == 0 else v[name] + sign * value(v)
        if new < low:
            new = low
        elif new > high:
            new = high
        v[name] = new

    return apply
