"""Type-checking conditions, weights and effects against the declarations, with offsets for every problem."""

from __future__ import annotations

import builtins
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from unittest import mock

import pytest

from game.expr.check import Problem, VarType, check_condition, check_effect, check_weight
from game.expr.parse import ExprSyntaxError, parse_effect, parse_expr

DECLS = {
    "heat": VarType("heat", "int", 0, 3),
    "count": VarType("count", "int"),
    "cap": VarType("cap", "int", None, 10),
    "lucky": VarType("lucky", "bool"),
    "paint": VarType("paint", "enum", values=("primer", "blue")),
    "colour": VarType("colour", "enum", values=("blue", "primer")),
    "mood": VarType("mood", "enum", values=("calm", "angry")),
    "who": VarType("who", "str"),
}


def condition(source: str) -> list[Problem]:
    return check_condition(parse_expr(source), DECLS)


def effect(source: str) -> list[Problem]:
    return check_effect(parse_effect(source), DECLS)


def weight(source: str) -> list[Problem]:
    return check_weight(parse_expr(source), DECLS)


def summary(problems: list[Problem]) -> list[tuple[str, int]]:
    return [(p.code.code, p.offset) for p in problems]


# --- well-typed -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "lucky",
        "true",
        "not lucky",
        "heat > 1 and lucky or not lucky",
        "0 <= heat < 3",
        "heat + count * 2 // 3 % 4 - cap > -5",
        "lucky == (heat > 1)",
        'paint == "blue"',
        '"blue" == paint',
        "paint == colour",
        'who == "anything at all"',
        'paint in ("primer", "blue")',
        'paint not in ("blue",)',
        "heat in (0, 1)",
        '(1 if lucky else 2) > heat',
        '(paint if lucky else colour) == "blue"',
        "count > 1000000",
    ],
)
def test_well_typed_condition_has_no_problems(source: str) -> None:
    """Conditions that are true/false and compare like with like pass the checker."""
    assert condition(source) == []


# --- types ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "message", "offset"),
    [
        ("heat", "a condition must be true or false, but this is a whole number", 0),
        ("paint", "a condition must be true or false, but this is one of 'primer', 'blue'", 0),
        ("not heat", "'not' needs true/false, but this is a whole number", 4),
        ("heat and lucky", "'and' needs true/false on both sides, but this is a whole number", 0),
        ("lucky or who", "'or' needs true/false on both sides, but this is a string", 9),
        ("-lucky > 0", "a sign needs a whole number, but this is true/false", 1),
        ("lucky + 1 > 0", "arithmetic needs whole numbers, but this is true/false", 0),
        ("lucky < 1", "'<', '<=', '>' and '>=' compare whole numbers, but this is true/false", 0),
        ("lucky == 1", "'==' and '!=' compare values of one type; the left side is true/false, but this is a whole number", 9),
        ("heat == true", "the left side is a whole number, but this is true/false", 8),
        ('heat != "x"', "the left side is a whole number, but this is a string", 8),
        ("paint == who", "the left side is one of 'primer', 'blue', but this is a string", 9),
        ("paint == mood", "the left side is one of 'primer', 'blue', but this is one of 'calm', 'angry'", 9),
    ],
)
def test_type_mismatch_in_a_condition(source: str, message: str, offset: int) -> None:
    """A value of the wrong type is one LB011 at the offending operand, saying what was wanted and what it is."""
    (problem,) = condition(source)
    assert problem.code.code == "LB011"
    assert message in problem.message
    assert problem.offset == offset


def test_literal_on_the_left_of_equality_is_checked_against_the_name() -> None:
    """`3 == lucky` is checked as `lucky == 3`: the mismatch is reported at the literal."""
    (problem,) = condition("3 == lucky")
    assert problem.code.code == "LB011" and problem.offset == 0
    assert "the left side is true/false, but this is a whole number" in problem.message


# --- chained comparisons --------------------------------------------------------------------------


def test_chained_comparison_checks_every_link() -> None:
    """In `a < b < c` each operand is checked, and the offending one is named."""
    (problem,) = condition("0 < heat < lucky")
    assert (problem.code.code, problem.offset) == ("LB011", 11)


def test_chained_comparison_checks_ranges_on_every_link() -> None:
    """In `0 < heat < 4` the literal 4 is checked against heat's range."""
    (problem,) = condition("0 < heat < 4")
    assert (problem.code.code, problem.message, problem.offset) == ("LB012", "4 is outside the range of 'heat' (0..3)", 11)


