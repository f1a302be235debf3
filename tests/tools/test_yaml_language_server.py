"""The schemas as an editor reads them: yaml-language-server, driven over LSP as VS Code drives it.

A pack made by `lostbullet init` has the schemas its modelines name (with its own scene and
choice ids); the server, started once for the module, reads a broken scene file through its
modeline and must report each mistake JSON Schema can catch, complete `to:` with the pack's
scene ids and show hover text. The server comes from npm, pinned in `.ci/node` (`.ci/run`
installs it with `npm ci`); without it the module is skipped, except in CI, where a missing
server is a failure, so a broken install step cannot pass unseen.

The client is a few lines of JSON-RPC over the server's stdio, synchronous so that one server
serves every test of the module (about a second in all).
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from game.cli import main

REPO = Path(__file__).resolve().parents[2]
SERVER = Path(os.environ.get("LOSTBULLET_YAML_LANGUAGE_SERVER", REPO / ".ci" / "node" / "node_modules" / ".bin" / "yaml-language-server"))
TIMEOUT = 30.0

BROKEN = """\
# yaml-language-server: $schema=../schema/scene-file.json
act: 1
scenes:
  Bad-Scene:
    title: Bad
    text: T.
    choises: []
  other:
    title: Other
    text: T.
    timer: {seconds: 0, default: steady}
    choices:
      - {id: go, text: Go}
      - {id: both, text: Both, to: start, outcomes: [{weight: 1, to: start}]}
      - id: three
        text: Three
        to: 
"""


class Client:
    """An LSP client over a server's stdio: requests wait for their answer, notifications are queued."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.last_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.process.stdout
        assert out is not None
        while True:
            length = 0
            while (line := out.readline().strip()) != b"":
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if not length:
                return  # the server closed its output
            self.inbox.put(json.loads(out.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self.last_id += 1
        number = self.last_id
        self.send({"id": number, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == number and "method" not in m)["result"]

    def wait(self, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """The next message `wanted` accepts; the server's own requests are answered on the way."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self.inbox.get(timeout=max(0.01, deadline - time.monotonic()))
            if "method" in message and "id" in message:  # workspace/configuration and the like
                items = (message.get("params") or {}).get("items")
                self.send({"id": message["id"], "result": [{} for _ in items] if items else None})
            elif wanted(message):
                return message

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=5)
        except (OSError, queue.Empty, subprocess.TimeoutExpired):
            self.process.kill()


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pack from `lostbullet init`: a start scene with choices `steady` and `open`, an ending `opened`, and its schemas."""
    folder = tmp_path_factory.mktemp("yamlls") / "ferry"
    assert main(["init", str(folder), "--title", "Ferry"]) == 0
    return folder


@pytest.fixture(scope="module")
def client(pack: Path) -> Iterator[Client]:
    if not SERVER.exists() or shutil.which("node") is None:
        message = f"yaml-language-server is not installed at {SERVER} (npm ci --prefix .ci/node)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = Client([str(SERVER), "--stdio"])
    try:
        server.request("initialize", {
            "processId": os.getpid(), "rootUri": pack.as_uri(), "workspaceFolders": [{"uri": pack.as_uri(), "name": "ferry"}],
            "capabilities": {"textDocument": {"hover": {"contentFormat": ["markdown"]}, "publishDiagnostics": {}}, "workspace": {"configuration": True}},
        })  # fmt: skip
        server.notify("initialized", {})
        server.notify("workspace/didChangeConfiguration", {"settings": {"yaml": {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}}}})
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def broken(client: Client, pack: Path) -> tuple[str, list[dict[str, Any]]]:
    """The broken scene file, opened unsaved in the editor, and the diagnostics the server publishes for it."""
    uri = (pack / "act1" / "broken.yaml").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": BROKEN}})
    found = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and m["params"]["diagnostics"])
    return uri, found["params"]["diagnostics"]


def at(diagnostics: list[dict[str, Any]], line: int) -> list[str]:
    """The messages on a 1-based line."""
    return [d["message"] for d in diagnostics if d["range"]["start"]["line"] == line - 1]


def test_the_editor_reports_each_mistake_the_schema_can_catch(broken: tuple[str, list[dict[str, Any]]]) -> None:
    """Through the modeline: a bad scene id, a typo'd key, no choices nor ending, a choice with no target,
    one with both, a zero-second timer, and a target that is no scene of the pack, each on its line."""
    _, diagnostics = broken
    assert any("does not match the pattern" in m for m in at(diagnostics, 4))  # Bad-Scene
    assert any("choises is not allowed" in m for m in at(diagnostics, 7))
    assert any('Missing property "to"' in m for m in at(diagnostics, 13))  # {id: go, text: Go}
    assert at(diagnostics, 14)  # both `to` and `outcomes`
    assert any("below the minimum of 1" in m for m in at(diagnostics, 11))  # timer seconds 0
    assert any('"opened", "start"' in m for m in at(diagnostics, 17))  # `to:` names one of the pack's scenes
    assert not at(diagnostics, 9) and not at(diagnostics, 10)  # near miss: a good title and text say nothing


def test_the_editor_completes_to_with_the_packs_scene_ids(client: Client, broken: tuple[str, list[dict[str, Any]]]) -> None:
    """`to: |` completes to the scenes the pack's own schema names."""
    uri, _ = broken
    found = client.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": 16, "character": 12}})
    items = found["items"] if isinstance(found, dict) else found
    assert sorted(item["label"] for item in items) == ["opened", "start"]


def test_hover_shows_the_fields_description_in_markdown(client: Client, broken: tuple[str, list[dict[str, Any]]]) -> None:
    """Hover on `timer:` gives its description, in Markdown, with real backticks, not escaped ones."""
    uri, _ = broken
    found = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 10, "character": 6}})
    text = found["contents"]["value"]
    assert found["contents"]["kind"] == "markdown" and "takes `default` when time runs out" in text and "\\`" not in text


def test_a_walkthrough_is_checked_through_its_modeline(client: Client, pack: Path) -> None:
    """The walk file's schema catches an unknown key in a step; the walk `init` wrote is clean."""
    walk = pack / "tests" / "start.walk.yaml"
    good, bad = walk.as_uri(), walk.with_name("typo.walk.yaml").as_uri()
    text = walk.read_text(encoding="utf-8")
    client.notify("textDocument/didOpen", {"textDocument": {"uri": good, "languageId": "yaml", "version": 1, "text": text}})
    clean = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == good)
    assert clean["params"]["diagnostics"] == []
    typo = text.replace("steps:\n", "steps:\n  - chose: steady\n", 1)
    assert typo != text
    client.notify("textDocument/didOpen", {"textDocument": {"uri": bad, "languageId": "yaml", "version": 1, "text": typo}})
    found = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == bad and m["params"]["diagnostics"])
    assert [(d["range"]["start"]["line"], d["message"]) for d in found["params"]["diagnostics"]] == [(4, "Property chose is not allowed.")]
