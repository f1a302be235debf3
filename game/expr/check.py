"""Type-checking expressions and effects against the story's variable declarations.

Runs once at load time, so a typo, a string compared with a number, or `heat >= 9` on a
variable that stops at 5 is an author's error with a position, not a surprise in play.
Problems carry an offset into the expression; the loader turns it into `file:line:col`.

Whole numbers live in one range, `INT_MIN..INT_MAX` (see `INT_LIMIT`): it is the range of an
int variable declared without `min`/`max`, every literal must lie in it, and `compile` clamps
every arithmetic result into it, so no expression, effect or loop of effects can build a number
too big to save, render or hold in memory.
"""

from __future__ import annotations

import ast
import contextlib
from dataclasses import dataclass
from typing import Iterator, Mapping

from game.diagnostics import CONTROL_CHARACTERS, Code, Codes, did_you_mean
from game.expr.parse import Effect, Expr


INT_LIMIT = 2**53 - 1
"""The largest magnitude of any whole number in play. 2**53 - 1 because saves hold numbers as
JSON, whose readers elsewhere (browsers, editors) keep integers exactly only up to there; any
story's counters sit far below it."""
INT_MIN, INT_MAX = -INT_LIMIT, INT_LIMIT


def int_range(low: int | None, high: int | None) -> tuple[int, int]:
    """The range an int variable really has: its declared bounds, or the implicit ones."""
    return (INT_MIN if low is None else low), (INT_MAX if high is None else high)


def fits_int(value: int) -> bool:
    """Whether a whole number lies in the range every int of the game shares."""
    return INT_MIN <= value <= INT_MAX


def show_int(value: int) -> str:
    """A number as a message shows it: in full up to 30 digits or so, else by its size, since a
    literal of hundreds of digits would bury the message (and past 4,300 digits `str` refuses)."""
    if value.bit_length() <= 100:
        return str(value)
    return f"a number of {_digits(abs(value))} digits"


def _digits(value: int) -> int:
    """How many decimal digits a positive number has, without `str` (which refuses past 4,300)."""
    low = int((value.bit_length() - 1) * 0.30102999566398)  # floor(log10(2 ** (bits - 1))): digits - 1, or one less
    return low + 1 + (value >= 10 ** (low + 1))


@dataclass(frozen=True, slots=True)
class VarType:
    """What the checker and the compiler need to know about one declared variable."""

    name: str
    kind: str  # bool | int | enum | str
    min: int | None = None
    max: int | None = None
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Problem:
    code: Code
    message: str
    offset: int = 0
    hint: str | None = None
    length: int = 0
    """Characters from `offset` that the problem covers (0: only its start is known)."""


@dataclass(frozen=True, slots=True)
class _Type:
    kind: str  # bool | int | str | enum
    var: VarType | None = None  # for enums: whose values

    def describe(self) -> str:
        if self.kind == "enum" and self.var is not None:
            return f"one of {', '.join(repr(v) for v in self.var.values)}"
        return {"bool": "true/false", "int": "a whole number", "str": "a string"}[self.kind]


BOOL, INT, STR = _Type("bool"), _Type("int"), _Type("str")

Declarations = Mapping[str, VarType]


def check_condition(expr: Expr, decls: Declarations) -> list[Problem]:
    checker = _Checker(decls)
    with _depth_guard(checker):
        checker.expect(expr.tree, BOOL, "a condition must be true or false")
    return checker.problems


def check_weight(expr: Expr, decls: Declarations) -> list[Problem]:
    checker = _Checker(decls)
    with _depth_guard(checker):
        checker.expect(expr.tree, INT, "a weight must be a whole number")
    return checker.problems


def check_effect(effect: Effect, decls: Declarations) -> list[Problem]:
    checker = _Checker(decls)
    with _depth_guard(checker):
        _check_effect(effect, decls, checker)
    return checker.problems


@contextlib.contextmanager
def _depth_guard(checker: "_Checker") -> Iterator[None]:
    """The parser caps expression length; this is the backstop should nesting still run deep."""
    try:
        yield
    except RecursionError:
        checker.problems.append(Problem(Codes.BAD_EXPRESSION, "expression nested too deeply"))


