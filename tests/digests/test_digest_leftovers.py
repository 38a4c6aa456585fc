"""A digest's "and N more" continues where the digest stopped: its button (a channel's link) shows the stories the
section left, not the section's latest, which the digest has just shown."""
from __future__ import annotations

from datetime import timedelta

from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from storage import chats as chat_store
from tests.conftest import RunningBot, new_group
from tests.handlers.test_subscribe import READER, ask


async def _morocco_stories(bot: RunningBot, count: int) -> list[str]:
    """`count` distinct Morocco stories, the newest first; their headlines."""
    now = bot.clock.now()
    titles = []
    for n in range(count):
        title = f"Moroccan plan {n} unveiled in Rabat"
        text = (f"Officials in Rabat said the Moroccan plan {n} covers " + " ".join(f"w{n}x{j}" for j in range(30))
                + ". Moroccan ministers said more would follow.")
        await store_raw(bot.db, RawArticle(title=title, text=text, source="Wire", url=f"https://wire.example/plan/{n}",
                                           published=now - timedelta(minutes=n + 1)), now)
        titles.append(title)
    return titles


def _buttons(message: dict) -> list[tuple[str, str]]:
    return [(b["text"], b["callback_data"]) for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
            for b in row]


async def _tap(client: SandboxClient, message: dict, data: str, chat_id: int = READER) -> dict:
    before = len(await client.bot_messages(chat_id))
    await client.wait_for_callback_answer(await client.click(chat_id, message["message_id"], data, user_id=READER))
    return (await client.wait_for_bot_messages(chat_id, before + 1))[before]


async def _start(client: SandboxClient, link: str) -> dict:
    """What /start <link> answers after its welcome."""
    before = len(await client.bot_messages(READER))
    await client.send_message(READER, f"/start {link}", user_id=READER)
    return (await client.wait_for_bot_messages(READER, before + 2))[before + 1]


