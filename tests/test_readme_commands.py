"""The README's command table and `--help` agree: every command and every option is in both."""

from __future__ import annotations

import argparse
import re

import pytest

from game.cli import _parser
from tests.conftest import REPO

SHARED = {"-h", "--help", "--scenes", "--saves"}
"""Options the README states once for every command, under the table."""


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def readme_rows() -> dict[str, str]:
    """Command name -> the text of its row(s) in the README's table under '## Commands'."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if not cells or not cells[0].startswith("`lostbullet"):
            continue
        for command in re.findall(r"`lostbullet ([a-z][a-z0-9]*)", cells[0]):
            rows[command] = rows.get(command, "") + " " + line
    return rows


def options_of(parser: argparse.ArgumentParser) -> set[str]:
    """The parser's options, and those of its own sub-commands (`i18n extract --interface`)."""
    nested = {o for a in parser._actions if isinstance(a, argparse._SubParsersAction) for p in a.choices.values() for o in options_of(p)}
    return ({o for a in parser._actions for o in a.option_strings if o.startswith("--")} | nested) - SHARED


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_and_option_is_in_the_readme(name: str) -> None:
    rows = readme_rows()
    assert name in rows, f"the README's command table has no row for `lostbullet {name}`"
    missing = sorted(o for o in options_of(subcommands()[name]) if not re.search(re.escape(o) + r"\b", rows[name]))
    assert not missing, f"`lostbullet {name}` options missing from its README row: {missing}"


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_option_in_the_readme_exists(name: str) -> None:
    written = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", readme_rows().get(name, "")))
    unknown = sorted(written - options_of(subcommands()[name]) - SHARED)
    assert not unknown, f"the README's row for `lostbullet {name}` names options it does not have: {unknown}"


def test_every_command_has_a_description_and_every_argument_help() -> None:
    for name, parser in subcommands().items():
        assert parser.description, f"`lostbullet {name} --help` has no description line"
        for action in parser._actions:
            assert action.help, f"`lostbullet {name}`: {action.option_strings or action.metavar or action.dest} has no help"
