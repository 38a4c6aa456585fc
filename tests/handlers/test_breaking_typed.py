"""An item the admin typed goes out as typed, not cut to a summary; one too long to go out whole says, under its
preview, that it will be shortened to its summary. Digests and /latest still show the stored article's summary."""
from __future__ import annotations

from clock import ManualClock
from ingest.store import store_raw
from news.models import RawArticle
from sandbox.client import SandboxClient
from tests.conftest import ADMIN_ID, FIXTURES, RunningBot, wait_until
from tests.handlers.test_breaking import (MOROCCO_FANS, TECH_FAN, _digest_arrived, _has_breaking, _outbox_settled,
                                          breaking, setup)
from tests.handlers.test_breaking_drafts import button, tap
from tests.handlers.test_subscribe import ask

HEADLINE = "Morocco's prime minister resigns after budget vote"
SENTENCES = [
    "Morocco's prime minister resigned on Monday after parliament in Rabat rejected his budget, his office said.",
    "The king accepted the resignation on Monday evening and asked him to stay on until a successor is named.",
    "The budget had proposed deep cuts to fuel subsidies across Morocco.",
    "Opposition parties in Rabat had called for early elections for weeks.",
    "Thousands marched in Casablanca against the cuts on Sunday.",
    "A new government is expected to be formed within a month, officials said.",
]
MORE = [  # what a longer story goes on with
    "Fuel prices in Morocco had risen by a third since January, the statistics office said last week.",
    "Unions had threatened a general strike if the subsidy cuts went ahead in the spring.",
    "The finance minister defended the budget in a speech to parliament on Friday, calling it unavoidable.",
    "Economists in Casablanca said the deficit would widen without the cuts, worrying foreign lenders.",
    "The International Monetary Fund had urged Morocco to phase out fuel subsidies over three years.",
    "Shares on the Casablanca stock exchange fell two percent after the vote on Monday afternoon.",
    "The prime minister had led a coalition of four parties since the last general election.",
    "His party said it would choose a new leader at a congress in Rabat next month.",
    "Two smaller coalition partners had voted against the budget, breaking ranks for the first time.",
    "Analysts said the palace was likely to turn to a technocrat to lead a caretaker government.",
]
STORY = HEADLINE + "\n" + " ".join(SENTENCES[:2]) + "\n\n" + " ".join(SENTENCES[2:])