async def test_the_more_button_under_a_digest_shows_the_stories_the_section_left(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    await sandbox_client.create_user(READER, "Amina")
    await ask(sandbox_client, "/subscribe morocco")
    titles = await _morocco_stories(bot, 15)
    digest = await ask(sandbox_client, "/digest now")
    assert all(t in digest["text"] for t in titles[:5]) and titles[5] not in digest["text"]
    assert digest["text"].endswith("and 10 more: tap “10 more ▸” below"), digest["text"]
    [(label, data)] = [(text, data) for text, data in _buttons(digest) if data.startswith("left:")]
    assert label == "🇲🇦 Morocco: 10 more ▸" and len(data.encode()) <= 64

    page = await _tap(sandbox_client, digest, data)
    assert page["text"].startswith("🇲🇦 Morocco — more from the digest (1–8 of 10)")
    assert all(t in page["text"] for t in titles[5:13]) and not any(t in page["text"] for t in titles[:5] + titles[13:])
    [(rest, rest_data)] = _buttons(page)
    assert rest == "2 more ▸"
    last = await _tap(sandbox_client, page, rest_data)
    assert last["text"].startswith("🇲🇦 Morocco — more from the digest (9–10 of 10)")
    assert titles[13] in last["text"] and titles[14] in last["text"] and _buttons(last) == []


async def test_a_channel_digest_links_its_readers_to_the_stories_it_left(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    channel = await sandbox_client.create_chat("channel", "Daily Brief", username="dailybrief", bot_status="administrator")
    await sandbox_client.create_user(READER, "Amina")
    titles = await _morocco_stories(bot, 3)
    for chat_id in (channel["id"], READER):
        await ask(sandbox_client, "/subscribe morocco", chat_id=chat_id)
        await chat_store.update_settings(bot.db, chat_id, bot.clock.now(), items_per_section=1)
    post = await ask(sandbox_client, "/digest now", chat_id=channel["id"])
    assert post["text"].endswith("and 2 more ▸") and post.get("reply_markup") is None
    [link] = [e["url"] for e in post["entities"] if e["type"] == "text_link" and "start=" in e["url"]]
    channel_digest = (await bot.db.fetchone("select max(id) from digests"))[0]
    assert link == f"https://t.me/{bot.app.bot.username}?start=more_{channel_digest}_1"

    shown = await _start(sandbox_client, f"more_{channel_digest}_1")  # what tapping the link sends
    assert shown["text"].startswith("🇲🇦 Morocco — more from the digest (1–2 of 2)")
    assert titles[1] in shown["text"] and titles[2] in shown["text"] and titles[0] not in shown["text"]

    # A private chat's digest is not for others to read by its number.
    await ask(sandbox_client, "/digest now")
    own = (await bot.db.fetchone("select max(id) from digests"))[0]
    other = await _start(sandbox_client, f"more_{own}_1")
    assert other["text"] == "That digest's other stories are no longer available: /latest has the newest."


async def test_a_left_story_that_several_outlets_carry_names_them_as_the_digest_would(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    await sandbox_client.create_user(READER, "Amina")
    await ask(sandbox_client, "/subscribe morocco")
    await chat_store.update_settings(bot.db, READER, bot.clock.now(), items_per_section=1)
    [newest] = await _morocco_stories(bot, 1)
    earlier = bot.clock.now() - timedelta(hours=5)  # the second source lifts it 3 h: still below the newest
    title = "Moroccan parliament passes new water law"
    for n, (source, text) in enumerate([
        ("Wire", "Morocco's parliament passed a water conservation law as reservoirs hit record lows in Rabat."),
        ("Sky News", "Moroccan lawmakers approved rules to ration water for farms and cities amid a long drought."),
    ]):
        await store_raw(bot.db, RawArticle(title=title, text=text, source=source, url=f"https://{n}.example/water",
                                           published=earlier + timedelta(minutes=n)), bot.clock.now())
    digest = await ask(sandbox_client, "/digest now")
    assert newest in digest["text"] and title not in digest["text"], digest["text"]
    [data] = [data for _, data in _buttons(digest) if data.startswith("left:")]

    page = await _tap(sandbox_client, digest, data)
    assert title in page["text"]
    assert page["text"].endswith("Sky News · 01:01 · +1 source: Wire"), page["text"]


async def test_a_second_tap_on_a_page_already_shown_in_a_group_does_not_post_it_again(
    bot: RunningBot, sandbox_client: SandboxClient
) -> None:
    group = await new_group(sandbox_client, "Newsroom")
    admin, other = 302, 303
    await sandbox_client.set_member(group["id"], admin, "administrator")
    await sandbox_client.set_member(group["id"], other, "member")
    await ask(sandbox_client, "/subscribe morocco", chat_id=group["id"], user_id=admin)
    await chat_store.update_settings(bot.db, group["id"], bot.clock.now(), items_per_section=1)
    titles = await _morocco_stories(bot, 11)
    digest = await ask(sandbox_client, "/digest now", chat_id=group["id"], user_id=admin)
    [data] = [data for _, data in _buttons(digest) if data.startswith("left:")]
    page = await _tap(sandbox_client, digest, data, chat_id=group["id"])
    assert titles[1] in page["text"] and titles[9] not in page["text"]

    async def tap_again(message: dict, data: str, user_id: int) -> str:
        before = len(await sandbox_client.bot_messages(group["id"]))
        answer = await sandbox_client.wait_for_callback_answer(await sandbox_client.click(
            group["id"], message["message_id"], data, user_id=user_id, forged=True))
        assert len(await sandbox_client.bot_messages(group["id"])) == before  # nothing posted again
        return answer["text"]

    assert await tap_again(digest, data, other) == "Shown above ↑"
    [(_, rest)] = _buttons(page)
    last = await _tap(sandbox_client, page, rest, chat_id=group["id"])
    assert titles[9] in last["text"] and titles[10] in last["text"]
    assert await tap_again(page, rest, admin) == "Shown above ↑"
