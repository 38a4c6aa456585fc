"""Files in the sandbox as in Telegram: sendDocument by multipart upload or file_id, a user's document in an update,
getFile and the download under /file/bot<token>/, with Telegram's limits (50 MB up, 20 MB down, 1024-character
captions) and error shapes. PTB 22 is the client, as the bot uses it."""
from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot
from telegram.error import BadRequest, NetworkError

from sandbox.client import SandboxClient
from sandbox.files import DOWNLOAD_LIMIT, UPLOAD_LIMIT
from sandbox.server import RunningSandbox
from tests.sandbox.conftest import TOKEN, USER

OPML = b'<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="A" xmlUrl="https://a.example/rss"/></body></opml>'


@pytest.fixture
async def files_bot(ptb: Bot, sandbox: RunningSandbox) -> AsyncIterator[Bot]:
    """PTB's Bot with the sandbox's file URL too, as the bot is built."""
    async with Bot(TOKEN, base_url=sandbox.api_base_url, base_file_url=f"{sandbox.url}/file/bot") as bot:
        yield bot


async def test_a_document_is_uploaded_with_its_name_type_size_and_caption(
    files_bot: Bot, sandbox_client: SandboxClient
) -> None:
    sent = await files_bot.send_document(USER, OPML, filename="feeds-2026-12-04.opml", caption="<b>3</b> feeds",
                                         parse_mode="HTML")
    assert sent.document.file_name == "feeds-2026-12-04.opml"
    assert sent.document.mime_type == "text/x-opml" and sent.document.file_size == len(OPML)
    assert sent.caption == "3 feeds" and sent.caption_entities[0].type == "bold" and sent.text is None
    [shown] = await sandbox_client.bot_messages(USER)
    assert shown["text"] == "3 feeds" and shown["document"]["file_name"] == "feeds-2026-12-04.opml"


async def test_a_sent_file_can_be_sent_again_by_its_file_id(files_bot: Bot) -> None:
    first = await files_bot.send_document(USER, OPML, filename="a.opml")
    again = await files_bot.send_document(USER, first.document.file_id)
    assert again.document.file_unique_id == first.document.file_unique_id
    with pytest.raises(BadRequest, match="(?i)wrong file identifier/HTTP URL specified"):
        await files_bot.send_document(USER, "no-such-file-id")


@pytest.mark.parametrize(("caption", "error"), [
    pytest.param("x" * 1025, "message caption is too long", id="over-1024"),
    pytest.param("<b>" + "x" * 1024 + "</b>", None, id="1024-after-tags"),
    pytest.param("<p>feeds</p>", "can't parse entities", id="bad-html"),
])
async def test_a_caption_follows_telegrams_rules(files_bot: Bot, caption: str, error: str | None) -> None:
    if error is None:
        assert (await files_bot.send_document(USER, OPML, filename="a.opml", caption=caption, parse_mode="HTML")).caption
        return
    with pytest.raises(BadRequest, match="(?i)" + error):
        await files_bot.send_document(USER, OPML, filename="a.opml", caption=caption, parse_mode="HTML")


async def test_an_empty_or_missing_file_is_refused(sandbox: RunningSandbox, files_bot: Bot) -> None:
    with pytest.raises(BadRequest, match="(?i)file must be non-empty"):
        await files_bot.send_document(USER, b"", filename="empty.opml")
    async with httpx.AsyncClient() as http:
        response = await http.post(f"{sandbox.api_base_url}{TOKEN}/sendDocument", data={"chat_id": str(USER)})
    assert response.json() == {"ok": False, "error_code": 400, "description": "Bad Request: there is no document in the request"}


