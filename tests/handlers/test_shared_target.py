"""Two chats change one thing at once: two admins managing a channel from their private chats, or two admins of
the bot one breaking push, each tapping or sending as the other does. Neither change is lost, and together they
do not pass a limit."""
from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import pytest

from news.countries import COUNTRIES
from sandbox.client import SandboxClient
from storage import broadcasts as broadcast_store
from storage import chats as chat_store
from storage import subscriptions as subscription_store
from tests.conftest import ADMIN_ID, BotFactory, RunningBot, wait_until
from tests.handlers.test_breaking import ITEM
from tests.handlers.test_subscribe import ask, buttons

ADMIN_A, ADMIN_B = 401, 402


@pytest.fixture
async def channel(bot: RunningBot, sandbox_client: SandboxClient) -> int:
    """A channel both admins manage from their private chats."""
    created = await sandbox_client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    for admin in (ADMIN_A, ADMIN_B):
        await sandbox_client.create_user(admin, f"Admin {admin}")
        await sandbox_client.set_member(created["id"], admin, "administrator")
        await ask(sandbox_client, "/manage @dailybrief", chat_id=admin, user_id=admin)
    return int(created["id"])


async def handling(bot: RunningBot, updates: int) -> None:
    """Wait until the bot has this many updates in hand (0: it has handled all it got)."""
    async def holds() -> bool:
        return bot.app.update_processor.current_concurrent_updates == updates
    await wait_until(holds)


@contextlib.asynccontextmanager
async def together(bot: RunningBot, updates: int = 2) -> AsyncIterator[None]:
    """The updates sent inside are handled side by side, step for step, as when two admins act in the same
    instant: the bot's database is held until it has them all in hand, so each run has the race, not some."""
    await handling(bot, 0)
    async with bot.db.atomic():
        yield
        await handling(bot, updates)


async def at_once(bot: RunningBot, client: SandboxClient, first: tuple[int, str], second: tuple[int, str]) -> tuple[dict, dict]:
    """Each admin sends a message at the same moment; their answers."""
    before = [len(await client.bot_messages(chat_id)) for chat_id, _ in (first, second)]
    async with together(bot):
        for chat_id, text in (first, second):
            await client.send_message(chat_id, text, user_id=chat_id)
    return ((await client.wait_for_bot_messages(first[0], before[0] + 1))[before[0]],
            (await client.wait_for_bot_messages(second[0], before[1] + 1))[before[1]])


async def current(client: SandboxClient, chat_id: int, message: dict) -> dict:
    [found] = [m for m in await client.bot_messages(chat_id) if m["message_id"] == message["message_id"]]
    return found


async def test_two_admins_adding_at_once_stop_at_the_cap(bot: RunningBot, sandbox_client: SandboxClient, channel: int) -> None:
    for country in [c for c in COUNTRIES if c.code not in ("IL", "MA")][:49]:
        await subscription_store.subscribe(bot.db, channel, "country", country.code, bot.clock.now())
    replies = await at_once(bot, sandbox_client, (ADMIN_A, "/subscribe israel"), (ADMIN_B, "/subscribe morocco"))
    assert len(await subscription_store.list_for_chat(bot.db, channel)) == 50  # not 51
    assert sorted("now follows" in r["text"] for r in replies) == [False, True]
    [refused] = [r for r in replies if "now follows" not in r["text"]]
    assert "already follows 50" in refused["text"] and "/unsubscribe" in refused["text"]


async def test_subscribing_again_without_filters_keeps_filters_set_at_the_same_moment(
    bot: RunningBot, sandbox_client: SandboxClient, channel: int
) -> None:
    await at_once(bot, sandbox_client, (ADMIN_A, "/subscribe tech +ai"), (ADMIN_B, "/subscribe tech"))
    [subscription] = await subscription_store.list_for_chat(bot.db, channel)
    assert subscription.include == ("ai",)  # either way round, "/subscribe tech" keeps the filters it finds


