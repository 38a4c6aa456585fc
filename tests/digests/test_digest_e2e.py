"""A reader in Rabat, end to end: subscribe, schedule, receive digests through the real bot and sandbox."""
from __future__ import annotations

from datetime import datetime, timezone

from clock import ManualClock
from ingest.store import store_processed, store_raw
from news.pipeline import process_article
from storage import chats as chat_store
from news.models import RawArticle
from sandbox.client import SandboxClient
from tests.conftest import BotFactory, RunningBot, wait_until
from tests.handlers.test_subscribe import READER, ask

UTC = timezone.utc

MOROCCO = RawArticle(
    title="Morocco opens its largest solar plant near Ouarzazate",
    text="Morocco inaugurated a new phase of the Noor solar complex near Ouarzazate on Tuesday, officials in Rabat said. "
         "The Moroccan energy ministry said the plant would power a million homes.",
    source="Wire", url="https://wire.example/morocco-solar")
TECH = RawArticle(
    title="Chipmaker unveils faster smartphone processor and AI software",
    text="A leading chipmaker unveiled a new smartphone processor with built-in artificial intelligence features. "
         "The company said software developers could use the chip's neural engine in apps from next year.",
    source="TechWire", url="https://techwire.example/chip")
MOROCCO_LATER = RawArticle(
    title="Moroccan farmers turn to drip irrigation as drought deepens",
    text="Farmers across Morocco are switching to drip irrigation after six years of drought, the agriculture ministry in Rabat said. "
         "Moroccan reservoirs are at a record low.",
    source="Wire", url="https://wire.example/morocco-drought")


async def digests(client: SandboxClient) -> list[dict]:
    return [m for m in await client.bot_messages(READER) if "Your news digest" in m["text"]]


async def until_digests(client: SandboxClient, count: int) -> list[dict]:
    async def arrived() -> bool:
        return len(await digests(client)) >= count
    await wait_until(arrived)
    return await digests(client)


async def edited(client: SandboxClient, message_id: int, count: int) -> dict:
    """The reader's message `message_id` once it has been edited `count` times."""
    async def done() -> bool:
        return any(m["message_id"] == message_id and m["edit_count"] >= count for m in await client.bot_messages(READER))
    await wait_until(done)
    return next(m for m in await client.bot_messages(READER) if m["message_id"] == message_id)


async def setup_reader(client: SandboxClient) -> None:
    await client.create_user(READER, "Amina")
    for command in ("/timezone Rabat", "/subscribe morocco", "/subscribe tech", "/digest 07:30", "/quiet 22:00-07:00"):
        await ask(client, command)


async def test_reader_in_rabat_gets_each_story_once(bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock) -> None:
    await setup_reader(sandbox_client)
    await store_raw(bot.db, MOROCCO, clock.now())
    await store_raw(bot.db, TECH, clock.now())
    clock.set(datetime(2026, 11, 25, 6, 29, tzinfo=UTC))  # 07:29 in Rabat
    assert await bot.app.bot_data.services["digests"].tick() == 0
    clock.set(datetime(2026, 11, 25, 6, 31, tzinfo=UTC))  # 07:31 in Rabat
    [first] = await until_digests(sandbox_client, 1)
    assert "Morocco opens its largest solar plant" in first["text"]
    assert "Chipmaker unveils" in first["text"]
    assert first["link_preview_disabled"]

    await store_raw(bot.db, MOROCCO_LATER, clock.now())
    clock.advance(hours=24)
    first, second = await until_digests(sandbox_client, 2)
    assert "drip irrigation" in second["text"]
    assert "solar plant" not in second["text"] and "Chipmaker" not in second["text"]

    # A two-sentence article: its summary is the whole text, so no "More ▸" offers a longer one.
    assert second.get("reply_markup") is None
    # One from before that rule still answers so, and changes nothing.
    digest_id = (await bot.db.fetchone("select max(id) from digests"))[0]
    answer = await sandbox_client.wait_for_callback_answer(
        await sandbox_client.click(READER, second["message_id"], f"more:{digest_id}:0:1", user_id=READER, forged=True))
    assert "no longer summary" in answer["text"]
    [unchanged] = [m for m in await sandbox_client.bot_messages(READER) if m["message_id"] == second["message_id"]]
    assert unchanged["edit_count"] == 0 and unchanged["text"] == second["text"]


async def test_restart_across_the_due_time_sends_exactly_one(
    bot: RunningBot, start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup_reader(sandbox_client)
    await store_raw(bot.db, MOROCCO, clock.now())
    await bot.stop()
    clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))  # down at 07:30 local, back at 10:00
    restarted = await start_bot()
    [digest] = await until_digests(sandbox_client, 1)
    assert "solar plant" in digest["text"]
    clock.advance(minutes=5)
    await restarted.stop()
    assert len(await digests(sandbox_client)) == 1


