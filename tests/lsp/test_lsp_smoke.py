from __future__ import annotations
import pytest, pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient
from tests.lsp.lsp_pack import CONFIG, write_pack, start, until, codes, ROAD

pytestmark = pytest.mark.asyncio(loop_scope="module")

@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    return write_pack(tmp_path_factory.mktemp("pack"))

@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient, pack):
    await start(lsp_client, pack)
    yield
    await lsp_client.shutdown_session()

async def test_smoke(client: LanguageClient, pack):
    uri = (pack / "act1/road.yaml").as_uri()
    text = ROAD.replace("to: checkpoint_2", "to: chekpoint_2", 1)
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text)))
    found = await until(client, uri, lambda f: "LB008" in codes(f))
    print(found)
