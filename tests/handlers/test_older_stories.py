"""A country's reply goes further back on request ("Older ▸"), and offers "🔔 Subscribe" only to chats that
don't follow it yet: what a digest's "and 9 more: /morocco" line sends readers to."""
from __future__ import annotations

from datetime import timedelta

from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from tests.conftest import RunningBot
from tests.handlers.test_subscribe import ask, message_now

READER = 331
CITIES = ["Rabat", "Casablanca", "Fez", "Tangier", "Agadir", "Oujda", "Kenitra", "Tetouan", "Safi", "Nador",
          "Meknes", "Essaouira"]


async def test_older_pages_through_a_countrys_stories(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(READER, "Amina")
    for hours, city in enumerate(CITIES):  # Rabat newest, Essaouira oldest; distinct stories
        details = " ".join(f"{city.lower()}{hours}w{k}" for k in range(40))  # distinct texts: distinct stories
        text = (f"The city council of {city} in Morocco approved a new plan on Monday, Moroccan officials said. "
                f"It covers {details}.")
        await store_raw(bot.db, RawArticle(title=f"{city} approves its new city plan", text=text, source="Wire",
                                           published=bot.clock.now() - timedelta(hours=hours)), bot.clock.now())

    first = await ask(sandbox_client, "/morocco", chat_id=READER, user_id=READER)
    shown = [c for c in CITIES if f"{c} approves" in first["text"]]
    assert shown == CITIES[:5]
    labels = {b["text"]: b["callback_data"] for row in first["reply_markup"]["inline_keyboard"] for b in row}
    assert "🔔 Subscribe" in labels and "Older ▸" in labels

    pages = [shown]
    data = labels["Older ▸"]
    message_id = first["message_id"]
    while data is not None:
        before = len(await sandbox_client.bot_messages(READER))
        await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, message_id, data, user_id=READER))
        older = (await sandbox_client.wait_for_bot_messages(READER, before + 1))[before]
        tapped = await message_now(sandbox_client, READER, message_id)  # each page once: its button is gone
        assert "Older ▸" not in [b["text"] for row in (tapped.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]
        pages.append([c for c in CITIES if f"{c} approves" in older["text"]])
        buttons = {b["text"]: b["callback_data"] for row in (older.get("reply_markup") or {}).get("inline_keyboard", []) for b in row}
        data, message_id = buttons.get("Older ▸"), older["message_id"]
    assert pages == [CITIES[:5], CITIES[5:10], CITIES[10:]]  # every story once, newest first, then no more

    await ask(sandbox_client, "/subscribe morocco", chat_id=READER, user_id=READER)
    again = await ask(sandbox_client, "/morocco", chat_id=READER, user_id=READER)
    labels = [b["text"] for row in again["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["Older ▸"]  # followed already: no Subscribe button
