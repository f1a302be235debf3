"""A pytest plugin: every `*.walk.yaml` under the test paths runs as a test, and every pack is validated.

Registered through the `pytest11` entry point, so it works in this repository and in any
folder of an author's own scenes once the game is installed. A walkthrough plays the pack its
`scenes:` key names; otherwise the pack set by the `lostbullet_scenes` ini option, else the
nearest pack at or above the walk's folder (`story.yaml`, or a `scenes/` beside a parent),
else the default story, with a warning in every run that says so. A golden transcript beside
the file (`NAME.walk.transcript`) is compared too, and each `NAME.walk.LANG.transcript` makes one
more item, `NAME[LANG]`, that plays the walk in that language (`walk --lang LANG`).

Each `story.yaml` under the test paths is a pack, and gets one item, `story.yaml::validate`,
that runs `lostbullet validate --strict` on it (with `--deep` when the `lostbullet_deep` ini
option is true), so `pytest` alone gates a pack. The game itself is imported only when an item
runs, so loading the plugin costs ordinary test runs nothing.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

_STORIES = pytest.StashKey[dict[Path, Any]]()


class FallbackWarning(UserWarning):
    """A walkthrough found no pack of its own and played the default story."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "lostbullet_scenes",
        "the scene pack that walkthroughs without a 'scenes:' key play (relative to the rootdir)",
        default="",
    )
    parser.addini("lostbullet_deep", "also explore every state when validating a pack (validate --deep)", type="bool", default=False)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.File | None:
    if file_path.name.endswith(".walk.yaml"):
        return WalkFile.from_parent(parent, path=file_path)
    if file_path.name == "story.yaml":
        return PackFile.from_parent(parent, path=file_path)
    return None


class WalkFile(pytest.File):
    def collect(self) -> list[pytest.Item]:
        """The walk, and the walk in each language it has a golden transcript for (`NAME.walk.LANG.transcript`)."""
        name = self.path.name.removesuffix(".walk.yaml")
        items = [WalkItem.from_parent(self, name=name)]
        for golden in sorted(self.path.parent.glob(f"{name}.walk.*.transcript")):
            lang = golden.name.removeprefix(f"{name}.walk.").removesuffix(".transcript")
            if lang and "." not in lang:
                items.append(WalkItem.from_parent(self, name=f"{name}[{lang}]", lang=lang))
        return items


class PackFile(pytest.File):
    def collect(self) -> list[pytest.Item]:
        return [PackItem.from_parent(self, name="validate")]


class WalkFailed(Exception):
    """A walkthrough whose expectation, ending or transcript did not hold; the message says which."""


class _Reported(pytest.Item):
    """An item whose failure is its message alone: file:line:col lines, never a Python traceback."""

    funcargs: dict[str, Any] = {}
    """None: but pytest-lsp 1.0.1's `pytest_runtest_call` wrapper returns without yielding for
    an item that lacks this attribute, which fails every item that is not a test function."""

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, WalkFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))


class WalkItem(_Reported):
    def __init__(self, *, lang: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        """The language played (`walk --lang`), or None for the pack's own."""

    def runtest(self) -> None:
        from game.errors import ContentError  # deferred: see the module docstring
        from game.tools.walk import check_walk

        stories = self.config.stash.setdefault(_STORIES, {})
        try:
            outcome = check_walk(self.path, _configured_scenes(self.config), stories, lang=self.lang)
        except ContentError as err:
            raise WalkFailed("\n".join(d.render() for d in err.diagnostics)) from None
        finally:
            if self.lang is not None:  # the game's wording back in English for whatever runs next
                from game.i18n import interface

                interface.use("")
        if outcome.notice:
            warnings.warn(FallbackWarning(outcome.notice), stacklevel=1)
        if not outcome.ok:
            raise WalkFailed(outcome.message)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"walkthrough {self.name}"


class PackItem(_Reported):
    def runtest(self) -> None:
        from game.tools.validate import findings  # deferred: see the module docstring

        deep = bool(self.config.getini("lostbullet_deep"))
        diagnostics = findings(self.path.parent, strict=True, deep=deep).diagnostics
        errors = [d for d in diagnostics if d.severity.is_error]
        if errors:
            command = f"lostbullet validate --strict{' --deep' if deep else ''} {self.path.parent}"
            raise WalkFailed("\n".join([*(d.render() for d in errors), f"({len(errors)} from: {command})"]))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"validate {self.path.parent.name}"


def _configured_scenes(config: pytest.Config) -> Path | None:
    configured = str(config.getini("lostbullet_scenes"))
    return Path(config.rootpath) / configured if configured else None
