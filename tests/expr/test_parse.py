"""Parsing conditions and effects: Python's syntax, cut down to an allow-list, with offsets for errors."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest

from game.expr.parse import Effect, Expr, ExprSyntaxError, names_in, parse_effect, parse_expr
from game.story.loader import check_pack
from tests.conftest import TINY_SCENES


def rejected(source: str, *, effect: bool = False) -> ExprSyntaxError:
    with pytest.raises(ExprSyntaxError) as info:
        (parse_effect if effect else parse_expr)(source)
    return info.value


# --- what is accepted -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "heat >= 3 and not lucky",
        "heat == 1 or heat != 2",
        "0 < heat <= 3",
        "heat + 1 - 2 * 3 // 4 % 5 > -1",
        "+heat > 0",
        'paint in ("primer", "blue")',
        'paint not in ["primer"]',
        "1 if lucky else 2",
        "(heat + 1) * 2 > 4",
        "'single' == \"double\"",
        "0x10 == 1_000",
    ],
)
def test_allowed_expressions_parse(source: str) -> None:
    """Literals, names, boolean, comparison and arithmetic operators, `in` a list, if-else and parentheses parse."""
    expr = parse_expr(source)
    assert isinstance(expr, Expr) and isinstance(expr.tree, ast.expr)
    assert str(expr) == source


@pytest.mark.parametrize(("word", "value"), [("true", True), ("false", False), ("True", True), ("False", False)])
def test_true_and_false_are_constants(word: str, value: bool) -> None:
    """`true`/`false` (YAML's spelling) and `True`/`False` all parse to boolean constants, not names."""
    tree = parse_expr(f"lucky == {word}").tree
    assert isinstance(tree, ast.Compare)
    constant = tree.comparators[0]
    assert isinstance(constant, ast.Constant) and constant.value is value
    assert names_in(tree) == {"lucky"}


def test_names_in_lists_every_variable_read() -> None:
    """`names_in` gives every variable an expression reads, once each."""
    assert names_in(parse_expr("heat > 1 and (lucky or heat < 3) and paint == 'blue'").tree) == {"heat", "lucky", "paint"}


def test_multi_line_source_reads_as_one_line() -> None:
    """An expression spread over lines (a YAML block scalar) parses as if written on one line."""
    expr = parse_expr("heat > 1\nand lucky\n")
    assert isinstance(expr.tree, ast.BoolOp)
    assert names_in(expr.tree) == {"heat", "lucky"}


def test_leading_whitespace_is_allowed() -> None:
    """Leading spaces do not make an expression invalid (Python would call it an indentation error)."""
    assert isinstance(parse_expr("   heat > 1").tree, ast.Compare)


# --- what is rejected, and where ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "words", "offset"),
    [
        ("heat + f(1)", "function calls are not allowed", 7),
        ("1 + heat.real", "attribute access ('a.b') is not allowed", 4),
        ("1 + heat[0]", "subscripts ('a[0]') are not allowed", 4),
        ("heat[1:2]", "subscripts ('a[0]') are not allowed", 0),
        ("heat == (lambda: 1)", "lambdas are not allowed", 9),
        ("lucky and (x := 1)", "':=' is not allowed", 11),
        ("heat in [c for c in paint]", "comprehensions are not allowed", 8),
        ("heat in {c for c in paint}", "comprehensions are not allowed", 8),
        ("heat == {c: 1 for c in paint}", "comprehensions are not allowed", 8),
        ("heat in (c for c in paint)", "comprehensions are not allowed", 8),
        ("heat == {1: 2}", "mappings are not allowed", 8),
        ("heat in {1, 2}", "sets are not allowed; write a tuple", 8),
        ('heat == f"{paint}"', "f-strings are not allowed", 8),
        ("heat in (*paint,)", "'*' unpacking is not allowed", 9),
        ("heat == ~heat", "'~' is not allowed", 8),
        ("1 + heat / 2", "'/' is not allowed; use '//' for whole-number division", 4),
        ("heat ** 2", "only + - * // % are allowed as arithmetic", 0),
        ("heat << 1", "only + - * // % are allowed as arithmetic", 0),
        ("heat | 1", "only + - * // % are allowed as arithmetic", 0),
        ("heat is 1", "'is' is not allowed; use == or !=", 0),
        ("heat is not 1", "'is' is not allowed; use == or !=", 0),
        ("heat > 1.5", "only whole numbers are allowed", 7),
        ("heat == None", "the literal None is not allowed", 8),
        ("heat == ...", "the literal Ellipsis is not allowed", 8),
        ('heat == b"x"', "the literal b'x' is not allowed", 8),
        ("heat == 2j", "the literal 2j is not allowed", 8),
        ("heat + __x", "'__x' is not allowed: names with '__' are reserved", 7),
        ("__import__", "'__import__' is not allowed: names with '__' are reserved", 0),
        ("await heat", "'await' is not allowed", 0),
        ("(yield)", "'yield' is not allowed", 1),
    ],
)
def test_forbidden_construct_is_rejected_at_its_offset(source: str, words: str, offset: int) -> None:
    """Each construct outside the allow-list raises ExprSyntaxError with a message and the 0-based offset where it starts."""
    err = rejected(source)
    assert words in err.message
    assert str(err) == err.message
    assert err.offset == offset


