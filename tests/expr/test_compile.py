"""Compiled expressions and effects: what they compute on a variables dict, and how effects clamp."""

from __future__ import annotations

import ast
from typing import Any

import pytest

from game.expr.check import INT_MAX, INT_MIN, VarType
from game.expr.compile import compile_effect, compile_expr
from game.expr.parse import parse_effect, parse_expr
from game.expr.template import parse_template

DECLS = {
    "heat": VarType("heat", "int", 0, 3),
    "count": VarType("count", "int"),
    "cap": VarType("cap", "int", None, 10),
    "floor": VarType("floor", "int", 0, None),
    "lucky": VarType("lucky", "bool"),
    "paint": VarType("paint", "enum", values=("primer", "blue")),
    "who": VarType("who", "str"),
}


def state(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"heat": 2, "count": 7, "cap": 5, "floor": 1, "lucky": True, "paint": "primer", "who": "Lino"}
    base.update(changes)
    return base


def value(source: str, variables: dict[str, Any] | None = None) -> Any:
    return compile_expr(parse_expr(source).tree)(state() if variables is None else variables)


def apply(source: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    effect = parse_effect(source)
    variables = state() if variables is None else variables
    compile_effect(effect, DECLS[effect.target])(variables)
    return variables


# --- expressions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("heat", 2),
        ("42", 42),
        ("true", True),
        ("false", False),
        ('"blue"', "blue"),
        ("heat + count * 2", 16),
        ("count - heat - 1", 4),
        ("count // heat", 3),
        ("count % heat", 1),
        ("-heat", -2),
        ("+heat", 2),
        ("-7 // 2", -4),
        ("-7 % 3", 2),
        ("(heat + 1) * 2", 6),
        ("1 if lucky else 2", 1),
        ("1 if not lucky else 2", 2),
        ('"x" if heat > 5 else who', "Lino"),
    ],
)
def test_values(source: str, expected: Any) -> None:
    """Literals, names, arithmetic (with Python's floor rules), signs and if-else compute as in Python."""
    result = value(source)
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("heat == 2", True),
        ("heat != 2", False),
        ("heat < 2", False),
        ("heat <= 2", True),
        ("heat > 1", True),
        ("heat >= 3", False),
        ("2 == heat", True),
        ("heat + 1 == count - 4", True),
        ('paint == "primer"', True),
        ('paint in ("primer", "blue")', True),
        ('paint in ["blue"]', False),
        ('paint not in ("blue",)', True),
        ("heat in (1, 2)", True),
        ("lucky == true", True),
        ("not lucky", False),
        ("lucky and heat > 1", True),
        ("lucky and heat > 2", False),
        ("not lucky or heat == 2", True),
        ("not lucky or heat == 3", False),
    ],
)
def test_conditions(source: str, expected: bool) -> None:
    """Comparisons, `in` lists and boolean operators give True or False."""
    assert value(source) is expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [("0 < heat < 3", True), ("0 < heat < 2", False), ("3 > heat > 2", False), ("1 <= heat <= count <= 7", True)],
)
def test_chained_comparison(source: str, expected: bool) -> None:
    """`a < b < c` holds only when every link holds."""
    assert value(source) is expected


def test_chained_comparison_stops_at_the_first_false_link() -> None:
    """A chain stops at its first false link, so later operands are not evaluated."""
    assert value("heat > 5 > missing", {"heat": 2}) is False


def test_and_or_short_circuit() -> None:
    """`and` and `or` stop at the first operand that decides the result."""
    assert value("lucky or missing > 1", {"lucky": True}) is True
    assert value("lucky and missing > 1", {"lucky": False}) is False


@pytest.mark.parametrize("source", ["count // 0", "count % 0", "count // (heat - 2)", "count % (heat - 2)"])
def test_division_and_modulo_by_zero_give_zero(source: str) -> None:
    """`//` and `%` by zero give 0 instead of raising."""
    assert value(source) == 0


def test_compiled_expression_reads_current_values() -> None:
    """A compiled expression is reusable: each call reads the variables it is given."""
    check = compile_expr(parse_expr("heat >= 2 and lucky").tree)
    assert check(state(heat=2)) is True
    assert check(state(heat=1)) is False
    assert check(state(lucky=False)) is False


def test_names_are_looked_up_in_the_variables_only() -> None:
    """A name is read from the variables dict only: `open` is not a builtin there."""
    getter = compile_expr(parse_expr("open").tree)
    with pytest.raises(KeyError):
        getter({})
    assert getter({"open": 5}) == 5