async def test_a_typed_story_goes_out_as_typed_and_digests_keep_its_summary(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    missed = MOROCCO_FANS[1]  # the push fails for them: the story comes in their digest
    await sandbox_client.inject_fault(error=400, description="Bad Request: message text is empty", method="sendMessage",
                                      chat_id=missed)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {STORY}", user_id=ADMIN_ID)
    preview, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert preview["text"].startswith(f"🚨 Breaking\n\n{HEADLINE}\n" + " ".join(SENTENCES[:2]) + "\n\n")
    assert all(sentence in preview["text"] for sentence in SENTENCES)  # the king's acceptance too
    assert "✂️" not in control["text"]
    assert await tap(sandbox_client, control, button(control, "Confirm")) == "Sending to 3"
    await sandbox_client.wait_for(lambda: _has_breaking(sandbox_client, MOROCCO_FANS[0]))
    [pushed] = breaking(await sandbox_client.bot_messages(MOROCCO_FANS[0]))
    assert pushed["text"] == preview["text"]

    stored = await bot.db.fetchone("select body, summary from articles where title = ?", (HEADLINE,))
    assert all(sentence in stored[0] for sentence in SENTENCES)  # stored whole
    assert "Thousands marched" not in stored[1]  # and summarised for lists
    latest = await ask(sandbox_client, "/latest", chat_id=TECH_FAN, user_id=TECH_FAN)
    assert HEADLINE in latest["text"] and "Thousands marched" not in latest["text"]
    await wait_until(lambda: _outbox_settled(bot))
    clock.advance(hours=3)  # past the 08:00 UTC digest
    await bot.app.bot_data.services["digests"].tick()
    await sandbox_client.wait_for(lambda: _digest_arrived(sandbox_client, missed))
    [digest] = [m for m in await sandbox_client.bot_messages(missed) if "Your news digest" in m["text"]]
    assert HEADLINE in digest["text"] and "Thousands marched" not in digest["text"]


async def test_a_typed_story_too_long_to_go_out_whole_says_it_will_be_shortened(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    long_story = STORY + "\n\n" + " ".join(MORE)
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {long_story}", user_id=ADMIN_ID)
    preview, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert MORE[-1] not in preview["text"]  # its summary
    summary = (await bot.db.fetchone("select summary from articles where title = ?", (HEADLINE,)))[0]
    assert summary in preview["text"]
    length = len(long_story) - len(HEADLINE) - 1
    note = (f"✂️ Your text is {length:,} characters, over the 1,200 a push carries as typed: it goes out shortened to "
            f"its summary, the {len(summary):,} characters in the preview above. Tap ✏️ Edit to send a shorter text.")
    assert control["text"].endswith(note)
    moved = await ask(sandbox_client, "/audience 1 tech", chat_id=ADMIN_ID, user_id=ADMIN_ID)  # new controls, same note
    assert "Technology" in moved["text"] and note in moved["text"]


async def test_a_typed_headline_too_long_is_cut_and_says_so(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    headline = (f"{HEADLINE}, ending weeks of talks in Rabat over fuel subsidies, spending cuts and a deficit that "
                "foreign lenders had warned about, as opposition parties and the unions who marched in Casablanca on "
                "Sunday call for early elections")
    assert len(headline) > 200
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {headline}\n{' '.join(SENTENCES[:2])}", user_id=ADMIN_ID)
    preview, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    title = (await bot.db.fetchone("select title from articles where title like ?", (HEADLINE + "%",)))[0]
    assert len(title) <= 200 and preview["text"].startswith(f"🚨 Breaking\n\n{title}\n")
    note = (f"✂️ Your headline is {len(headline)} characters, over the 200 a headline has: it goes out cut to the "
            f"{len(title)} characters in the preview above. Tap ✏️ Edit to send a shorter one.")
    assert control["text"].endswith(note), control["text"]
    moved = await ask(sandbox_client, "/audience 1 tech", chat_id=ADMIN_ID, user_id=ADMIN_ID)  # new controls, same note
    assert moved["text"].endswith(note)


async def test_a_first_line_taken_for_a_photo_credit_is_named_under_the_preview(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    """The /breaking prompt says "first line = headline": one cleaning drops as a credit must not go unsaid."""
    await setup(bot, sandbox_client, clock)
    seed = (FIXTURES / "seed_article.txt").read_text()
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {seed}", user_id=ADMIN_ID)
    preview, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert "Morocco Flash 90" not in preview["text"]
    assert control["text"].endswith("The first line, “Morocco Flash 90”, looks like a photo credit, so the headline "
                                    "comes from the first sentence — ✏️ Edit to change it.")


async def test_a_typed_item_matching_a_stored_story_goes_out_as_typed_and_the_preview_says_whose_it_matches(
    bot: RunningBot, sandbox_client: SandboxClient, clock: ManualClock
) -> None:
    await setup(bot, sandbox_client, clock)
    wire = RawArticle(title="Morocco and Spain agree on a new ferry line to Tangier", source="Fresh Wire & Co",
                      text="Morocco and Spain agreed on Monday to open a new ferry line between Algeciras and Tangier, "
                           "the Moroccan transport ministry in Rabat said. Crossings start in the spring.",
                      url="https://www.bbc.co.uk/news/morocco-ferry")
    await store_raw(bot.db, wire, clock.now())
    await sandbox_client.send_message(ADMIN_ID, f"/breaking {wire.title}\n{wire.text}", user_id=ADMIN_ID)  # copied
    preview, control = await sandbox_client.wait_for_bot_messages(ADMIN_ID, 2)
    assert preview["text"] == f"🚨 Breaking\n\n{wire.title}\n{wire.text}"  # no link, no source
    assert "href" not in preview["html"]
    assert ("This matches a story already among the news, from Fresh Wire &amp; Co: it goes out as you typed it. "
            "To send theirs, with its link: /breaking https://www.bbc.co.uk/news/morocco-ferry") in control["html"]
