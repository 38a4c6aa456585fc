"""A breaking draft's control message: the audience it goes to, how many chats that reaches, and its buttons
(handlers.breaking acts on them)."""
from __future__ import annotations

import html
import logging
from datetime import datetime

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError

from handlers.breaking_items import cut_headline_note, matched_note, shortened_note
from handlers.breaking_reach import reach
from handlers.name_hints import plain_name, topic_within
from handlers.replies import echo
from handlers.subscription_names import UNKNOWN_SHOWN, Names, describe, suggestions
from storage import Database
from storage import articles as article_store
from storage import broadcasts as broadcast_store
from storage import push_audience
from storage.push_audience import Audience, Headcount

log = logging.getLogger(__name__)

AUDIENCE_SHOWN = 12  # countries and topics named in the preview's audience line
# Names the preview's /audience example picks from, the first two its audience does not hold already.
_EXAMPLES = ((("country", "MA"), "morocco"), (("topic", "technology"), "tech"), (("country", "LY"), "libya"),
             (("topic", "sport"), "sport"))


def _example(audience: Audience) -> str:
    """"morocco, tech": two names for the /audience the preview suggests, none already in its audience, so the
    example is another audience (a push to Morocco's followers suggests "tech, libya")."""
    return ", ".join([word for tag, word in _EXAMPLES if tag not in audience.tags][:2])


def _left_out(count: Headcount) -> str:
    """The preview's line on the chats left out for having the story already ("" when none are)."""
    if not count.have_it:
        return ""
    how = " or ".join(how for via, how in (("digest", "a digest"), ("breaking", "an earlier push")) if via in count.have_it_via)
    total = count.recipients + count.have_it
    return f"{count.have_it} of {total} already have this story (from {how}) and are left out\n"


def audience_unknown(broadcast_id: int, names: Names) -> str:
    """What /audience answers names it does not know (HTML), one line each: a word within a topic ("football")
    points to that topic, as /subscribe's hints do (a push has no keyword filters), anything else gets the names
    closest to it."""
    lines = []
    for phrase in names.unknown[:UNKNOWN_SHOWN]:
        if (topic := topic_within(phrase)) is not None:
            audience = [plain_name(k, v) for k, v in names.found if (k, v) != ("topic", topic)] + [plain_name("topic", topic)]
            lines.append(f"“{echo(phrase, 40)}” is no topic of its own: its stories are in "
                         f"{html.escape(describe('topic', topic))}, which a push can go to: "
                         f"/audience {broadcast_id} {html.escape(', '.join(audience))}")
            continue
        close = suggestions(phrase)
        hint = (f"Did you mean {' or '.join(html.escape(n) for n in close)}?" if close
                else "/countries and /topics list names.")
        lines.append(f"No country or topic called “{echo(phrase, 40)}”. {hint}")
    if len(names.unknown) > UNKNOWN_SHOWN:
        lines.append(f"…and {len(names.unknown) - UNKNOWN_SHOWN} more I don't know.")
    return "\n".join(lines)


def _held_back(count: Headcount) -> str:
    """The preview's line on the chats the audience names that their own choices leave out ("" when none are):
    a shorter count with no reason would look like a fault."""
    reasons = [f"{count.paused_or_off} paused or with breaking news off" if count.paused_or_off else "",
               f"{count.filtered} filtered out by keywords" if count.filtered else ""]
    return f"Not sent to: {', '.join(r for r in reasons if r)}\n" if any(reasons) else ""


def _reach_lines(audience: Audience, count: Headcount, other: str) -> str:
    """What the preview says under its audience (HTML): whom it reaches and who is left out, and what to do when
    that is nobody; for a draft whose item named no country or topic, that the admin must choose (`other`: an
    /audience command to suggest)."""
    if not audience.everyone and not audience.tags:
        return f"No country or topic found — choose who gets it: tap Everyone, or {other}."
    text = f"Recipients: <b>{count.recipients}</b>\n" + _held_back(count) + _left_out(count)
    if count.recipients:
        return text + f"Other audience: {other}"
    if count.have_it:  # Confirm would only publish the item, to nobody
        return text + f"Nobody else to send it to: choose another with {other} (or everyone), or Cancel."
    return text + f"Nobody follows this audience: choose another with {other} (or everyone), or Cancel."


