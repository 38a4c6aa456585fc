"""↩️ Undo under "🔕 … no longer follows anything": follow again what Unfollow all removed, keyword filters and all,
and turn breaking news on again if Unfollow all turned it off; and ↩️ Undo under /subscriptions after its ✖ removed
one, which follows that one again the same way (storage.unfollowed keeps both).

What the chat followed again meanwhile stays as it is, and the chat's cap (handlers.subscribe.MAX_SUBSCRIPTIONS)
holds: what does not fit is named, with its filters, so it can be followed by hand after making room. The tap goes
through resolve_button_target like every subscription button (a group's admins only; a channel managed from a
private chat by the id its button carries), which also gives a chat its first digest time as a /subscribe does; the
schedule it had runs on meanwhile. After UNDO_PERIOD the tap is told it is too late and pointed to the message's
/subscribe line.
"""
from __future__ import annotations

import logging
import sys

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from handlers.context import Ctx
from handlers.replies import answer_tap, drop_query_button, edit_query_message
from handlers.subscribe import FULL_ALERT, MAX_SUBSCRIPTIONS, UNDO_ONE_DATA, schedule_line, subscriptions_view
from handlers.subscription_names import describe, listed
from handlers.targets import Target, tapped
from handlers.unsubscribe_all import UNDO_DATA
from news.format import MESSAGE_LIMIT, telegram_length
from storage import unfollowed as unfollowed_store
from storage.subscriptions import Subscription
from storage.unfollowed import UNDO_PERIOD, Restored

log = logging.getLogger(__name__)

TOO_LATE = (f"Too late to undo: ↩️ Undo works for {UNDO_PERIOD.days} days. To follow them again, send the /subscribe "
            "this message gives.")
UNDONE_BEFORE = "Already undone: /subscriptions shows what it follows now."
MORE_LINE = 20  # what a list's "…and 12 more." may take beyond its budget (listed() adds it after the last that fits)


def _undone_text(target: Target, restored: Restored) -> str:
    """What is followed again, what was already, and what did not fit (with its filters, to follow by hand). The three
    lists can hold 50 with long filters between them: they share what the other lines leave of one message."""
    who = target.label_html(sentence_start=True)
    sections: list[tuple[list[str], list[Subscription]]] = []  # lines above a list, and the list
    if restored.restored:
        sections.append(([f"↩️ {who} follows them again:"], restored.restored))
    elif not restored.no_room:
        sections.append(([f"Nothing to undo: {who} follows them all again already."], []))
    if restored.kept:
        sections.append((["Followed again meanwhile, kept as it is now:"], restored.kept))
    if restored.no_room:
        warning = (f"⚠️ Not followed again: {target.label_html()} follows {MAX_SUBSCRIPTIONS} countries and topics, the "
                   "most a chat can. To follow these too, remove others (/subscriptions), then send "
                   "/subscribe NAME +word -word for each:")
        sections.append((["", warning] if sections else [warning], restored.no_room))
    after = [schedule_line(target)] if restored.restored else []
    if restored.alerts_turned_on:
        after.append(f"🚨 Breaking news comes {'to it' if target.elsewhere else 'here'} again.")
    after = ["", *after] if after else []
    fixed = [*(line for head, _ in sections for line in head), *after]
    room = MESSAGE_LIMIT - sum(1 + telegram_length(line) for line in fixed) - MORE_LINE * len(sections)
    budgets = _shares([_room_needed(subs) for _, subs in sections], room)
    lines = [line for (head, subs), budget in zip(sections, budgets) for line in [*head, *listed(subs, budget)]]
    return "\n".join([*lines, *after])


def _room_needed(subs: list[Subscription]) -> int:
    """What the lines of `subs` take in full, counted as listed() counts them."""
    return sum(1 + telegram_length(line) for line in listed(subs, sys.maxsize))


def _shares(needs: list[int], total: int) -> list[int]:
    """`total` split among lists needing `needs`: none gets more than it needs, the others share the rest evenly."""
    shares = [0] * len(needs)
    left = total
    by_need = sorted(range(len(needs)), key=needs.__getitem__)
    for done, i in enumerate(by_need):
        shares[i] = min(needs[i], left // (len(by_need) - done))
        left -= shares[i]
    return shares


def _answer(restored: Restored) -> str:
    back = f"↩️ Following {len(restored.restored)} again."
    if restored.no_room:
        return f"{back} {len(restored.no_room)} did not fit: {MAX_SUBSCRIPTIONS} is the most a chat can follow."
    return back


async def on_button(update: Update, context: Ctx) -> None:
    """↩️ Undo: follow again what its Unfollow all removed, then say what is followed; too late after UNDO_PERIOD."""
    if (tap := await tapped(update, context)) is None:
        return  # the tap is answered
    query, target, data = tap
    token = data.removeprefix(UNDO_DATA)
    restored = await unfollowed_store.restore(context.db, target.chat.id, token, context.clock.now(),
                                              limit=MAX_SUBSCRIPTIONS)
    if restored.outcome == "too late":
        await answer_tap(query, TOO_LATE, show_alert=True)
        await drop_query_button(query)
        return
    if restored.outcome == "undone before":
        await answer_tap(query, UNDONE_BEFORE, show_alert=True)
        return
    log.info("unfollow all undone chat_id=%s restored=%s kept=%s no_room=%s", target.chat.id,
             len(restored.restored), len(restored.kept), len(restored.no_room))
    await answer_tap(query, _answer(restored), show_alert=bool(restored.no_room))
    await edit_query_message(query, _undone_text(target, restored), None)


async def on_one_button(update: Update, context: Ctx) -> None:
    """↩️ Undo under /subscriptions after a ✖ removed one: follow it again with its filters, and redraw the list."""
    if (tap := await tapped(update, context)) is None:
        return  # the tap is answered
    query, target, data = tap
    restored = await unfollowed_store.restore(context.db, target.chat.id, data.removeprefix(UNDO_ONE_DATA),
                                              context.clock.now(), limit=MAX_SUBSCRIPTIONS)
    if restored.outcome == "too late":
        await answer_tap(query, f"Too late to undo: ↩️ Undo works for {UNDO_PERIOD.days} days. /subscribe follows it again.",
                         show_alert=True)
    elif restored.outcome == "undone before" or restored.kept:
        await answer_tap(query, "Already followed again.")
    elif restored.no_room:
        await answer_tap(query, FULL_ALERT, show_alert=True)
    else:
        [back] = restored.restored
        log.info("removal undone chat_id=%s kind=%s value=%s", target.chat.id, back.kind, back.value)
        await answer_tap(query, f"↩️ Following {describe(back.kind, back.value)} again"
                         + (", with its keyword filters." if back.include or back.exclude else "."))
    text, markup = await subscriptions_view(context, target)
    await edit_query_message(query, text, markup)


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(on_button, pattern=f"^{UNDO_DATA}"))
    app.add_handler(CallbackQueryHandler(on_one_button, pattern=f"^{UNDO_ONE_DATA}"))
