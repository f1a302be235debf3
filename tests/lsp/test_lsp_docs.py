"""The editor settings in scenes/README.md ("Editors") are well formed and start this server."""

from __future__ import annotations

import json
import re
import tomllib

from tests.conftest import REPO


def blocks(language: str) -> list[str]:
    text = (REPO / "scenes/README.md").read_text(encoding="utf-8")
    section = text.split("\n## Editors (`lostbullet lsp`)\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, re.S)


def test_vs_code_settings_are_json_that_run_lostbullet_lsp() -> None:
    """The VS Code block is JSON and names `lostbullet lsp` for YAML files."""
    (settings,) = [json.loads(block) for block in blocks("json")]
    assert settings["glspc.server.command"] == "lostbullet" and settings["glspc.server.commandArguments"] == ["lsp"]
    assert settings["glspc.server.languageId"] == ["yaml"]


def test_helix_languages_toml_is_toml_that_runs_lostbullet_lsp() -> None:
    """The Helix block is TOML, defines the server and adds it to YAML files."""
    (config,) = [tomllib.loads(block) for block in blocks("toml")]
    assert config["language-server"]["lostbullet"] == {"command": "lostbullet", "args": ["lsp"]}
    assert "lostbullet" in config["language"][0]["language-servers"]


def test_neovim_block_starts_the_server_on_yaml_files() -> None:
    """The Neovim block starts `lostbullet lsp` with `vim.lsp.start` at the pack's root."""
    (lua,) = blocks("lua")
    assert 'vim.lsp.start({ name = "lostbullet", cmd = { "lostbullet", "lsp" }' in lua and '"story.yaml"' in lua
