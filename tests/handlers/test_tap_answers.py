"""A button's answer reaches the reader: Telegram refuses an answer over 200 characters (UTF-16 units, an emoji
counts two), so one that names a managed channel's long title is clipped at a word, and the tap is answered."""
from __future__ import annotations

from handlers.replies import ALERT_LIMIT, fit_alert
from sandbox.client import SandboxClient
from tests.conftest import RunningBot
from tests.handlers.test_chat_targets import buttons, managed_channel, tap
from tests.handlers.test_subscribe import READER, ask, follows

# Telegram's longest channel title (128 characters), 188 UTF-16 units with its emoji.
LONG_TITLE = "📰" * 60 + "W" * 68


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def test_subscribe_taps_for_a_channel_with_a_long_title_are_answered(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    channel = await managed_channel(sandbox_client, LONG_TITLE, "longnews")
    stories = await ask(sandbox_client, "/morocco")
    [subscribe] = buttons(stories)
    answer = await tap(sandbox_client, READER, stories, subscribe["callback_data"], READER)
    assert answer["text"] == "🔔 " + "📰" * 47 + "… now follows 🇲🇦 Morocco."
    assert await follows(bot, channel["id"]) == {("country", "MA")}
    # The same button again (its message not redrawn yet), and the picker's alert: nothing changed, and so it says.
    again = await sandbox_client.click(READER, stories["message_id"], subscribe["callback_data"], user_id=READER, forged=True)
    assert (await sandbox_client.wait_for_callback_answer(again))["text"] == "🔔 " + "📰" * 47 + "… already follows 🇲🇦 Morocco."
    picker = await ask(sandbox_client, "/subscribe")
    await ask(sandbox_client, "/subscribe usa")
    [follow_us] = [b["callback_data"] for b in buttons(picker) if b["callback_data"].startswith("tg:f:c:US")]
    alert = await tap(sandbox_client, READER, picker, follow_us, READER)
    assert alert["text"].startswith("📰" * 47 + "… already follows 🇺🇸 United States: nothing changed.")
    assert units(alert["text"]) <= ALERT_LIMIT


async def test_a_refusal_naming_a_long_title_is_answered(bot: RunningBot, sandbox_client: SandboxClient) -> None:
    channel = await managed_channel(sandbox_client, LONG_TITLE, "longnews")
    settings = await ask(sandbox_client, "/settings")
    await sandbox_client.set_member(channel["id"], READER, "member")
    [daily] = [b["callback_data"] for b in buttons(settings) if "Daily" in b["text"]]
    answer = await tap(sandbox_client, READER, settings, daily, READER)
    assert answer["text"].startswith("You're no longer an admin of " + "📰" * 47 + "…, so I stopped managing it")
    assert units(answer["text"]) <= ALERT_LIMIT


def test_an_answer_over_the_limit_is_cut_at_a_word_in_utf16_units() -> None:
    text = "Only this group's admins can change it. " + "📰news " * 40
    fitted = fit_alert(text)
    assert units(fitted) <= ALERT_LIMIT and fitted.endswith("news…") and text.startswith(fitted[:-1])
    assert fit_alert("🔔 Short enough.") == "🔔 Short enough."
    assert units(fit_alert("📰" * 150)) == ALERT_LIMIT - 1  # no word to cut at: cut between emoji, never inside one
