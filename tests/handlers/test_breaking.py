"""Breaking push end to end: admin previews, confirms; the right subscribers get exactly one message."""
from __future__ import annotations

from aiohttp import web

from clock import ManualClock
from sandbox.client import SandboxClient
from storage import subscriptions as subscription_store
from tests.conftest import ADMIN_ID, BotFactory, RunningBot, wait_until
from tests.handlers.test_subscribe import ask

MOROCCO_FANS, TECH_FAN = [601, 602, 603], 604
ITEM = ("Strong earthquake shakes Morocco's Atlas region\n"
        "A strong earthquake struck the High Atlas in Morocco on Friday night, the national geophysics institute in Rabat said. "
        "Moroccan rescue teams were sent to villages near Marrakesh.")


async def setup(bot: RunningBot, client: SandboxClient, clock: ManualClock) -> None:
    await client.create_user(ADMIN_ID, "Editor")
    for chat_id in MOROCCO_FANS + [TECH_FAN]:
        await client.create_user(chat_id, f"Reader {chat_id}")
        await ask(client, "/subscribe tech" if chat_id == TECH_FAN else "/subscribe morocco", chat_id=chat_id, user_id=chat_id)


def breaking(messages: list[dict]) -> list[dict]:
    return [m for m in messages if m["text"].startswith("🚨 Breaking")]


async def wait_for_report(client: SandboxClient, clock: ManualClock, control: dict) -> dict:
    """The push's control message once it shows the report, the clock moved on for the progress watcher."""
    async def current() -> dict:
        [found] = [m for m in await client.bot_messages(ADMIN_ID) if m["message_id"] == control["message_id"]]
        return found

    async def reported() -> bool:
        text = (await current())["text"]
        finished = "finished" in text or "cancelled after" in text
        if not finished:
            clock.advance(3)  # let the progress watcher look again
        return finished
    await wait_until(reported)
    return await current()