async def controls(db: Database, broadcast_id: int, now: datetime) -> tuple[str, InlineKeyboardMarkup]:
    broadcast = await broadcast_store.get(db, broadcast_id)
    assert broadcast is not None
    audience = broadcast.audience
    article = await article_store.get_article(db, broadcast.article_id) if broadcast.article_id is not None else None
    count = await push_audience.headcount(db, reach(article, audience, now)) if article else Headcount(0, 0, frozenset())
    names = [describe(k, v) for k, v in audience.tags]
    # An admin can name every country: the first few keep the message under Telegram's limit.
    listed = ", ".join(names[:AUDIENCE_SHOWN]) + (f" and {len(names) - AUDIENCE_SHOWN} more" if len(names) > AUDIENCE_SHOWN else "")
    chosen = "everyone" if audience.everyone else listed or "not chosen yet"
    text = (f"⬆️ Preview of breaking push #{broadcast_id}\nAudience: {html.escape(chosen)}\n"
            + _reach_lines(audience, count, f"/audience {broadcast_id} {_example(audience)}")
            + await _shortened(db, broadcast))
    # The audience's digest rides in every button (under 64 bytes: "bk:123456:edit:0123abcd"): Confirm pushes
    # to the audience this message shows, or refuses.
    tail = f"{broadcast_id}:{{}}:{audience.digest}"
    rows = [[InlineKeyboardButton(("● " if audience.everyone else "") + "Everyone", callback_data="bk:" + tail.format("all"))]]
    if audience.tags:
        label = ", ".join(describe(k, v) for k, v in audience.tags)
        rows.append([InlineKeyboardButton(("● " if not audience.everyone else "") + label[:60], callback_data="bk:" + tail.format("tags"))])
    # Confirm carries the count shown too ("bk:123456:go:0123abcd:100000", 29 bytes): when Confirm's recount
    # differs, the admin is told by how much and why (handlers.push_progress.recount_note).
    confirm = f"bk:{tail.format('go')}:{count.recipients}"
    last = [InlineKeyboardButton("✅ Confirm", callback_data=confirm)] if count.recipients else []
    rows.append(last + [InlineKeyboardButton("✏️ Edit", callback_data="bk:" + tail.format("edit")),
                        InlineKeyboardButton("✖ Cancel", callback_data="bk:" + tail.format("no"))])
    return text, InlineKeyboardMarkup(rows)


async def _shortened(db: Database, broadcast: broadcast_store.Broadcast) -> str:
    """A typed item that matches a stored story, whose headline was cut, or too long to go out whole, says so under
    its preview, at every look at its controls."""
    article = await article_store.get_article(db, broadcast.article_id) if broadcast.article_id is not None else None
    if article is None:
        return ""
    notes = [matched_note(article, broadcast.text), cut_headline_note(article, broadcast.typed_headline_chars),
             shortened_note(article, await article_store.get_body(db, article.id) or "")]
    return "".join(f"\n\n{note}" for note in notes if note)


async def show_controls_again(bot: Bot, db: Database, broadcast_id: int, now: datetime, note: str = "") -> None:
    """Edit a draft's latest control message back to its controls, with `note` under them (HTML): what it showed
    about a wait that is over must go. A draft no longer a draft keeps what its message shows."""
    broadcast = await broadcast_store.get(db, broadcast_id)
    if broadcast is None or broadcast.status != "draft" or broadcast.progress_message_id is None:
        return
    text, markup = await controls(db, broadcast_id, now)
    try:
        await bot.edit_message_text(text + (f"\n\n{note}" if note else ""), chat_id=broadcast.progress_chat_id,
                                    message_id=broadcast.progress_message_id, reply_markup=markup)
    except TelegramError as e:  # not modified, deleted, too old: its buttons still act as they should
        log.info("push controls not shown again broadcast=%s error=%s", broadcast_id, e)
