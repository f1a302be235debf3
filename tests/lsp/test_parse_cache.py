"""The language server's parse cache: a check with it finds exactly what a fresh check finds.

In process (no server): the same `check` the server runs on each edit, with and without the
pack's `ParseCache`, on the small pack of the server tests with random edits over its files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.lsp.workspace import check
from game.story.source import ParseCache, parse_cache, read_yaml
from tests.lsp.lsp_pack import FILES, write_pack

_NAMES = sorted(FILES)
_PIECES = st.sampled_from(list("abc_: -{}[]\"'#\n\t|>=0123456789") + ["to: border\n", "to: nowhere\n", "if: heat > 1", "{heat}", "  - id: x\n", "scenes:", "&a ", "*a", "# lostbullet: ignore LB1\n", "é"])


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pack(tmp_path_factory.mktemp("cached")).absolute()


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(edits=st.lists(st.tuples(st.sampled_from(_NAMES), st.floats(0, 1), st.integers(0, 8), st.lists(_PIECES, max_size=3).map("".join)), min_size=1, max_size=4))
def test_random_edits_find_what_a_fresh_check_finds(pack: Path, edits: list[tuple[str, float, int, str]]) -> None:
    """After every edit, the cached check's diagnostics equal a fresh one's, and it parsed only the edited file.

    (Positions of another file may be asked for the first time, when the edit breaks a reference to it.)"""
    texts = {str(pack / name): text for name, text in FILES.items()}
    cache = ParseCache()
    assert check(pack, texts, parses=cache) == check(pack, texts)
    for name, where, cut, insert in edits:
        path = str(pack / name)
        text = texts[path]
        start = int(where * len(text))
        texts[path] = text[:start] + insert + text[start + cut :]
        before = cache.parsed_files
        assert check(pack, texts, parses=cache) == check(pack, texts)
        assert cache.parsed_files - before <= 1  # the edited file, no other
        assert {path for path, _ in cache._parses} <= set(texts)  # no older text kept beside the current one


def test_unchanged_files_are_not_parsed_again_and_handed_out_as_copies(pack: Path) -> None:
    cache = ParseCache()
    story = pack / "story.yaml"
    with parse_cache(cache):
        first, _ = read_yaml(story)
        first.data["title"] = "changed by a caller"
        first.data["variables"]["heat"]["initial"] = 99
        again, _ = read_yaml(story)
        assert first.span(("variables", "heat")).line == again.span(("variables", "heat")).line == 6
    assert (cache.parsed_files, cache.located_files) == (1, 1)  # the data and the positions, each parsed once
    assert again.data["title"] == "Checkpoint" and again.data["variables"]["heat"]["initial"] == 0


def test_entries_of_files_not_read_any_more_are_dropped(tmp_path: Path) -> None:
    pack = write_pack(tmp_path)
    cache = ParseCache()
    check(pack, {}, parses=cache)
    assert any(path.endswith("border.yaml") for path, _ in cache._parses)
    (pack / "act1" / "border.yaml").unlink()
    found = check(pack, {}, parses=cache)
    assert found == check(pack, {})
    assert not any(path.endswith("border.yaml") for path, _ in list(cache._parses) + list(cache._tables))


def test_a_file_with_an_anchor_is_parsed_every_time(tmp_path: Path) -> None:
    """An anchor's parse spends the pack's shared alias budget, which a cached result would skip."""
    path = tmp_path / "a.yaml"
    path.write_text("a: &x [1, 2]\nb: *x\n", encoding="utf-8")
    cache = ParseCache()
    with parse_cache(cache):
        assert read_yaml(path)[0].data == read_yaml(path)[0].data == {"a": [1, 2], "b": [1, 2]}
    assert not cache._parses