async def test_admin_pushes_to_morocco_subscribers_with_preview_and_report(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.block(MOROCCO_FANS[2])
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    preview, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert preview["text"].startswith("🚨 Breaking") and "Strong earthquake shakes Morocco" in preview["text"]
    assert "Morocco" in control["text"] and "Recipients: 2" in control["text"]  # the blocked reader was deactivated
    confirm = next(b["callback_data"] for row in control["reply_markup"]["inline_keyboard"] for b in row if "Confirm" in b["text"])
    assert (await sandbox_client.wait_for_callback_answer(await sandbox_client.click(ADMIN_ID, control["message_id"], confirm, user_id=ADMIN_ID)))["text"] == "Sending to 2"

    final = await wait_for_report(sandbox_client, clock, control)
    assert "Recipients: 2" in final["text"] and "Delivered: 2" in final["text"] and final["edit_count"] >= 1
    for chat_id in MOROCCO_FANS[:2]:
        [pushed] = breaking(await sandbox_client.bot_messages(chat_id))
        assert pushed["text"] == preview["text"]  # exactly as previewed
    assert breaking(await sandbox_client.bot_messages(TECH_FAN)) == []
    # Pressing Confirm again sends nothing more.
    again = await sandbox_client.click(ADMIN_ID, control["message_id"], confirm, user_id=ADMIN_ID, forged=True)
    assert "already sent" in (await sandbox_client.wait_for_callback_answer(again))["text"]
    listing = await ask(sandbox_client, "/broadcasts", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "#1 done: 2/2 delivered" in listing["text"]


async def test_the_pushed_story_is_not_repeated_in_the_next_digest(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    confirm = next(b["callback_data"] for row in control["reply_markup"]["inline_keyboard"] for b in row if "Confirm" in b["text"])
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(ADMIN_ID, control["message_id"], confirm, user_id=ADMIN_ID))
    await sandbox_client.wait_for(lambda: _has_breaking(sandbox_client, MOROCCO_FANS[0]))
    clock.advance(hours=3)  # past the 08:00 UTC digest
    await bot.app.bot_data.services["digests"].tick()
    texts = [m["text"] for m in await sandbox_client.bot_messages(MOROCCO_FANS[0])]
    assert not any("Your news digest" in t and "Strong earthquake" in t for t in texts)


async def test_a_reader_the_push_did_not_reach_gets_the_story_in_the_next_digest(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    missed = MOROCCO_FANS[1]
    await sandbox_client.inject_fault(error=400, description="Bad Request: message text is empty", method="sendMessage",
                                      chat_id=missed)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    confirm = next(b["callback_data"] for row in control["reply_markup"]["inline_keyboard"] for b in row if "Confirm" in b["text"])
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(ADMIN_ID, control["message_id"], confirm, user_id=ADMIN_ID))
    await sandbox_client.wait_for(lambda: _has_breaking(sandbox_client, MOROCCO_FANS[0]))
    await wait_until(lambda: _outbox_settled(bot))
    assert not await _has_breaking(sandbox_client, missed)
    clock.advance(hours=3)  # past the 08:00 UTC digest
    await bot.app.bot_data.services["digests"].tick()

    def digest_has_quake(texts: list[str]) -> bool:
        return any("Your news digest" in t and "Strong earthquake" in t for t in texts)
    await sandbox_client.wait_for(lambda: _digest_arrived(sandbox_client, missed))
    assert digest_has_quake([m["text"] for m in await sandbox_client.bot_messages(missed)])
    assert not digest_has_quake([m["text"] for m in await sandbox_client.bot_messages(MOROCCO_FANS[0])])


async def _outbox_settled(bot: RunningBot) -> bool:
    row = await bot.db.fetchone("select count(*) from outbox where status in ('pending', 'sending')")
    return row is not None and row[0] == 0


async def _digest_arrived(client: SandboxClient, chat_id: int) -> bool:
    return any("Your news digest" in m["text"] for m in await client.bot_messages(chat_id))


async def _has_breaking(client: SandboxClient, chat_id: int) -> bool:
    return bool(breaking(await client.bot_messages(chat_id)))


async def test_a_pasted_link_is_fetched_and_cleaned(start_bot: BotFactory, sandbox_client: SandboxClient, clock: ManualClock) -> None:
    async def page(request: web.Request) -> web.Response:
        return web.Response(content_type="text/html", text=(
            "<html><head><title>Morocco wins bid to co-host World Cup</title><script>track()</script></head>"
            "<body><p>Morocco will co-host the 2030 World Cup with Spain and Portugal, FIFA said on Wednesday in Zurich.</p>"
            "<p>Follow us on Twitter</p></body></html>"))
    app = web.Application()
    app.router.add_get("/story", page)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        bot = await start_bot(allow_private_feed_hosts=True)
        await setup(bot, sandbox_client, clock)
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/story"
        await sandbox_client.send_message(ADMIN_ID, "/breaking", user_id=ADMIN_ID)
        await sandbox_client.wait_for_bot_messages(ADMIN_ID, 1)
        await sandbox_client.send_message(ADMIN_ID, url, user_id=ADMIN_ID)
        _, preview, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 3)
    finally:
        await runner.cleanup()
    assert "Morocco wins bid to co-host World Cup" in preview["text"]
    assert "track()" not in preview["text"] and "Follow us" not in preview["text"]
    assert "Recipients: 3" in control["text"]


async def test_non_admins_are_refused(bot: RunningBot, sandbox_client: SandboxClient, caplog) -> None:  # type: ignore[no-untyped-def]
    await sandbox_client.create_user(TECH_FAN, "Reader")
    for command in ("/breaking Big news", "/stats", "/admin add 5", "/broadcasts", "/cancel_broadcast 1"):
        reply = await ask(sandbox_client, command, chat_id=TECH_FAN, user_id=TECH_FAN)
        assert reply["text"] == "This command is for admins."
    assert any("admin command refused" in r.getMessage() for r in caplog.records)


async def test_admin_adds_an_admin_and_sees_stats(bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock) -> None:
    await setup(bot, sandbox_client, clock)
    assert "now an admin" in (await ask(sandbox_client, f"/admin add {TECH_FAN}", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"]
    stats = await ask(sandbox_client, "/stats", chat_id=TECH_FAN, user_id=TECH_FAN)
    assert "👤 Private chats: 4 active" in stats["text"] and "🇲🇦 Morocco 3" in stats["text"]
    assert await subscription_store.list_for_chat(bot.db, TECH_FAN)


async def test_admin_chooses_another_audience_then_cancels_in_flight(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    control = await ask(sandbox_client, "/audience 1 tech, narnia", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "No country or topic called “narnia”" in control["text"]
    control = await ask(sandbox_client, "/audience 1 tech", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "Recipients: 1" in control["text"] and "Technology" in control["text"]
    engine = bot.app.bot_data.services["delivery"]
    await engine.stop()  # hold delivery, so the push is still in flight when cancelled
    confirm = next(b["callback_data"] for row in control["reply_markup"]["inline_keyboard"] for b in row if "Confirm" in b["text"])
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(ADMIN_ID, control["message_id"], confirm, user_id=ADMIN_ID))
    reply = await ask(sandbox_client, "/cancel_broadcast 1", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "1 unsent message stopped" in reply["text"]
    await engine.start()
    assert await engine.send_due() == 0
    assert breaking(await sandbox_client.bot_messages(TECH_FAN)) == []
    listing = await ask(sandbox_client, "/broadcasts", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "#1 cancelled: 0/1 delivered" in listing["text"] and "1 cancelled" in listing["text"]


async def _confirm_and_wait_for_report(client: SandboxClient, clock: ManualClock) -> tuple[dict, dict]:
    """Push ITEM to the Morocco readers; returns the control message and the admin's message with the report."""
    await client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    _, control = await client.wait_for_bot_messages(ADMIN_ID, 2)
    confirm = next(b["callback_data"] for row in control["reply_markup"]["inline_keyboard"] for b in row if "Confirm" in b["text"])
    await client.wait_for_callback_answer(await client.click(ADMIN_ID, control["message_id"], confirm, user_id=ADMIN_ID))

    async def reports() -> list[dict]:
        return [m for m in await client.bot_messages(ADMIN_ID) if "finished" in m["text"]]

    async def reported() -> bool:
        if not await reports():
            clock.advance(3)  # let the progress watcher look again
            return False
        return True
    await wait_until(reported)
    [final] = await reports()
    return control, final


async def test_a_failed_progress_edit_does_not_stop_the_report(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.inject_fault(error=502, method="editMessageText", count=1)  # Telegram's gateway hiccups once
    control, final = await _confirm_and_wait_for_report(sandbox_client, clock)
    assert final["message_id"] == control["message_id"]  # the control message, edited as usual
    assert "Delivered: 3" in final["text"]


async def test_the_report_arrives_in_a_new_message_when_the_control_message_is_gone(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.inject_fault(error=400, method="editMessageText", count=1000,
                                      description="Bad Request: message to edit not found")
    control, final = await _confirm_and_wait_for_report(sandbox_client, clock)
    assert final["message_id"] != control["message_id"] and "Delivered: 3" in final["text"]
    assert breaking(await sandbox_client.bot_messages(MOROCCO_FANS[0]))


async def test_a_draft_is_no_news_until_confirmed_and_a_cancelled_one_never(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    reader = MOROCCO_FANS[0]
    typo = ITEM.replace("Strong earthquake shakes Morocco's Atlas region", "Strong earthqake shakes Marocco's Atlas region")
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {typo}", user_id=ADMIN_ID)
    preview, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert "earthqake shakes Marocco" in preview["text"]
    for command in ("/latest", "/morocco", "/search Atlas earthquake"):  # what readers see while the admin looks
        assert "Marocco" not in (await ask(sandbox_client, command, chat_id=reader, user_id=reader))["text"]

    cancel = next(b["callback_data"] for row in control["reply_markup"]["inline_keyboard"] for b in row if "Cancel" in b["text"])
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(ADMIN_ID, control["message_id"], cancel, user_id=ADMIN_ID))
    assert (await bot.db.fetchone("select count(*) from articles where title like '%Marocco%'"))[0] == 0

    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    _, _, _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 4)
    assert "shakes Morocco" not in (await ask(sandbox_client, "/latest", chat_id=reader, user_id=reader))["text"]
    confirm = next(b["callback_data"] for row in control["reply_markup"]["inline_keyboard"] for b in row if "Confirm" in b["text"])
    await sandbox_client.wait_for_callback_answer(await sandbox_client.click(ADMIN_ID, control["message_id"], confirm, user_id=ADMIN_ID))
    latest = await ask(sandbox_client, "/latest", chat_id=TECH_FAN, user_id=TECH_FAN)
    assert "Strong earthquake shakes Morocco" in latest["text"] and "Marocco" not in latest["text"]


async def test_cancel_broadcast_says_what_it_did(bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock) -> None:
    await setup(bot, sandbox_client, clock)
    assert "There is no push #99" in (await ask(sandbox_client, "/cancel_broadcast 99", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"]
    for junk in ("99999999999999999999999", "²", "#x"):
        assert "Usage" in (await ask(sandbox_client, f"/cancel_broadcast {junk}", chat_id=ADMIN_ID, user_id=ADMIN_ID))["text"]
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    await sandbox_client.wait_for_bot_messages(ADMIN_ID, 6)  # four answers above, then the preview and its controls
    draft = await ask(sandbox_client, "/cancel_broadcast 1", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "not confirmed yet" in draft["text"]
    again = await ask(sandbox_client, "/cancel_broadcast #1", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "already cancelled" in again["text"]


async def test_an_item_with_nothing_to_send_gets_a_plain_explanation(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    await sandbox_client.create_user(ADMIN_ID, "Editor")
    reply = await ask(sandbox_client, "/breaking AFP/Getty Images\nFollow us on Twitter", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "Send the headline on the first line and the story below it" in reply["text"]
    assert "cleaning" not in reply["text"]  # no jargon
    reply = await ask(sandbox_client, "/breaking http://" + "a" * 300 + ".example/story", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert reply["text"].startswith("I couldn't use that") and "host name" in reply["text"]


async def test_audience_everyone_reaches_every_reader(bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock) -> None:
    await setup(bot, sandbox_client, clock)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    control = await ask(sandbox_client, "/audience 1 everyone", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "Audience: everyone" in control["text"] and "Recipients: 4" in control["text"]  # the tech reader too