async def test_digest_now_when_nothing_is_new(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await setup_reader(sandbox_client)
    await sandbox_client.send_message(READER, "/digest now", user_id=READER)
    [digest] = await until_digests(sandbox_client, 1)
    assert "Nothing new" in digest["text"]


async def test_sixty_long_items_arrive_as_several_accepted_messages(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup_reader(sandbox_client)
    await ask(sandbox_client, "/subscribe world")
    await chat_store.update_settings(bot.db, READER, clock.now(), items_per_section=60)
    words = "Delegates argued over grain quotas, shipping lanes, tariffs & <border> checks until late at night. "
    for n in range(60):
        lead = f"Story {n}: " + " ".join(f"w{n}x{k}" for k in range(25))  # distinct texts: distinct stories
        processed = process_article(RawArticle(title=f"Summit report {n} on Morocco trade", text=f"{lead}. {words * 3}",
                                               source="Wire", url=f"https://wire.example/summit/{n}"), clock.now(), summary_budget=900)
        await store_processed(bot.db, processed, clock.now())
    clock.set(datetime(2026, 11, 25, 6, 31, tzinfo=UTC))
    messages = await until_digests(sandbox_client, 1)

    async def all_parts() -> bool:
        texts = [m["text"] for m in await sandbox_client.bot_messages(READER)]
        return sum(f"Summit report {n} on Morocco trade" in t for t in texts for n in range(60)) >= 60
    await wait_until(all_parts)
    parts = [m for m in await sandbox_client.bot_messages(READER) if "Summit report" in m["text"]]
    assert len(parts) > 1
    calls = [c for c in await sandbox_client.calls("sendMessage") if c["status"] != 200]
    assert calls == []  # every part accepted by the sandbox
    seen = []
    for part in parts:
        assert len(part["text"]) <= 4096
        links = [e["url"] for e in part["entities"] if e["type"] == "text_link"]
        headlines = [n for n in range(60) if f"Summit report {n} on Morocco trade" in part["text"]]
        assert sorted(links) == sorted(f"https://wire.example/summit/{n}" for n in headlines)
        assert part["text"].count("Wire · ") == len(headlines)  # each item ends in the same message
        seen += headlines
    assert sorted(seen) == list(range(60))


async def test_more_in_a_full_message_keeps_its_layout_and_stays_under_the_limit(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup_reader(sandbox_client)
    await chat_store.update_settings(bot.db, READER, clock.now(), items_per_section=13)
    for n in range(15):  # no links: each item's text counts in full
        text = " ".join(f"Officials in Rabat said plan {n}-{k} covers " + " ".join(f"w{n}x{k}y{j}" for j in range(10)) + "."
                        for k in range(10))
        raw = RawArticle(title=f"Moroccan plan {n} unveiled in Rabat", text=text, source="Wire")
        await store_processed(bot.db, process_article(raw, clock.now()), clock.now())
    clock.set(datetime(2026, 11, 25, 6, 31, tzinfo=UTC))
    first = (await until_digests(sandbox_client, 1))[0]
    assert len(await digests(sandbox_client)) == 1 and "and 2 more: tap “2 more ▸” below" in first["text"]
    buttons = [b["callback_data"] for row in first["reply_markup"]["inline_keyboard"] for b in row]
    before = first["text"].split("\n\n")

    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, first["message_id"], buttons[0], user_id=READER))
    expanded = await edited(sandbox_client, first["message_id"], 1)  # the tap is answered before the edit
    assert expanded["edit_count"] == 1 and len(expanded["text"].encode("utf-16-le")) // 2 <= 4096
    after = expanded["text"].split("\n\n")
    assert after[:2] == before[:2]  # the digest header and the section heading, as sent
    assert after[3:] == before[3:]  # every other item as it was
    assert len(after[2]) > len(before[2]) and after[2].split("\n")[1].endswith("…")  # longer, cut to fit
    labels = [b["text"] for row in expanded["reply_markup"]["inline_keyboard"] for b in row]
    # Each says what it does: a bare "More ▸ 8" read as a riddle.
    assert labels[0] == "1 · Shorter summary ▴" and labels[1:-1] == [f"{n} · Longer summary ▸" for n in range(2, len(labels))]
    assert labels[-1] == "🇲🇦 Morocco: 2 more ▸"  # what the section left, still there

    less = expanded["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(READER, first["message_id"], less, user_id=READER))
    collapsed = await edited(sandbox_client, first["message_id"], 2)
    assert collapsed["edit_count"] == 2 and collapsed["text"] == first["text"]  # as it was sent
    assert collapsed["reply_markup"] == first["reply_markup"]


async def test_a_longer_summary_keeps_the_other_outlets_the_digest_named(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup_reader(sandbox_client)
    title = "Morocco's parliament approves landmark water law"
    text = ("Morocco's parliament passed a water conservation law on Saturday as reservoirs hit record lows. "
            "The law rations water for farms and cities in the Souss and the Haouz. Moroccan farmers said the quotas "
            "came too late for this year's harvest. The ministry in Rabat said desalination plants would follow. ")
    for n, source in enumerate(("Wire", "Sky News")):
        await store_raw(bot.db, RawArticle(title=title, text=text + f"Its {source} report {n} ends here.", source=source,
                                           url=f"https://{n}.example/water"), clock.now())
    clock.set(datetime(2026, 11, 25, 6, 31, tzinfo=UTC))
    [first] = await until_digests(sandbox_client, 1)
    assert "+1 source: Wire" in first["text"], first["text"]
    longer = first["reply_markup"]["inline_keyboard"][0][0]
    assert longer["text"] == "1 · Longer summary ▸"
    await sandbox_client.wait_for_callback_answer(
        await sandbox_client.click(READER, first["message_id"], longer["callback_data"], user_id=READER))
    expanded = await edited(sandbox_client, first["message_id"], 1)
    assert "+1 source: Wire" in expanded["text"], expanded["text"]
