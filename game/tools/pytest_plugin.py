"""A pytest plugin: every `*.walk.yaml` under the test paths runs as a test.

Registered through the `pytest11` entry point, so it works in this repository and in any
folder of an author's own scenes once the game is installed. A walkthrough plays the pack its
`scenes:` key names; otherwise the pack set by the `lostbullet_scenes` ini option, else a
`scenes/` folder at the rootdir, else the shipped story. A golden transcript beside the file
(`NAME.walk.transcript`) is compared too. The game itself is imported only when a walk runs,
so loading the plugin costs ordinary test runs nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

_STORIES = pytest.StashKey[dict[Path, Any]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "lostbullet_scenes",
        "the scene pack that walkthroughs without a 'scenes:' key play (relative to the rootdir)",
        default="",
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.File | None:
    if file_path.name.endswith(".walk.yaml"):
        return WalkFile.from_parent(parent, path=file_path)
    return None


class WalkFile(pytest.File):
    def collect(self) -> list[pytest.Item]:
        return [WalkItem.from_parent(self, name=self.path.name.removesuffix(".walk.yaml"))]


class WalkFailed(Exception):
    """A walkthrough whose expectation, ending or transcript did not hold; the message says which."""


class WalkItem(pytest.Item):
    def runtest(self) -> None:
        from game.errors import ContentError  # deferred: see the module docstring
        from game.tools.walk import check_walk

        stories = self.config.stash.setdefault(_STORIES, {})
        try:
            outcome = check_walk(self.path, _default_scenes(self.config), stories)
        except ContentError as err:
            raise WalkFailed("\n".join(d.render() for d in err.diagnostics)) from None
        if not outcome.ok:
            raise WalkFailed(outcome.message)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, WalkFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"walkthrough {self.name}"


def _default_scenes(config: pytest.Config) -> Path:
    configured = str(config.getini("lostbullet_scenes"))
    if configured:
        return Path(config.rootpath) / configured
    local = Path(config.rootpath) / "scenes"
    if (local / "story.yaml").is_file():
        return local
    from game.paths import default_scenes

    return default_scenes()
