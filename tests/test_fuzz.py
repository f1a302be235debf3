"""Fuzzing the loader and the expression language with hypothesis.

Whatever an author (or a corrupted file) writes, the loader answers with diagnostics or a
story, never another exception, and no expression reaches a Python object. Numbers stay in
the whole-number range however they are combined, nested operators cost linear time, and a
name is what its characters say. The suite runs a bounded number of examples; set
LOSTBULLET_FUZZ_EXAMPLES to run more (README, "Testing").
"""

from __future__ import annotations

import ast
import shutil
import string
import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.expr.check import INT_MAX, INT_MIN, VarType, check_condition, check_effect, check_weight
from game.expr.compile import compile_effect, compile_expr
from game.expr.parse import ExprSyntaxError, parse_effect, parse_expr
from game.expr.template import TemplateError, parse_template, show
from game.session import Session
from game.story.loader import check_pack
from game.tools.lint import lint
from tests.conftest import TINY_SCENES, TINY_STORY, fuzz_budget, write_pack





DECLS = {
    "heat": VarType("heat", "int", 0, 5),
    "lucky": VarType("lucky", "bool"),
    "paint": VarType("paint", "enum", values=("primer", "blue")),
    "name": VarType("name", "str"),
}
VALUES = st.fixed_dictionaries(
    {
        "heat": st.integers(0, 5),
        "lucky": st.booleans(),
        "paint": st.sampled_from(["primer", "blue"]),
        "name": st.text(max_size=5),
    }
)
TOKENS = [
    "heat", "lucky", "paint", "name", "true", "false", "not", "and", "or", "in", "if", "else",
    "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "//", "%", "(", ")", ",", "0", "1", "7", "-3",
    '"blue"', '"primer"', "'x'", "__class__", ".", "[", "]", "lambda", ":", "=", "+=", "-=", "import",
    "os", "eval", "open", "**", "/", "{", "}", "@", ";",
]
EXPRESSIONS = st.one_of(
    st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12).map(" ".join),
    st.text(alphabet=string.printable, max_size=40),
)


def run_expression(source: str, values: dict[str, object]) -> None:
    try:
        expr = parse_expr(source)
    except ExprSyntaxError:
        return
    for check in (check_condition, check_weight):
        if not check(expr, DECLS):
            result = compile_expr(expr.tree)(dict(values))
            assert type(result) in (bool, int, str)


@fuzz_budget(700)
@given(EXPRESSIONS, VALUES)
def test_expressions_never_escape(source: str, values: dict[str, object]) -> None:
    """Any text as a condition or weight parses, fails to parse, or checks and evaluates to a plain value."""
    run_expression(source, values)


@fuzz_budget(500)
@given(EXPRESSIONS, VALUES)
def test_effects_never_escape(source: str, values: dict[str, object]) -> None:
    """Any text as an effect either is refused or sets one declared variable to a value of its type and range."""
    try:
        effect = parse_effect(source)
    except ExprSyntaxError:
        return
    if check_effect(effect, DECLS):
        return
    variables = dict(values)
    compile_effect(effect, DECLS[effect.target])(variables)
    assert set(variables) == set(DECLS)
    value = variables[effect.target]
    kind = DECLS[effect.target].kind
    assert type(value) is {"int": int, "bool": bool, "enum": str, "str": str}[kind]
    if kind == "int":
        assert 0 <= value <= 5
    if kind == "enum":
        assert value in ("primer", "blue")