# --- ranges ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "offset"),
    [("heat >= 9", 8), ("9 <= heat", 0), ("heat == 4", 8), ("heat != 100", 8)],
)
def test_int_literal_outside_the_range_in_a_comparison(source: str, offset: int) -> None:
    """A literal outside a variable's min..max, on either side of a comparison, is LB012 at the literal."""
    (problem,) = condition(source)
    assert problem.code.code == "LB012"
    assert problem.message.endswith("is outside the range of 'heat' (0..3)")
    assert problem.offset == offset


def test_range_with_only_a_max_is_shown_open_below() -> None:
    """A variable with only `max` shows its range as `..max`."""
    (problem,) = condition("cap > 11")
    assert problem.message == "11 is outside the range of 'cap' (..10)"


def test_unbounded_int_has_no_range_problem() -> None:
    """A variable with neither min nor max accepts any literal of the implicit range."""
    assert condition("count > 1000000") == []
    assert effect("count = 1000000") == []
    assert condition("count >= -9007199254740991 and count <= 9007199254740991") == []


RANGE = "(-9007199254740991..9007199254740991)"


@pytest.mark.parametrize(
    ("check", "source", "offset", "shown"),
    [
        (condition, "count > 9007199254740992", 8, "9007199254740992"),
        (condition, "count > -9007199254740992", 8, "-9007199254740992"),
        (condition, "heat >= 9007199254740992", 8, "9007199254740992"),  # said once, not also against heat's 0..3
        (condition, "count in (1, 99999999999999999999)", 13, "99999999999999999999"),
        (effect, "count = 9007199254740992", 8, "9007199254740992"),
        (effect, "count += 0x" + "f" * 100, 9, "a number of 121 digits"),
        (weight, "1 + " + "9" * 300, 4, "a number of 300 digits"),
    ],
    ids=["above", "below", "bounded-var", "in-list", "assigned", "hex-increment", "weight"],
)
def test_literal_outside_the_whole_number_range(check: Callable[[str], list[Problem]], source: str, offset: int, shown: str) -> None:
    """Any int literal beyond +-(2**53-1) is LB012 at the literal, once; a huge one is described by its size."""
    (problem,) = check(source)
    assert problem.code.code == "LB012"
    assert problem.message == f"{shown} is outside the range of whole numbers {RANGE}"
    assert problem.offset == offset


def test_literal_at_the_bounds_is_fine() -> None:
    """The bounds themselves are inside the range."""
    assert condition("heat >= 0 and heat <= 3") == []


@pytest.mark.parametrize(("check", "source"), [(condition, "heat < -1"), (effect, "heat = -1")], ids=["comparison", "assignment"])
def test_negative_literal_outside_the_range(check: Callable[[str], list[Problem]], source: str) -> None:
    """A negative literal below `min`, in a comparison or an assignment, is LB012 like a positive one above `max`."""
    problems = check(source)
    assert [p.code.code for p in problems] == ["LB012"]
    assert "-1 is outside the range of 'heat' (0..3)" in problems[0].message


# --- enums ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "offset"),
    [('paint == "bleu"', 9), ('"bleu" == paint', 0), ('paint != "bleu"', 9)],
)
def test_misspelt_enum_value_in_a_comparison(source: str, offset: int) -> None:
    """An enum compared with a string it does not have is LB012 at the string, with a did-you-mean and the values."""
    (problem,) = condition(source)
    assert problem.code.code == "LB012"
    assert problem.message == "'bleu' is not a value of 'paint' (did you mean 'blue'?)"
    assert problem.hint == "its values are primer, blue"
    assert problem.offset == offset


def test_unlike_enum_value_has_no_suggestion() -> None:
    """A string nothing like any value is LB012 without a did-you-mean."""
    (problem,) = condition('paint == "zzz"')
    assert problem.message == "'zzz' is not a value of 'paint'"


def test_enums_with_the_same_values_compare() -> None:
    """Two enums with the same set of values (in any order) are the same type."""
    assert condition("paint == colour") == []
    assert effect("paint = colour") == []


# --- `in` lists -----------------------------------------------------------------------------------


def test_in_checks_each_enum_value() -> None:
    """Each string after `in` is checked against the enum's values."""
    (problem,) = condition('paint in ("primer", "bleu")')
    assert (problem.code.code, problem.offset) == ("LB012", 20)


def test_in_checks_each_item_type() -> None:
    """Each item after `in` must have the left side's type."""
    (problem,) = condition('who in ("a", 1)')
    assert (problem.code.code, problem.offset) == ("LB011", 13)
    assert problem.message == "the values after 'in' must be a string, but this is a whole number"


def test_in_needs_a_list() -> None:
    """`x in y` with a name on the right is LB011: `in` takes a list of literals."""
    (problem,) = condition("heat in count")
    assert (problem.code.code, problem.offset) == ("LB011", 8)
    assert "'in' needs a list of values in parentheses" in problem.message