def _check_effect(effect: Effect, decls: Declarations, checker: "_Checker") -> None:
    var = decls.get(effect.target)
    if var is None:
        checker.undeclared(effect.target, effect.target_offset)
        checker.infer(effect.value)
        return
    target = _type_of(var)
    if effect.op != "=":
        if var.kind != "int":
            checker.problems.append(
                Problem(
                    Codes.TYPE_MISMATCH,
                    f"'{effect.op}' needs a whole-number variable, but '{var.name}' is {target.describe()}",
                    effect.target_offset,
                    length=len(effect.target),
                )
            )
            return
        checker.expect(effect.value, INT, f"'{var.name} {effect.op}' needs a whole number")
        return
    checker.expect(effect.value, target, f"'{var.name}' holds {target.describe()}")
    value = effect.value
    if var.kind == "int" and isinstance(value, ast.Constant) and _is_int(value.value):
        checker.range(var, value.value, value)


def _type_of(var: VarType) -> _Type:
    if var.kind == "enum":
        return _Type("enum", var)
    return {"bool": BOOL, "int": INT, "str": STR}[var.kind]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _literal_type(value: object) -> _Type:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    return STR


class _Checker:
    def __init__(self, decls: Declarations) -> None:
        self.decls = decls
        self.problems: list[Problem] = []

    def undeclared(self, name: str, offset: int) -> None:
        owners = [v.name for v in self.decls.values() if name in v.values]
        if owners:  # `crate == van`: a value of an enum, written without quotes
            message = f"undeclared variable '{name}' (did you mean \"{name}\", a value of '{owners[0]}'?)"
            hint = "quote an enum's values: they are strings"
        else:
            message = f"undeclared variable '{name}'{did_you_mean(name, self.decls)}"
            hint = "declare it under 'variables:' in story.yaml"
        self.problems.append(Problem(Codes.UNDECLARED_VARIABLE, message, offset, hint=hint, length=len(name)))

    def mismatch(self, node: ast.AST, context: str, got: _Type) -> None:
        self.problems.append(
            Problem(Codes.TYPE_MISMATCH, f"{context}, but this is {got.describe()}", node.col_offset, length=_width(node))
        )

    def literal(self, node: ast.Constant) -> _Type | None:
        """A literal's type; a whole number outside the game's range is refused here, once."""
        value = node.value
        if _is_int(value) and not fits_int(value):
            self.problems.append(
                Problem(
                    Codes.OUT_OF_RANGE,
                    f"{show_int(value)} is outside the range of whole numbers ({INT_MIN}..{INT_MAX})",
                    node.col_offset,
                    length=_width(node),
                )
            )
            return None
        control = CONTROL_CHARACTERS.search(value) if isinstance(value, str) else None
        if control is not None:  # `'\x1b[2J'` in an expression decodes to a real escape at play time
            self.problems.append(
                Problem(
                    Codes.CONTROL_CHARACTER,
                    f"control character U+{ord(control.group()):04X} is not allowed in a string",
                    node.col_offset,
                    "a terminal would act on it when the text shows it; remove the escape",
                    length=_width(node),
                )
            )
            return None
        return _literal_type(value)

    def range(self, var: VarType, value: int, node: ast.AST) -> None:
        if not fits_int(value):
            return  # `literal` has said so
        low, high = var.min, var.max
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"{'' if low is None else low}..{'' if high is None else high}"
            self.problems.append(
                Problem(
                    Codes.OUT_OF_RANGE,
                    f"{value} is outside the range of '{var.name}' ({span})",
                    node.col_offset,
                    length=_width(node),
                )
            )

    def enum_literal(self, var: VarType, node: ast.Constant) -> None:
        if node.value not in var.values:
            self.problems.append(
                Problem(
                    Codes.OUT_OF_RANGE,
                    f"'{node.value}' is not a value of '{var.name}'{did_you_mean(str(node.value), var.values)}",
                    node.col_offset,
                    hint=f"its values are {', '.join(var.values)}",
                    length=_width(node),
                )
            )

    def expect(self, node: ast.expr, want: _Type, context: str) -> None:
        """Check `node` has type `want`; string literals against an enum are checked by value."""
        if want.kind == "enum" and want.var is not None:
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                self.enum_literal(want.var, node)
                return
            if isinstance(node, ast.IfExp):
                self.expect(node.test, BOOL, "the test of 'if ... else' must be true or false")
                self.expect(node.body, want, context)
                self.expect(node.orelse, want, context)
                return
        got = self.infer(node)
        if got is None or _same(got, want):
            return
        self.mismatch(node, context, got)

    def infer(self, node: ast.expr) -> _Type | None:
        """The type of `node`, or None when a problem was already reported inside it."""
        if isinstance(node, ast.Constant):
            return self.literal(node)
        if isinstance(node, ast.Name):
            var = self.decls.get(node.id)
            if var is None:
                self.undeclared(node.id, node.col_offset)
                return None
            return _type_of(var)
        if isinstance(node, ast.BoolOp):
            word = "and" if isinstance(node.op, ast.And) else "or"
            for value in node.values:
                self.expect(value, BOOL, f"'{word}' needs true/false on both sides")
            return BOOL
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                self.expect(node.operand, BOOL, "'not' needs true/false")
                return BOOL
            self.expect(node.operand, INT, "a sign needs a whole number")
            return INT
        if isinstance(node, ast.BinOp):
            self.expect(node.left, INT, "arithmetic needs whole numbers")
            self.expect(node.right, INT, "arithmetic needs whole numbers")
            return INT
        if isinstance(node, ast.IfExp):
            self.expect(node.test, BOOL, "the test of 'if ... else' must be true or false")
            body = self.infer(node.body)
            if body is None:
                self.infer(node.orelse)
                return None
            self.expect(node.orelse, body, "both branches of 'if ... else' must have the same type")
            return body
        if isinstance(node, ast.Compare):
            self.compare(node)
            return BOOL
        if isinstance(node, (ast.Tuple, ast.List)):
            self.problems.append(
                Problem(Codes.TYPE_MISMATCH, "a list of values belongs only after 'in'", node.col_offset, length=_width(node))
            )
            return None
        self.problems.append(Problem(Codes.BAD_EXPRESSION, "unsupported expression", node.col_offset, length=_width(node)))
        return None

    def compare(self, node: ast.Compare) -> None:
        left = node.left
        for op, right in zip(node.ops, node.comparators):
            if isinstance(op, (ast.In, ast.NotIn)):
                self.membership(left, right)
            elif isinstance(op, (ast.Eq, ast.NotEq)):
                self.equality(left, right)
            else:
                self.expect(left, INT, "'<', '<=', '>' and '>=' compare whole numbers")
                self.expect(right, INT, "'<', '<=', '>' and '>=' compare whole numbers")
                self.literal_range(left, right)
            left = right

    def equality(self, left: ast.expr, right: ast.expr) -> None:
        if isinstance(left, ast.Constant) and not isinstance(right, ast.Constant):
            left, right = right, left
        got = self.infer(left)
        if got is None:
            self.infer(right)
            return
        self.expect(right, got, f"'==' and '!=' compare values of one type; the left side is {got.describe()}")
        self.literal_range(left, right)

    def membership(self, left: ast.expr, right: ast.expr) -> None:
        got = self.infer(left)
        if not isinstance(right, (ast.Tuple, ast.List)):
            self.problems.append(
                Problem(
                    Codes.TYPE_MISMATCH,
                    "'in' needs a list of values in parentheses, like x in (\"a\", \"b\")",
                    right.col_offset,
                    length=_width(right),
                )
            )
            return
        for item in right.elts:
            if not isinstance(item, ast.Constant):
                self.problems.append(
                    Problem(Codes.TYPE_MISMATCH, "the list after 'in' holds literal values only", item.col_offset, length=_width(item))
                )
            elif got is not None:
                self.expect(item, got, f"the values after 'in' must be {got.describe()}")
                self.literal_range(left, item)

    def literal_range(self, left: ast.expr, right: ast.expr) -> None:
        """`heat >= 9` when heat stops at 5 can never be true: say so at load time."""
        pairs = ((left, right), (right, left))
        for name, const in pairs:
            if isinstance(name, ast.Name) and isinstance(const, ast.Constant) and _is_int(const.value):
                var = self.decls.get(name.id)
                if var is not None and var.kind == "int":
                    self.range(var, const.value, const)


def _same(got: _Type, want: _Type) -> bool:
    if got.kind != want.kind:
        return False
    if got.kind == "enum":
        return got.var is not None and want.var is not None and set(got.var.values) == set(want.var.values)
    return True


def _width(node: ast.AST) -> int:
    """How many characters `node` spans in its one-line expression (0 when ast cannot say)."""
    start, end = getattr(node, "col_offset", None), getattr(node, "end_col_offset", None)
    same_line = getattr(node, "lineno", None) == getattr(node, "end_lineno", None)
    return end - start if start is not None and end is not None and same_line and end > start else 0