def test_offset_counts_leading_whitespace() -> None:
    """The offset of an error is within the text as written, leading spaces included."""
    assert rejected("   heat.real").offset == 3


def test_offset_counts_characters_not_bytes() -> None:
    """After a non-ASCII literal, the offset still counts characters, as the file's columns do."""
    err = rejected('paint == "é" and f(1)')
    assert err.message == "function calls are not allowed"
    assert err.offset == 17


@pytest.mark.parametrize(
    ("source", "offset", "char"),
    [
        ("ｈｅａｔ > 1", 0, "ｈ"),  # fullwidth: Python's NFKC folding would read it as heat
        ("heat > 1 and 𝐡𝐞𝐚𝐭 < 3", 13, "𝐡"),  # mathematical bold
        ("  heａt", 4, "ａ"),
        ("1 if ｌｕｃｋｙ else 2", 5, "ｌ"),
        ("ｔｒｕｅ", 0, "ｔ"),  # not the constant true either
        ("café == 1", 3, "é"),
    ],
)
def test_non_ascii_name_is_rejected_at_its_character(source: str, offset: int, char: str) -> None:
    """A name with a non-ASCII letter is refused at that letter, its code point named."""
    err = rejected(source)
    assert err.offset == offset and source[offset] == char
    assert "names are ASCII letters, digits and '_'" in err.message and f"U+{ord(char):04X}" in err.message


def test_non_ascii_effect_target_is_rejected() -> None:
    """`ｈｅａｔ += 1` assigns no variable called heat."""
    err = rejected(" ｈｅａｔ += 1", effect=True)
    assert err.offset == 1 and err.message.startswith("'ｈｅａｔ' is not a valid name")


def test_non_ascii_inside_a_string_is_fine() -> None:
    """Strings may hold any letters; only names are ASCII."""
    assert parse_expr('who == "ｈｅａｔ"').source == 'who == "ｈｅａｔ"'


@pytest.mark.parametrize(
    ("source", "offset"),
    [("heat > > 1", 7), ("(heat", 0), ("heat == 'x", 8)],
)
def test_syntax_error_is_rejected_with_its_offset(source: str, offset: int) -> None:
    """Text Python cannot parse raises ExprSyntaxError 'cannot parse expression' at the offending character."""
    err = rejected(source)
    assert err.message.startswith("cannot parse expression: ")
    assert err.offset == offset


@pytest.mark.parametrize("source", ["", "   ", "\n"])
def test_empty_expression_is_rejected(source: str) -> None:
    """An empty or blank expression is rejected as such."""
    assert rejected(source).message == "empty expression"


# --- effects --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "op"), [("heat = 2", "="), ("heat += 1", "+="), ("heat -= 1", "-=")])
def test_effect_operators(source: str, op: str) -> None:
    """`=`, `+=` and `-=` parse into an Effect with its target, operator and value."""
    effect = parse_effect(source)
    assert isinstance(effect, Effect)
    assert (effect.target, effect.op, effect.target_offset) == ("heat", op, 0)
    assert isinstance(effect.value, ast.Constant) and effect.value.value in (1, 2)
    assert str(effect) == source


def test_effect_value_may_be_an_expression() -> None:
    """An effect's value is a full expression, with `true`/`false` read as constants."""
    effect = parse_effect("lucky = heat > 1 and true")
    assert isinstance(effect.value, ast.BoolOp)
    assert names_in(effect.value) == {"heat"}


def test_effect_target_offset_counts_leading_whitespace() -> None:
    """The target's offset is where its name starts in the text as written."""
    assert parse_effect("  heat += 1").target_offset == 2