class _Folder:
    """One pack folder reused across examples (hypothesis runs many per test)."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="lb-fuzz-"))

    def pack(self, scenes_text: str, story_text: str = TINY_STORY) -> Path:
        shutil.rmtree(self.path / "p", ignore_errors=True)
        return write_pack(self.path / "p", story_text, {"scenes.yaml": scenes_text})


FOLDER = _Folder()


def load_and_play(scenes_text: str, story_text: str = TINY_STORY) -> None:
    story, diagnostics = check_pack(FOLDER.pack(scenes_text, story_text))
    for d in diagnostics:
        assert d.span.line >= 0 and d.render()
    if story is not None:
        session = Session(story, 1)
        for _ in range(5):
            ids = session.open_choice_ids()
            if not ids:
                break
            try:
                session.choose(ids[0])
            except Exception as err:  # only the engine's own runtime content error may surface
                assert type(err).__name__ == "RuntimeContentError"
                break


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """A valid file with a few characters deleted, inserted or lines swapped, as editing slips do."""
    chars = list(text)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "swap", "replace"]))
        i = draw(st.integers(0, max(len(chars) - 1, 0)))
        if kind == "delete" and chars:
            del chars[i]
        elif kind == "insert":
            chars.insert(i, draw(st.sampled_from(list(":-{}[]#&*!|>'\"\t\n ,.%@`x0") + ["\x00", "é"])))
        elif kind == "replace" and chars:
            chars[i] = draw(st.sampled_from(list("abc:{} \n-0")))
        elif kind == "swap":
            lines = "".join(chars).split("\n")
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            chars = list("\n".join(lines))
    return "".join(chars)


@fuzz_budget(400)
@given(mutated(TINY_SCENES))
def test_mangled_scene_files_give_diagnostics_not_exceptions(text: str) -> None:
    """A scene file damaged at random loads to a story or to diagnostics, and a loaded one plays."""
    load_and_play(text)


@fuzz_budget(200)
@given(mutated(TINY_STORY))
def test_mangled_story_files_give_diagnostics_not_exceptions(text: str) -> None:
    """A damaged story.yaml gives diagnostics, never an exception."""
    load_and_play(TINY_SCENES, text)


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.sampled_from(["heat > 1", "street", "x += 1"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["title", "act", "text", "choices", "id", "to", "if", "do", "outcomes", "weight", "ending", "kind", "timer", "x"]), inner, max_size=5),
    max_leaves=20,
)


@fuzz_budget(300)
@given(st.dictionaries(st.sampled_from(["street", "home", "caught", "x y", "1"]), YAML_VALUES, max_size=4))
def test_random_scene_structures_give_diagnostics_not_exceptions(scenes: dict[str, object]) -> None:
    """Arbitrary YAML shapes under `scenes:` are reported, never crash the loader."""
    load_and_play(yaml.safe_dump({"act": 1, "scenes": scenes}, allow_unicode=True))


# --- numbers: huge literals, and arithmetic that would grow without bound ---------------------

NUMBER_DECLS = {
    "count": VarType("count", "int"),
    "heat": VarType("heat", "int", 0, 5),
    "debt": VarType("debt", "int", None, 0),
}
EDGES = [INT_MAX, INT_MAX + 1, INT_MIN, INT_MIN - 1, 2**63, 10**30, 0, 1, -1]
NUMBERS = st.one_of(st.sampled_from(EDGES), st.integers(-(10**120), 10**120), st.integers(-9, 9))
LITERALS = NUMBERS.map(lambda n: hex(n) if n > 2**70 and n % 3 == 0 else str(n))
ARITHMETIC = st.recursive(
    LITERALS | st.sampled_from(["count", "heat", "debt"]),
    lambda inner: st.tuples(inner, st.sampled_from([" + ", " - ", " * ", " // ", " % "]), inner).map(lambda t: f"({''.join(t)})")
    | inner.map(lambda e: f"-{e}"),
    max_leaves=12,
)
NUMBER_VALUES = st.fixed_dictionaries(
    {"count": st.integers(INT_MIN, INT_MAX) | st.sampled_from([INT_MIN, INT_MAX]), "heat": st.integers(0, 5), "debt": st.integers(INT_MIN, 0)}
)


@fuzz_budget(300)
@given(ARITHMETIC, NUMBER_VALUES)
def test_arithmetic_stays_in_the_whole_number_range(source: str, values: dict[str, int]) -> None:
    """Any sum, product or quotient of literals and ints is refused (a literal out of range, too
    long) or checks, and then evaluates inside INT_MIN..INT_MAX and renders."""
    try:
        expr = parse_expr(source)
    except ExprSyntaxError:
        return
    if check_weight(expr, NUMBER_DECLS):
        return
    result = compile_expr(expr.tree)(dict(values))
    assert INT_MIN <= result <= INT_MAX
    assert show(result)


@fuzz_budget(300)
@given(st.sampled_from(["count", "heat", "debt"]), st.sampled_from(["=", "+=", "-="]), ARITHMETIC, NUMBER_VALUES)
def test_effects_keep_every_int_in_its_range(target: str, op: str, value: str, values: dict[str, int]) -> None:
    """An effect that checks, applied over and over, keeps its int inside its declared (or the
    implicit) range, and the value renders."""
    try:
        effect = parse_effect(f"{target} {op} {value}")
    except ExprSyntaxError:
        return
    if check_effect(effect, NUMBER_DECLS):
        return
    var = NUMBER_DECLS[target]
    low, high = (INT_MIN if var.min is None else var.min), (INT_MAX if var.max is None else var.max)
    apply, variables = compile_effect(effect, var), dict(values)
    for _ in range(4):
        apply(variables)
        assert low <= variables[target] <= high
        assert show(variables[target])


# --- nested unary operators: the checker and the linter's value analysis are linear -----------

def nesting(operators: list[str], atoms: list[str], suffix: str = "") -> st.SearchStrategy[str]:
    """An atom under up to 98 of `operators` (the depth drawn evenly, so deep ones are common),
    each opening parenthesis closed again, then `suffix`."""

    def build(prefixes: list[str], atom: str) -> str:
        return "".join(prefixes) + atom + ")" * sum(p.endswith("(") for p in prefixes) + suffix

    depth = st.integers(0, 98).flatmap(lambda n: st.lists(st.sampled_from(operators), min_size=n, max_size=n))
    return st.builds(build, depth, st.sampled_from(atoms))


UNARY = nesting(["not ", "not (", "("], ["lucky", "heat > 1", "true", "paint == 'blue'"]) | nesting(
    ["-", "+", "-(", "("], ["heat", "0", "heat * 2"], " > 0"
)


@fuzz_budget(60)
@given(UNARY)
def test_nested_unary_operators_load_lint_and_play(condition: str) -> None:
    """A condition of many nested `not`, `-` and `+` loads or is refused (too long), lints, and
    plays: 99 `not`s once took the linter forever, doubling its work per level."""
    scenes = TINY_SCENES.replace("if: heat >= 2", f'if: "{condition}"')
    story, diagnostics = check_pack(FOLDER.pack(scenes))
    assert all(d.render() for d in diagnostics)
    if story is not None:
        assert isinstance(lint(story), list)
        Session(story, 1).view()


# --- names are what their characters say ---------------------------------------------------------

LOOKALIKES = "heatlucky_0" + "ｈｅａｔ" + "𝐡𝐞𝐚𝐭" + "éß" + "ﬁ" + "\u3000" + "ℎ"


@fuzz_budget(200)
@given(st.text(alphabet=LOOKALIKES, min_size=1, max_size=8), st.sampled_from(["{} > 1", "not {}", "{} += 1", "1 if {} else 2"]))
def test_non_ascii_names_are_refused_never_folded(name: str, shape: str) -> None:
    """Whatever letters a name is written with, the parse either refuses it or holds exactly the
    ASCII name written: NFKC never turns `ｈｅａｔ` or `ℎ` into another name."""
    source = shape.format(name)
    try:
        parsed = parse_effect(source) if "+=" in shape else parse_expr(source)
    except ExprSyntaxError as err:
        assert 0 <= err.offset <= len(source)
        return
    tree = parsed.value if "+=" in shape else parsed.tree
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | ({parsed.target} if "+=" in shape else set())
    assert all(n.isascii() and n in source for n in names)


@fuzz_budget(200)
@given(
    st.lists(
        st.text(alphabet=LOOKALIKES + " ", max_size=4)
        | st.tuples(st.text(alphabet=" \u3000", max_size=2), st.text(alphabet=LOOKALIKES, min_size=1, max_size=5)).map(
            lambda t: "{" + t[0] + t[1] + t[0][::-1] + "}"
        ),
        max_size=4,
    ).map("".join)
)
def test_non_ascii_names_in_text_are_refused_never_folded(text: str) -> None:
    """In `{name}` interpolation, a name with any non-ASCII character is refused at a character of the text."""
    try:
        _, names = parse_template(text)
    except TemplateError as err:
        assert 0 <= err.offset < len(text)
        return
    for name, offset in names:
        written = text[offset + 1 : text.index("}", offset)]
        assert name.isascii() and written.strip(" ") == name  # not padded by an ideographic space either