def test_in_list_holds_literals_only() -> None:
    """A name inside the list after `in` is LB011 at that name."""
    (problem,) = condition("heat in (1, count)")
    assert (problem.code.code, problem.offset) == ("LB011", 12)
    assert problem.message == "the list after 'in' holds literal values only"


def test_list_outside_in_is_a_mismatch() -> None:
    """A tuple anywhere but after `in` is LB011."""
    (problem,) = condition("(heat, 1) == 1")
    assert problem.code.code == "LB011" and problem.message == "a list of values belongs only after 'in'"


# --- if-else --------------------------------------------------------------------------------------


def test_if_else_test_must_be_a_bool() -> None:
    """The test of `a if t else b` must be true/false."""
    (problem,) = condition("(1 if heat else 2) > 0")
    assert (problem.code.code, problem.offset) == ("LB011", 6)
    assert problem.message == "the test of 'if ... else' must be true or false, but this is a whole number"


def test_if_else_branches_must_agree() -> None:
    """Both branches of `a if t else b` must have one type; the mismatch is at the else branch."""
    problems = condition("(1 if lucky else true) == 1")
    assert summary(problems) == [("LB011", 17)]
    assert "both branches of 'if ... else' must have the same type" in problems[0].message


def test_if_else_of_enum_values_checks_each_branch() -> None:
    """Assigning `"blue" if t else "bleu"` to an enum checks both strings as values."""
    (problem,) = effect('paint = "blue" if lucky else "bleu"')
    assert (problem.code.code, problem.offset) == ("LB012", 29)


# --- undeclared -----------------------------------------------------------------------------------


def test_undeclared_name_with_suggestion() -> None:
    """An undeclared name is LB009 at the name, suggesting the closest declared one."""
    (problem,) = condition("lucky and heet > 1")
    assert (problem.code.code, problem.offset) == ("LB009", 10)
    assert problem.message == "undeclared variable 'heet' (did you mean 'heat'?)"
    assert problem.hint == "declare it under 'variables:' in story.yaml"


def test_undeclared_name_is_reported_once_without_a_type_cascade() -> None:
    """An undeclared name in a comparison is one LB009, not also a type mismatch."""
    assert summary(condition('nope == "a"')) == [("LB009", 0)]
    assert summary(condition("nope > 1")) == [("LB009", 0)]


# --- effects --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    ["heat = 2", "heat += 10", "heat -= count", "lucky = heat > 1", 'paint = "blue"', 'who = "Lino"', "heat = heat + 9"],
)
def test_well_typed_effect_has_no_problems(source: str) -> None:
    """Effects whose value fits the variable pass; `+=`/`-=` amounts and computed values are not range-checked."""
    assert effect(source) == []


@pytest.mark.parametrize(
    ("source", "message", "offset"),
    [
        ("heat = lucky", "'heat' holds a whole number, but this is true/false", 7),
        ("lucky = 1", "'lucky' holds true/false, but this is a whole number", 8),
        ("who = 3", "'who' holds a string, but this is a whole number", 6),
        ("paint = 3", "'paint' holds one of 'primer', 'blue', but this is a whole number", 8),
        ("paint = mood", "'paint' holds one of 'primer', 'blue', but this is one of 'calm', 'angry'", 8),
        ("lucky += 1", "'+=' needs a whole-number variable, but 'lucky' is true/false", 0),
        ("paint -= 1", "'-=' needs a whole-number variable, but 'paint' is one of 'primer', 'blue'", 0),
        ("heat -= lucky", "'heat -=' needs a whole number, but this is true/false", 8),
    ],
)
def test_effect_type_mismatch(source: str, message: str, offset: int) -> None:
    """An effect whose value or operator does not fit the variable is one LB011 at the value (or the target)."""
    (problem,) = effect(source)
    assert (problem.code.code, problem.message, problem.offset) == ("LB011", message, offset)


def test_assigned_literal_outside_the_range() -> None:
    """Assigning a literal outside min..max is LB012 at the literal."""
    (problem,) = effect("heat = 4")
    assert (problem.code.code, problem.message, problem.offset) == ("LB012", "4 is outside the range of 'heat' (0..3)", 7)


def test_assigned_misspelt_enum_value() -> None:
    """Assigning a string that is not one of an enum's values is LB012 with a did-you-mean."""
    (problem,) = effect('paint = "bleu"')
    assert (problem.code.code, problem.offset) == ("LB012", 8)
    assert "(did you mean 'blue'?)" in problem.message


def test_effect_on_an_undeclared_variable() -> None:
    """An effect on an undeclared variable is LB009 at its target, and its value is still checked for names."""
    problems = effect("nope = nada")
    assert summary(problems) == [("LB009", 0), ("LB009", 7)]


