"""Telegram keeps a message's first 100 formatting entities and ignores the others, without an error: the sandbox
does the same, so a bot that packs more links into a message sees them lost, as its readers would."""
from __future__ import annotations

from telegram import Bot

from sandbox.client import SandboxClient
from tests.sandbox.conftest import USER


async def test_entities_past_the_hundredth_are_ignored(ptb: Bot, sandbox_client: SandboxClient) -> None:
    text = "\n".join(f'<b>{n}</b> <a href="https://news.example/{n}">story</a>' for n in range(60))
    sent = await ptb.send_message(USER, text, parse_mode="HTML")
    assert len(sent.entities) == 100
    assert sent.entities[-1].type == "text_link" and sent.entities[-1].url == "https://news.example/49"
    [stored] = [m for m in await sandbox_client.bot_messages(USER) if m["message_id"] == sent.message_id]
    assert len(stored["entities"]) == 100
    assert "story" in stored["text"].splitlines()[59]  # the text stays whole
