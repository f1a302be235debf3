"""`{name}` interpolation in prose: parsed once into pieces, rendered by a join, never by str.format."""

from __future__ import annotations

import pytest

from game.expr.template import Template, TemplateError, parse_template, show


def rejected(text: str) -> TemplateError:
    with pytest.raises(TemplateError) as info:
        parse_template(text)
    return info.value


def test_text_without_braces_is_one_literal() -> None:
    """Text with no braces is a single literal piece with no names, rendered as is."""
    template, names = parse_template("A wet street.")
    assert template.pieces == ("A wet street.",) and names == []
    assert template.render({}) == "A wet street."


def test_name_is_interpolated_with_its_offset() -> None:
    """`{name}` becomes a variable piece; the parser reports the name and the offset of its brace."""
    template, names = parse_template("Night {nights}, heat {heat}.")
    assert template.pieces == ("Night ", "nights", ", heat ", "heat", ".")
    assert names == [("nights", 6), ("heat", 21)]
    assert template.render({"nights": 3, "heat": 1}) == "Night 3, heat 1."


def test_adjacent_names() -> None:
    """Two interpolations with nothing between them are both rendered."""
    template, names = parse_template("{a}{b}")
    assert names == [("a", 0), ("b", 3)]
    assert template.render({"a": 1, "b": 2}) == "12"


def test_spaces_inside_braces_are_ignored() -> None:
    """`{ name }` is the same as `{name}`."""
    template, names = parse_template("x{ heat }y")
    assert names == [("heat", 1)]
    assert template.render({"heat": 4}) == "x4y"


@pytest.mark.parametrize(
    ("text", "rendered"),
    [("{{heat}}", "{heat}"), ("}} and {{", "} and {"), ("{{{heat}}}", "{2}"), ("a {{ b }} c", "a { b } c")],
)
def test_doubled_braces_are_literal(text: str, rendered: str) -> None:
    """`{{` and `}}` stand for literal braces, also right next to an interpolation."""
    template, _ = parse_template(text)
    assert template.render({"heat": 2}) == rendered


def test_escaped_braces_are_not_names() -> None:
    """A name written inside doubled braces is text, not an interpolation."""
    _, names = parse_template("{{heat}}")
    assert names == []


@pytest.mark.parametrize(
    ("text", "offset"),
    [("Go {a.b} now", 3), ("{a[0]}", 0), ("x {a:>3}", 2), ("{a!r}", 0), ("{}", 0), ("{1st}", 0)],
)
def test_anything_but_a_name_in_braces_is_rejected(text: str, offset: int) -> None:
    """Attribute access, subscripts, format specs, conversions and non-names between braces are rejected at the brace."""
    err = rejected(text)
    inner = text[offset:].split("}")[0] + "}"
    assert err.message == f"'{inner}' is not a variable name; only {{name}} can be interpolated"
    assert err.offset == offset


@pytest.mark.parametrize(
    ("text", "offset", "char"),
    [
        ("Heat {ｈｅａｔ}.", 6, "ｈ"),  # fullwidth: NFKC would read it as {heat}
        ("x {he𝐚t}", 5, "𝐚"),  # mathematical bold
        ("{é}", 1, "é"),
        ("{\u3000heat}", 1, "\u3000"),  # an ideographic space is not padding
    ],
)
def test_non_ascii_name_in_braces_is_rejected_at_its_character(text: str, offset: int, char: str) -> None:
    """Names are ASCII: the error points at the first non-ASCII character and names its code point."""
    err = rejected(text)
    assert err.offset == offset and text[offset] == char
    assert "names are ASCII letters, digits and '_'" in err.message
    assert f"U+{ord(char):04X}" in err.message


@pytest.mark.parametrize(
    ("text", "brace", "offset"),
    [("Rain } falls", "}", 5), ("Rain { falls", "{", 5), ("{heat", "{", 0), ("{{heat}", "}", 6), ("heat}", "}", 4)],
)
def test_unmatched_brace_is_rejected_at_the_brace(text: str, brace: str, offset: int) -> None:
    """A single `{` or `}` that closes nothing is rejected at its offset, suggesting the doubled form."""
    err = rejected(text)
    assert err.message == f"unmatched '{brace}' in text; write '{brace}{brace}' for a literal brace"
    assert err.offset == offset
    assert str(err) == err.message


def test_render_does_not_format_values() -> None:
    """A value containing braces or format syntax is inserted verbatim, not formatted again."""
    template, _ = parse_template("Name: {who}")
    assert template.render({"who": "{heat} {0} %s"}) == "Name: {heat} {0} %s"


@pytest.mark.parametrize(("value", "shown"), [(True, "yes"), (False, "no"), (0, "0"), (3, "3"), ("blue", "blue")])
def test_show(value: object, shown: str) -> None:
    """`show` writes booleans as yes/no and everything else as str() does (0 stays 0, not 'no')."""
    assert show(value) == shown


def test_render_shows_booleans_as_yes_no() -> None:
    """A bool interpolated into text reads yes/no."""
    template, _ = parse_template("Lucky: {lucky}, unlucky: {unlucky}")
    assert template.render({"lucky": True, "unlucky": False}) == "Lucky: yes, unlucky: no"


def test_render_needs_every_name() -> None:
    """Rendering with a variable missing raises KeyError (the loader guarantees every name is declared)."""
    template, _ = parse_template("{heat}")
    with pytest.raises(KeyError):
        template.render({})


def test_template_is_an_immutable_value() -> None:
    """Templates are frozen and compare by their pieces, so equal texts give equal templates."""
    first, _ = parse_template("a {b} c")
    second, _ = parse_template("a {b} c")
    assert first == second == Template(("a ", "b", " c"))
    with pytest.raises(AttributeError):
        first.pieces = ()  # type: ignore[misc]