def test_problem_offsets_count_leading_whitespace() -> None:
    """A problem's offset counts leading spaces (as parse errors and effect targets do), so it lands on the name."""
    assert summary(condition("  heet > 1")) == [("LB009", 2)]
    assert summary(effect("  heat = heet")) == [("LB009", 9)]


# --- weights --------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["1", "1 + heat", "heat * 2 if lucky else 1"])
def test_integer_weight_has_no_problems(source: str) -> None:
    """A weight that is a whole-number expression passes."""
    assert weight(source) == []


@pytest.mark.parametrize(
    ("source", "kind"), [("lucky", "true/false"), ('"heavy"', "a string"), ("heat > 1", "true/false")]
)
def test_weight_must_be_a_whole_number(source: str, kind: str) -> None:
    """A weight that is not a whole number is LB011."""
    (problem,) = weight(source)
    assert (problem.code.code, problem.message) == ("LB011", f"a weight must be a whole number, but this is {kind}")


# --- nothing can reach Python ---------------------------------------------------------------------

MALICIOUS_EXPRESSIONS = [
    "__import__('os').system('echo pwned')",
    "().__class__.__bases__[0].__subclasses__()",
    "open('/etc/passwd').read()",
    "eval('1 + 1')",
    "exec('import os')",
    "globals()",
    "vars()['heat']",
    "getattr(heat, '__class__')",
    "heat.__class__",
    "__builtins__",
    "__builtins__['eval']",
    "[c for c in ().__class__.__base__.__subclasses__()]",
    "(lambda: __import__('os'))()",
    "breakpoint()",
    "open",
    "print",
    "help",
    "type(heat)",
    "heat.real",
    "''.join",
    "f'{__import__(\"os\")}'",
    "(x := __import__)",
    "[*__builtins__]",
    "1 if __import__('os') else 0",
    "not __debug__",
    "'%s' % heat",
    "'a' * 1000000000",
    "10 ** 10 ** 10",
    "{}.fromkeys",
    "heat.__dict__",
    "not " * 5000 + "lucky",
    "heat" + " + 1" * 600 + " > 0",
]

MALICIOUS_EFFECTS = [
    "heat = __import__('os').system('echo pwned')",
    "__builtins__ = {}",
    "heat.__class__ = int",
    "import os",
    "from os import system",
    "exec('heat = 1')",
    "heat = open('/etc/passwd').read()",
    "globals()['heat'] = 1",
    "del heat",
    "heat = print",
    "print = 1",
    "lucky = eval",
    "heat = (lambda: 0)()",
]


@contextmanager
def tripwires() -> Iterator[list[str]]:
    """Record any call to eval, exec, open or os.system made while the block runs."""
    calls: list[str] = []
    with (
        mock.patch.object(builtins, "eval", side_effect=lambda *a, **k: calls.append("eval")),
        mock.patch.object(builtins, "exec", side_effect=lambda *a, **k: calls.append("exec")),
        mock.patch.object(builtins, "open", side_effect=lambda *a, **k: calls.append("open")),
        mock.patch.object(os, "system", side_effect=lambda *a, **k: calls.append("os.system")),
    ):
        yield calls


def verdict(source: str, *, is_effect: bool) -> str:
    """'rejected' (a syntax error), 'problem' (the checker objects) or 'accepted'."""
    try:
        parsed = parse_effect(source) if is_effect else parse_expr(source)
    except ExprSyntaxError:
        return "rejected"
    problems = check_effect(parsed, DECLS) if is_effect else check_condition(parsed, DECLS)  # type: ignore[arg-type]
    return "problem" if problems else "accepted"


@pytest.mark.parametrize(
    "source", MALICIOUS_EXPRESSIONS, ids=[s if len(s) < 50 else s[:40] + "..." for s in MALICIOUS_EXPRESSIONS]
)
def test_no_condition_reaches_python(source: str) -> None:
    """A condition that tries to reach builtins, attributes, imports or huge values is refused, and nothing is run."""
    with tripwires() as calls:
        outcome = verdict(source, is_effect=False)
    assert outcome in ("rejected", "problem")
    assert calls == []


@pytest.mark.parametrize("source", MALICIOUS_EFFECTS)
def test_no_effect_reaches_python(source: str) -> None:
    """An effect that tries to reach builtins, attributes or imports is refused, and nothing is run."""
    with tripwires() as calls:
        outcome = verdict(source, is_effect=True)
    assert outcome in ("rejected", "problem")
    assert calls == []


def test_tripwires_notice_a_call() -> None:
    """The tripwires above do record a call to eval or os.system, so those tests can fail."""
    with tripwires() as calls:
        eval("1")
        os.system("true")
    assert calls == ["eval", "os.system"]