def test_unsupported_node_is_refused() -> None:
    """A node the checker would never let through (a call) cannot be compiled."""
    call = ast.parse("f(1)", mode="eval").body
    with pytest.raises(TypeError, match="cannot compile Call"):
        compile_expr(call)


# --- effects --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "heat"),
    [("heat = 1", 1), ("heat += 1", 3), ("heat -= 2", 0), ("heat += 5", 3), ("heat -= 5", 0), ("heat = 9", 3), ("heat = -4", 0)],
)
def test_int_effects_clamp_into_the_range(source: str, heat: int) -> None:
    """`=`, `+=` and `-=` on an int with min..max land inside it, clamped at the bounds (heat starts at 2, range 0..3)."""
    assert apply(source)["heat"] == heat


def test_effect_with_only_a_max_clamps_above_only() -> None:
    """With only `max`, an effect clamps at the top and goes as low as the implicit range."""
    assert apply("cap += 100")["cap"] == 10
    assert apply("cap -= 100")["cap"] == -95


def test_effect_with_only_a_min_clamps_below_only() -> None:
    """With only `min`, an effect clamps at the bottom and goes as high as the implicit range."""
    assert apply("floor -= 100")["floor"] == 0
    assert apply("floor += 100")["floor"] == 101


def test_unbounded_int_is_plain_arithmetic_inside_the_implicit_range() -> None:
    """Without min or max, an int effect is plain arithmetic, clamped only at +-(2**53-1)."""
    assert apply("count += 1000")["count"] == 1007
    assert apply("count -= 1000")["count"] == -993
    assert apply("count += 9007199254740991")["count"] == INT_MAX
    assert apply("count -= 9007199254740991", state(count=-7))["count"] == INT_MIN
    assert apply("cap -= 9007199254740991", state(cap=-5))["cap"] == INT_MIN
    assert apply("floor += 9007199254740991")["floor"] == INT_MAX


@pytest.mark.parametrize(
    ("source", "count", "expected"),
    [
        ("count * count * count * count", 2**40, INT_MAX),
        ("-count * count", 2**40, INT_MIN),
        ("count + count", INT_MAX, INT_MAX),
        ("count - 9007199254740991 - 9007199254740991", 0, INT_MIN),
        ("count * count // count", 2**40, INT_MAX // 2**40),  # the product was clamped before the division
        ("count // -1", INT_MIN, INT_MAX),
        ("count * 3 - count * 2", 5, 5),
    ],
)
def test_arithmetic_results_are_clamped_into_the_range(source: str, count: int, expected: int) -> None:
    """`+`, `-` and `*` clamp their result into +-(2**53-1), so no expression builds a huge number."""
    assert value(source, state(count=count)) == expected


def test_squaring_in_a_loop_stays_bounded_and_renders() -> None:
    """`count = count * count` taken a thousand times ends at the top of the range, and `{count}` renders."""
    square = compile_effect(parse_effect("count = count * count"), DECLS["count"])
    variables = state(count=3)
    for _ in range(1000):
        square(variables)
    assert variables["count"] == INT_MAX
    template, _ = parse_template("Count: {count}")
    assert template.render(variables) == f"Count: {INT_MAX}"


def test_effect_value_is_an_expression_on_the_old_values() -> None:
    """An effect's value is computed from the variables before it is written."""
    assert apply("count = count * 2 + heat")["count"] == 16
    assert apply("count -= count // 2")["count"] == 4


def test_effect_dividing_by_zero_gives_zero() -> None:
    """`//` by zero inside an effect gives 0 rather than raising."""
    assert apply("count = count // (heat - 2)")["count"] == 0


@pytest.mark.parametrize(
    ("source", "name", "expected"),
    [("lucky = false", "lucky", False), ("lucky = heat > 5", "lucky", False), ('paint = "blue"', "paint", "blue"), ('who = "Stella"', "who", "Stella")],
)
def test_non_int_effects_assign(source: str, name: str, expected: Any) -> None:
    """Effects on bool, enum and str variables assign the value."""
    assert apply(source)[name] == expected


def test_effect_touches_only_its_target() -> None:
    """An effect changes its own variable and no other."""
    before = state()
    after = apply("heat += 1", dict(before))
    assert {k: v for k, v in after.items() if k != "heat"} == {k: v for k, v in before.items() if k != "heat"}
