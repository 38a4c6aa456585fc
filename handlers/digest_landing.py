"""Where a digest asked for with /digest now went, for the answer to an admin of a forum who asked outside the topic
the forum's news goes to.

The digest goes through the outbox, and only its sender learns that the topic takes no messages (closed to the bot,
or deleted, which Telegram tells no bot) and moves it to General with a note (delivery.engine, delivery.topic_notes).
An answer written before it went said "Sent a digest to the topic Morocco desk" of a digest that came to General.
So the answer waits for the digest to go out, LANDING_WAIT seconds at most, and says where it went; a digest slower
than that (a busy group's limit, Telegram down) is answered with where it is headed.
"""
from __future__ import annotations

import asyncio
import html

from handlers.context import Ctx
from storage import chats as chat_store
from storage import outbox

LANDING_WAIT = 15.0  # seconds on the bot's clock: time for a few messages under a group's 20 a minute


async def sent_reply(context: Ctx, chat_id: int, topic_id: int, topic_name: str, ids: tuple[int, ...]) -> str:
    """HTML: where the digest queued as the messages `ids` for the chat's news topic went, or is headed."""
    name = html.escape(topic_name)
    threads = await _where_it_went(context, ids)
    if not threads:  # not gone yet, or refused
        return f"📣 Queued a digest for the topic {name}; should that topic be closed or deleted, it comes to General."
    if None not in threads:
        return f"📣 Sent a digest to the topic {name}."
    chat = await chat_store.get_chat(context.db, chat_id)
    now_to = chat.topic_id if chat is not None else None
    why = "is closed" if now_to == topic_id else "was deleted" if now_to is None else "took no messages"
    return f"📣 The topic {name} {why}, so I sent the digest to General."


async def _where_it_went(context: Ctx, ids: tuple[int, ...]) -> list[int | None] | None:
    """The topics the messages went to once all are sent (outbox.sent_to_threads), read again after each round of
    the sender; None if they have not all gone within LANDING_WAIT."""
    engine = context.bot_data.services.get("delivery")
    deadline = asyncio.ensure_future(context.clock.sleep(LANDING_WAIT))
    try:
        while not deadline.done():
            round_end = engine.round_end() if engine is not None else None
            threads = await outbox.sent_to_threads(context.db, ids)
            if threads is not None or round_end is None:
                return threads
            await asyncio.wait({round_end, deadline}, return_when=asyncio.FIRST_COMPLETED)
        return await outbox.sent_to_threads(context.db, ids)
    finally:
        deadline.cancel()