async def test_a_file_over_50_mb_is_too_large(sandbox: RunningSandbox, files_bot: Bot) -> None:
    async with httpx.AsyncClient(timeout=60) as http:
        response = await http.post(f"{sandbox.api_base_url}{TOKEN}/sendDocument", data={"chat_id": str(USER)},
                                   files={"document": ("big.bin", b"x" * (UPLOAD_LIMIT + 1))})
    assert response.status_code == 413
    assert response.json() == {"ok": False, "error_code": 413, "description": "Request Entity Too Large"}
    with pytest.raises(NetworkError, match="Request Entity Too Large"):  # what PTB makes of it
        await files_bot.send_document(USER, b"x" * (UPLOAD_LIMIT + 1), filename="big.bin")


async def test_a_users_document_comes_in_an_update_and_downloads(files_bot: Bot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.send_document(USER, OPML, "Feedly export.OPML", user_id=USER, caption="/importfeeds")
    message = (await files_bot.get_updates(timeout=0))[-1].message
    assert message.document.file_name == "Feedly export.OPML" and message.document.mime_type == "text/x-opml"
    assert message.document.file_size == len(OPML) and message.caption == "/importfeeds" and message.text is None
    assert message.caption_entities[0].type == "bot_command"
    file = await files_bot.get_file(message.document.file_id)
    assert file.file_path.endswith(".OPML") and file.file_size == len(OPML)
    assert bytes(await file.download_as_bytearray()) == OPML


async def test_the_type_a_users_app_declares_is_kept(files_bot: Bot, sandbox_client: SandboxClient) -> None:
    sent = await sandbox_client.send_document(USER, OPML, "feeds.xml", user_id=USER, mime_type="application/xml")
    assert sent["document"]["mime_type"] == "application/xml" and "text" not in sent


async def test_get_file_refuses_unknown_ids_and_files_over_20_mb(files_bot: Bot, sandbox_client: SandboxClient) -> None:
    with pytest.raises(BadRequest, match="(?i)invalid file_id"):
        await files_bot.get_file("nope")
    sent = await sandbox_client.send_document(USER, b"x" * (DOWNLOAD_LIMIT + 1), "big.bin", user_id=USER)
    with pytest.raises(BadRequest, match="(?i)file is too big"):
        await files_bot.get_file(sent["document"]["file_id"])


async def test_a_download_needs_the_bots_token_and_a_path_get_file_gave(
    sandbox: RunningSandbox, files_bot: Bot, sandbox_client: SandboxClient
) -> None:
    sent = await sandbox_client.send_document(USER, OPML, "a.opml", user_id=USER)
    path = (await files_bot.get_file(sent["document"]["file_id"])).file_path.rsplit("/file/bot", 1)[1].split("/", 1)[1]
    async with httpx.AsyncClient() as http:
        assert (await http.get(f"{sandbox.url}/file/bot{TOKEN}/{path}")).content == OPML
        other_token = await http.get(f"{sandbox.url}/file/bot4242:other/{path}")
        no_path = await http.get(f"{sandbox.url}/file/bot{TOKEN}/documents/file_99.opml")
    assert other_token.status_code == 401
    assert no_path.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_a_documents_text_cannot_be_edited(files_bot: Bot) -> None:
    sent = await files_bot.send_document(USER, OPML, filename="a.opml", caption="1 feed")
    with pytest.raises(BadRequest, match="(?i)there is no text in the message to edit"):
        await files_bot.edit_message_text("2 feeds", chat_id=USER, message_id=sent.message_id)


async def test_in_a_group_the_bot_sees_a_document_only_under_a_command(
    files_bot: Bot, sandbox_client: SandboxClient
) -> None:
    group = await sandbox_client.create_chat("group", "Desk")
    plain = await sandbox_client.send_document(group["id"], OPML, "a.opml", user_id=USER)
    command = await sandbox_client.send_document(group["id"], OPML, "b.opml", user_id=USER, caption="/importfeeds")
    seen = [u.message.message_id for u in await files_bot.get_updates(timeout=0) if u.message and u.message.document]
    assert seen == [command["message_id"]] and plain["message_id"] not in seen