@pytest.mark.parametrize("op", ["*=", "/=", "//=", "%=", "**=", "|="])
def test_other_augmented_assignments_are_rejected(op: str) -> None:
    """Augmented assignments other than `+=` and `-=` are rejected."""
    err = rejected(f"heat {op} 2", effect=True)
    assert err.message == "only '=', '+=' and '-=' are allowed in effects"
    assert err.offset == 0


@pytest.mark.parametrize("source", ["heat = 1; lucky = true", "heat += 1; heat += 1"])
def test_two_statements_are_rejected(source: str) -> None:
    """An effect is exactly one statement."""
    assert rejected(source, effect=True).message == "an effect is one statement: name = value, name += n or name -= n"


def test_two_lines_are_not_two_statements() -> None:
    """Two assignments on two lines do not sneak through as two statements: the lines are joined and fail to parse."""
    assert rejected("heat = 1\nlucky = true", effect=True).message.startswith("cannot parse expression")


def test_chained_assignment_is_rejected() -> None:
    """`a = b = value` assigns two variables and is rejected."""
    assert rejected("heat = lucky = 1", effect=True).message == "assign one variable per effect"


@pytest.mark.parametrize(
    ("source", "offset"),
    [("heat.x = 1", 0), ("heat[0] = 1", 0), ("heat, lucky = 1, 2", 0), ("  heat.x += 1", 2)],
)
def test_only_a_name_can_be_assigned(source: str, offset: int) -> None:
    """Assigning to an attribute, a subscript or a tuple is rejected at the target."""
    err = rejected(source, effect=True)
    assert err.message == "only a variable name can be assigned"
    assert err.offset == offset


@pytest.mark.parametrize("source", ["heat: int = 1", "import os", "del heat", "pass", "heat"])
def test_statement_that_is_not_an_assignment_is_rejected(source: str) -> None:
    """A statement that is not `name = value`, `name += n` or `name -= n` is rejected."""
    assert rejected(source, effect=True).message == "an effect must be 'name = value', 'name += n' or 'name -= n'"


def test_a_comparison_written_as_an_effect_says_to_use_a_single_equals() -> None:
    """`heat == 1` as an effect: the author meant to set it; pointed at the `==`."""
    err = rejected("heat == 1", effect=True)
    assert err.message == "an effect sets a variable with '=', not '==' (which compares)" and err.offset == 5


@pytest.mark.parametrize(("source", "offset"), [("heat = 1", 5), ("lucky and heat = 2", 15), ("(heat = 1)", 6)])
def test_a_single_equals_in_a_condition_says_to_write_two(source: str, offset: int) -> None:
    """`if: heat = 1`: '=' sets, '==' compares, at the `=`; `<=`, `>=` and `!=` never trigger it."""
    err = rejected(source)
    assert err.message == "cannot parse expression: '=' sets a variable; to compare, write '=='" and err.offset == offset


@pytest.mark.parametrize("source", ["heat <=", "heat >=", "heat != "])
def test_comparisons_that_fail_otherwise_keep_the_parser_message(source: str) -> None:
    assert "'=' sets a variable" not in rejected(source).message


def test_dunder_target_is_rejected() -> None:
    """A target name with `__` is rejected at the name."""
    err = rejected("x = 1 if __debug__ else 0", effect=True)
    assert "'__debug__' is not allowed" in err.message and err.offset == 9
    err = rejected("__builtins__ = 1", effect=True)
    assert "'__builtins__' is not allowed" in err.message and err.offset == 0


def test_forbidden_construct_in_an_effect_value_is_rejected_at_its_offset() -> None:
    """The allow-list applies to an effect's value, with the offset in the whole effect text."""
    err = rejected("heat = len(paint)", effect=True)
    assert err.message == "function calls are not allowed" and err.offset == 7


def test_effect_syntax_error_has_its_offset() -> None:
    """An effect Python cannot parse is rejected at the character where parsing failed."""
    err = rejected("heat = = 1", effect=True)
    assert err.message.startswith("cannot parse expression")
    assert err.offset == 7


def test_non_ascii_names_are_lb010_at_their_column_in_the_file(make_pack: Callable[..., Path]) -> None:
    """Through the loader: `if: ｈｅａｔ > 0` (line 7) and `{ｈｅａｔ}` in a title (line 19) are LB010 at the fullwidth letter."""
    scenes = TINY_SCENES.replace("if: heat > 0", "if: ｈｅａｔ > 0").replace("title: Home", "title: Home {ｈｅａｔ}")
    _, diagnostics = check_pack(make_pack(files={"scenes.yaml": scenes}))
    assert sorted((d.code.code, d.span.line, d.span.col) for d in diagnostics) == [("LB010", 7, 13), ("LB010", 19, 18)]