async def test_two_taps_on_the_nothing_new_switch_at_once_both_do_what_their_label_showed(
    bot: RunningBot, sandbox_client: SandboxClient, channel: int
) -> None:
    """Both admins saw "off" and tapped to turn it on: it is on (two flips would have turned it off again)."""
    menus = [await ask(sandbox_client, "/settings", chat_id=admin, user_id=admin) for admin in (ADMIN_A, ADMIN_B)]
    assert all("“Nothing new” message: off" in [b["text"] for b in buttons(menu)] for menu in menus)
    async with together(bot):
        for admin, menu in zip((ADMIN_A, ADMIN_B), menus):
            [switch] = [b["callback_data"] for b in buttons(menu) if b["text"].startswith("“Nothing new”")]
            await sandbox_client.click(admin, menu["message_id"], switch, user_id=admin)  # "set:empty:on@<channel>"
    await handling(bot, 0)  # both taps answered, and their messages edited (one not at all, if it says the same)
    after = [await current(sandbox_client, admin, menu) for admin, menu in zip((ADMIN_A, ADMIN_B), menus)]
    stored = await chat_store.get_chat(bot.db, channel)
    assert stored is not None and stored.send_empty is True
    shown = sorted(b["text"] for menu in after for b in buttons(menu) if b["callback_data"].startswith("set:empty"))
    assert shown == ["“Nothing new” message: on", "“Nothing new” message: on"]


async def test_a_new_day_and_a_new_time_sent_at_once_are_both_kept(
    bot: RunningBot, sandbox_client: SandboxClient, channel: int
) -> None:
    await ask(sandbox_client, "/subscribe morocco", chat_id=ADMIN_A, user_id=ADMIN_A)  # a chat following nothing has no next digest
    await ask(sandbox_client, "/digest weekly fri 18:00", chat_id=ADMIN_A, user_id=ADMIN_A)
    await at_once(bot, sandbox_client, (ADMIN_A, "/digest weekly tue"), (ADMIN_B, "/digest 09:00"))
    # Either way round: weekly on Tuesday (a new time keeps a weekly digest's day), at 09:00 (a new day keeps the time).
    settings = await ask(sandbox_client, "/settings", chat_id=ADMIN_A, user_id=ADMIN_A)
    assert "Digests: every Tuesday at 09:00" in settings["text"]
    assert "Next digest: Tue 01 Dec 09:00" in settings["text"]  # due as the settings say


async def test_choosing_everyone_keeps_the_tags_another_admin_just_chose(
    start_bot: BotFactory, sandbox_client: SandboxClient
) -> None:
    bot = await start_bot(admin_user_ids=frozenset({ADMIN_ID, ADMIN_B}))
    for admin in (ADMIN_ID, ADMIN_B):
        await sandbox_client.create_user(admin, f"Editor {admin}")
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {ITEM}", user_id=ADMIN_ID)
    _, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert "Audience: 🇲🇦 Morocco" in control["text"]
    everyone = next(b["callback_data"] for b in buttons(control) if b["text"].endswith("Everyone"))
    async with together(bot):  # the other admin's new audience first, then the tap on "Everyone"
        await sandbox_client.send_message(ADMIN_B, "/audience 1 tech", user_id=ADMIN_B)
        await sandbox_client.click(ADMIN_ID, control["message_id"], everyone, user_id=ADMIN_ID)
    await handling(bot, 0)
    draft = await broadcast_store.get(bot.db, 1)
    assert draft is not None and draft.audience.tags == (("topic", "technology"),)
    # The older preview no longer changes anything (its buttons are gone; a client that still shows them is refused).
    tags = next(b["callback_data"] for b in buttons(control) if b["text"].startswith(("🇲🇦", "● 🇲🇦")))
    tap = await sandbox_client.click(ADMIN_ID, control["message_id"], tags, user_id=ADMIN_ID, forged=True)
    assert (await sandbox_client.wait_for_callback_answer(tap))["text"] == "This preview is out of date — use the latest one."
