"""`lostbullet lsp --tcp PORT` speaks the same protocol on 127.0.0.1, for debugging a client."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

from tests.conftest import REPO


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def send(conn: socket.socket, message: dict[str, object]) -> None:
    body = json.dumps(message).encode()
    conn.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)


def receive(conn: socket.socket) -> dict[str, object]:
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(4096)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    while len(body) < length:
        body += conn.recv(4096)
    return json.loads(body[:length])


def test_tcp_server_answers_initialize_on_loopback() -> None:
    """The server listens on 127.0.0.1:PORT and answers `initialize` with its capabilities."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "game", "lsp", "--tcp", str(port)], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                conn = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read().decode() if server.poll() is not None else "no listener"
                time.sleep(0.05)
        with conn:
            send(conn, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}})
            reply = receive(conn)
            capabilities = reply["result"]["capabilities"]  # type: ignore[index]
            assert capabilities["completionProvider"] and capabilities["renameProvider"] and capabilities["definitionProvider"]
            send(conn, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
            assert receive(conn)["id"] == 2
            send(conn, {"jsonrpc": "2.0", "method": "exit"})
        server.wait(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
