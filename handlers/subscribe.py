"""/subscribe, /unsubscribe, /subscriptions: follow countries and topics, several at once, with keyword filters."""
from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from typing import Literal

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from handlers.arguments import parse_id
from handlers.context import Ctx
from handlers.quiet_words import quiet_moves
from handlers.replies import answer_tap, edit_query_message, reply_html
from handlers.subscription_names import (FILTERS_LISTED, LIST_BUDGET, USAGE, describe, filters_problem, filters_text,
                                         listed, name_list, name_notes, plain_name, read_request, split_names,
                                         unknown_lines)
from handlers.targets import Target, admins_only, resolve_target, tapped
from handlers.unsubscribe_all import ask_to_stop, asks_for_everything
from news.countries import country_by_code
from news.format import telegram_length
from news.places import clock_name
from news.schedule import OFF, describe_schedule
from news.topics import TOPICS, topic_by_key
from storage import subscriptions as subscription_store
from storage import unfollowed as unfollowed_store
from storage.subscriptions import Subscription

log = logging.getLogger(__name__)

POPULAR_COUNTRIES = ("US", "GB", "UA", "RU", "IL", "PS", "CN", "IN", "FR", "DE", "MA", "BR")
# A chat's digest has a section per subscription: past some 50 it stops being a digest.
MAX_SUBSCRIPTIONS = 50
# /subscriptions is one message (its remove buttons edit it in place): remove buttons for the first 20, well
# under Telegram's 100 buttons, and lines until the text would pass LIST_BUDGET, then "…and N more".
REMOVE_BUTTONS = 20
PICKER_TEXT = "Tap to follow or unfollow, then Done."
UNDO_ONE_DATA = "undo1:"  # + the token of what a ✖ button removed (storage.unfollowed); handlers.unfollow_undo answers
UNSUBSCRIBE_USAGE = ("Usage: /unsubscribe &lt;countries or topics&gt;, e.g. /unsubscribe tech or /unsubscribe morocco israel; "
                     "/unsubscribe all stops everything")


def _full(target: Target) -> str:
    return (f"{target.label_html(sentence_start=True)} already follows {MAX_SUBSCRIPTIONS} countries and topics, "
            "the most a chat can. Remove one first: /subscriptions lists them, /unsubscribe NAME removes one.")


FULL_ALERT = f"Already following {MAX_SUBSCRIPTIONS} countries and topics, the most a chat can. Remove one first (/subscriptions)."


def schedule_line(target: Target) -> str:
    """When the chat's digests come; how to change that, to those who may (a group member is not invited to)."""
    chat = target.chat
    # On whose clock, as /start names it ("08:00 UTC", "08:00 Paris time"); off and hourly have no time to place.
    zone = "" if chat.cadence in (OFF, "hourly") else f" {html.escape(clock_name(chat.timezone))}"
    when = describe_schedule(chat.cadence, chat.digest_times)
    line = f"Digests for {target.label_html()}: {when}{zone}{quiet_moves(chat, named=True)}."
    if chat.cadence == OFF and not chat.breaking_alerts:
        line += " Breaking news is off too, so nothing comes unasked."
    return f"{line} Change with /digest and /timezone." if target.can_change else line


def breaking_off_line(target: Target) -> list[str]:
    """After following something: that breaking news stays off (🔕 Unfollow all turns it off, and following again
    does not turn it on), unless the schedule line said so already (digests off too)."""
    chat = target.chat
    if chat.breaking_alerts or chat.cadence == OFF:
        return []
    where = "here" if not target.elsewhere else f"for {target.label_html()}"
    return [f"🚨 Breaking news is still off {where} — /breaking_alerts on."]


async def subscribe_command(update: Update, context: Ctx) -> None:
    """/subscribe [names] [+kw] [-kw]: follow one or several in one step, or pick from buttons."""
    await subscribe_words(update, context, context.args or [])


async def subscribe_words(update: Update, context: Ctx, args: list[str]) -> None:
    """What /subscribe with `args` does, also for the same words typed without the slash ("follow libya")."""
    target = await resolve_target(update, context)
    if target is None:
        return
    if not args:
        await reply_html(update, PICKER_TEXT, await picker(context, target))
        return
    request = read_request(args)
    names = split_names(request.words)
    include, exclude = request.include, request.exclude
    if not names.found:
        await reply_html(update, "\n".join(unknown_lines(names.unknown)) if names.unknown else USAGE)
        return
    if (problem := filters_problem(request)) is not None:
        await reply_html(update, problem)
        return
    # Re-subscribing without filters keeps the ones a subscription has; any +word/-word replaces them, and a
    # lone "+" or "-" clears them.
    filters = (include, exclude) if request.filtered else None
    new: list[str] = []
    changed: list[tuple[str, str]] = []  # (name, the filters it had)
    kept: list[Subscription] = []
    no_room: list[str] = []
    now = context.clock.now()
    for kind, value in names.found:
        followed = await subscription_store.follow(context.db, target.chat.id, kind, value, now,
                                                   limit=MAX_SUBSCRIPTIONS, filters=filters)
        name, before = html.escape(describe(kind, value)), followed.before
        if followed.outcome == "full":
            no_room.append(name)
        elif before is None:
            new.append(name)
        elif followed.outcome == "kept":
            kept.append(before)
        else:
            had = filters_text(before.include, before.exclude, FILTERS_LISTED)
            changed.append((name, had[2:-1] if had else "none"))  # " (without trump)" → "without trump"
    lines = _subscribed_lines(target, new, changed, kept, no_room, filters_text(include, exclude))
    lines += unknown_lines(names.unknown) + name_notes(names, request)
    if new:
        lines += [schedule_line(target), *breaking_off_line(target)]
    await reply_html(update, "\n".join(lines))


def _subscribed_lines(target: Target, new: list[str], changed: list[tuple[str, str]], kept: list[Subscription],
                      no_room: list[str], filters: str) -> list[str]:
    """What /subscribe did, a line for each kind of outcome."""
    who = target.label_html(sentence_start=True)
    lines = []
    if new:
        each = ", each" if len(new) > 1 and filters else ""
        lines.append(f"🔔 {who} now follows {name_list(new)}{each}{filters}.")
    if changed:
        was = f"was: {changed[0][1]}" if len(changed) == 1 else ""  # one line of filters for several would mislead
        if filters:
            now = f" ({filters[2:-1]}; {was})" if was else filters
        else:
            now = f" with no filters ({was})" if was else " with no filters"
        lines.append(f"🔔 {'New filters' if filters else 'Filters cleared'}: {target.label_html()} now follows "
                     f"{name_list([name for name, _ in changed])}{now}.")
    if kept:
        already = [html.escape(describe(s.kind, s.value)) + filters_text(s.include, s.exclude, FILTERS_LISTED) for s in kept]
        lines.append(f"{who} already follows {name_list(already)}.")
        example = next((s for s in kept if s.include or s.exclude), None)
        if example is not None:
            name = html.escape(plain_name(example.kind, example.value))
            lines.append(f"/subscribe {name} +word -word sets new filters; /subscribe {name} + clears them.")
        elif len(kept) == 1:
            lines.append(f"Add filters with /subscribe {html.escape(plain_name(kept[0].kind, kept[0].value))} +word -word.")
    if no_room:
        lines.append(f"Not followed: {name_list(no_room)}. {_full(target)}" if lines or len(no_room) > 1 else _full(target))
    return lines


async def unsubscribe_command(update: Update, context: Ctx) -> None:
    """/unsubscribe [names]: stop following one or several, in one step or from buttons."""
    await unsubscribe_words(update, context, context.args or [])


async def unsubscribe_words(update: Update, context: Ctx, args: list[str]) -> None:
    """What /unsubscribe with `args` does, also for the same words typed without the slash ("unfollow tech")."""
    # Alone it shows the list, as /subscriptions does: a group member may look at it.
    target = await resolve_target(update, context, read_only=not args)
    if target is None:
        return
    if not args:
        await _show_subscriptions(update, context, target)
        return
    if asks_for_everything(args):
        await ask_to_stop(update, context, target)
        return
    names = split_names(read_request(args).words)
    if not names.found:
        await reply_html(update, "\n".join(unknown_lines(names.unknown)) if names.unknown else UNSUBSCRIBE_USAGE)
        return
    removed, absent = [], []
    for kind, value in names.found:
        gone = await subscription_store.unsubscribe(context.db, target.chat.id, kind, value)
        (removed if gone else absent).append(html.escape(describe(kind, value)))
    who = target.label_html(sentence_start=True)
    lines = []
    if removed:
        lines.append(f"🔕 {who} no longer follows {name_list(removed)}.")
    if absent:
        lines.append(f"{who} wasn't following {name_list(absent)}. /subscriptions shows what it follows.")
    await reply_html(update, "\n".join(lines + unknown_lines(names.unknown)))


async def subscriptions_command(update: Update, context: Ctx) -> None:
    """/subscriptions (/mysubs): what this chat follows, with remove buttons for those who may change it."""
    target = await resolve_target(update, context, read_only=True)
    if target is None:
        return
    await _show_subscriptions(update, context, target)


async def _show_subscriptions(update: Update, context: Ctx, target: Target) -> None:
    text, markup = await subscriptions_view(context, target)
    await reply_html(update, text, markup)


async def subscriptions_view(context: Ctx, target: Target) -> tuple[str, InlineKeyboardMarkup | None]:
    """The list with remove buttons, as one message within Telegram's limits however much the chat follows.

    A group member who is no admin sees the list without buttons.
    """
    subs = await subscription_store.list_for_chat(context.db, target.chat.id)
    who = target.label_html(sentence_start=True)
    if not subs:
        if not target.can_change:
            return f"{who} follows nothing yet. Its admins can add countries and topics with /subscribe.", None
        return f"{who} follows nothing yet. Try /subscribe morocco or /subscribe tech.", None
    heading = f"<b>{who} follows</b>"
    lines = [heading, *listed(subs, LIST_BUDGET - telegram_length(heading)), ""]
    if not target.can_change:  # what it follows and when its digests come, then who may change them
        lines += [schedule_line(target), html.escape(admins_only(context.bot.username, "change them"))]
        return "\n".join(lines), None
    if len(subs) > REMOVE_BUTTONS:
        example = html.escape(plain_name(subs[REMOVE_BUTTONS].kind, subs[REMOVE_BUTTONS].value))
        lines.append(f"The buttons remove the first {REMOVE_BUTTONS}; for the others send /unsubscribe NAME, e.g. /unsubscribe {example}.")
    lines.append(schedule_line(target))
    buttons = [[InlineKeyboardButton(f"✖ {describe(sub.kind, sub.value)}", callback_data=target.button(f"un:{sub.kind[0]}:{sub.value}"))]
               for sub in subs[:REMOVE_BUTTONS]]
    return "\n".join(lines), InlineKeyboardMarkup(buttons)


async def picker(context: Ctx, target: Target) -> InlineKeyboardMarkup:
    """Follow (or ✅ unfollow) buttons for popular countries and every topic, plus search and Done."""
    followed = {(s.kind, s.value) for s in await subscription_store.list_for_chat(context.db, target.chat.id)}

    def button(kind: str, value: str) -> InlineKeyboardButton:
        # The data says what the tap does, as the button shows it: a keyboard left behind may be out of date.
        if (kind, value) in followed:
            return InlineKeyboardButton("✅ " + describe(kind, value), callback_data=target.button(f"tg:u:{kind[0]}:{value}"))
        return InlineKeyboardButton(describe(kind, value), callback_data=target.button(f"tg:f:{kind[0]}:{value}"))

    countries = [button("country", code) for code in POPULAR_COUNTRIES]
    topics = [button("topic", t.key) for t in TOPICS]
    rows = [countries[i : i + 3] for i in range(0, len(countries), 3)] + [topics[i : i + 2] for i in range(0, len(topics), 2)]
    rows.append([InlineKeyboardButton("🔎 Another country", callback_data=target.button("tg:search")),
                 InlineKeyboardButton("Done", callback_data=target.button("tg:done"))])
    return InlineKeyboardMarkup(rows)


def decode_name(kind_letter: str, value: str) -> tuple[str, str] | None:
    """callback values come from users' clients: accept only real countries and topics."""
    if kind_letter in ("c", "country") and country_by_code(value) is not None:
        return "country", value
    if kind_letter in ("t", "topic") and topic_by_key(value) is not None:
        return "topic", value
    return None


@dataclass(frozen=True)
class PickerTap:
    intent: Literal["follow", "unfollow", "unknown"]
    kind: str
    value: str


def _picker_tap(query: CallbackQuery, parts: list[str]) -> PickerTap | None:
    """What a picker button asks for: "tg:f:c:MA" follow, "tg:u:c:MA" unfollow; None for any other data.

    Keyboards sent before the data said so ("tg:c:MA", a toggle) are read by what the tapped button showed:
    "✅ 🇲🇦 Morocco" meant unfollow. Such data not found in its keyboard asks for nothing: the keyboard is redrawn."""
    if len(parts) == 4 and parts[1] in ("f", "u") and (decoded := decode_name(parts[2], parts[3])):
        return PickerTap("follow" if parts[1] == "f" else "unfollow", *decoded)
    if len(parts) == 3 and (decoded := decode_name(parts[1], parts[2])):
        shown = _shown(query)
        if shown is None:
            return PickerTap("unknown", *decoded)
        return PickerTap("unfollow" if shown.startswith("✅") else "follow", *decoded)
    return None


def _shown(query: CallbackQuery) -> str | None:
    """The text of the tapped button as its message shows it; None when no button there carries the data."""
    markup = getattr(query.message, "reply_markup", None)
    return next((b.text for row in (markup.inline_keyboard if markup else ()) for b in row
                 if b.callback_data == query.data), None)


def _legacy_removal(query: CallbackQuery, subs: list[Subscription]) -> tuple[str, str] | None:
    """What a remove button from a list sent when they carried ids ("un:7") removes: the subscription it showed
    ("✖ 🇲🇦 Morocco"), read as old picker keyboards are, never whichever has that id now; None if none of those."""
    shown = _shown(query)
    return next(((s.kind, s.value) for s in subs if f"✖ {describe(s.kind, s.value)}" == shown), None)


async def _remove(context: Ctx, target: Target, query: CallbackQuery, named: tuple[str, str] | None) -> None:
    """Remove what a remove button names, if the chat follows it (None: nothing it follows), and redraw the list,
    with a ↩️ Undo that follows it again, keyword filters and all.

    The button's data names what it removes ("un:c:MA") rather than carrying the subscription's id, which SQLite
    hands out again (subscriptions.id has no AUTOINCREMENT: a new row gets the highest id + 1, so the id of the
    newest row comes back once it goes): a list left behind removed the newer subscription that got the id of the
    one it showed. A name is the chat's own key for a subscription, so no reuse can redirect it. A migration to
    AUTOINCREMENT would still hand out ids freed before it ran, to the buttons of lists sent before.
    """
    token = (await unfollowed_store.unfollow_one(context.db, target.chat.id, *named, context.clock.now())
             if named is not None else None)
    await answer_tap(query, f"Removed {describe(*named)}" if named is not None and token else "Already removed.")
    text, markup = await subscriptions_view(context, target)
    if named is not None and token:  # a mis-tap must not lose its keyword filters for good (handlers.unfollow_undo)
        undo = InlineKeyboardButton(f"↩️ Undo: follow {describe(*named)} again",
                                    callback_data=target.button(f"{UNDO_ONE_DATA}{token}"))
        markup = InlineKeyboardMarkup([*(markup.inline_keyboard if markup else ()), [undo]])
    await edit_query_message(query, text, markup)


async def _picker_change(context: Ctx, target: Target, tap: PickerTap) -> tuple[str, bool]:
    """Do what a picker tap asks, unless it is so already; the answer to the tap says which (and whether as an alert)."""
    name = describe(tap.kind, tap.value)
    if tap.intent == "unknown":
        return "That keyboard was out of date: here it is as things are now.", False
    if tap.intent == "unfollow":
        if await subscription_store.unsubscribe(context.db, target.chat.id, tap.kind, tap.value):
            return f"🔕 Unfollowed {name}.", False
        return f"{target.alert_label} wasn't following {name}: nothing changed. The buttons show what it follows now.", True
    followed = await subscription_store.follow(context.db, target.chat.id, tap.kind, tap.value, context.clock.now(),
                                               limit=MAX_SUBSCRIPTIONS)
    if followed.outcome == "full":
        return FULL_ALERT, True
    if followed.outcome == "kept":
        return f"{target.alert_label} already follows {name}: nothing changed. The buttons show what it follows now.", True
    return f"🔔 Following {name}.", False


async def on_button(update: Update, context: Ctx) -> None:
    """The picker's follow and unfollow, Done, and remove buttons; stale or forged data answered (🔔 Subscribe:
    handlers.subscribe_button)."""
    if (tap := await tapped(update, context)) is None:
        return  # the tap is answered
    query, target, data = tap
    parts = data.split(":")
    if parts[0] == "tg" and parts[1:] == ["done"]:
        text, markup = await subscriptions_view(context, target)
        await answer_tap(query)
        await edit_query_message(query, text, markup)
        return
    if parts[0] == "tg" and parts[1:] == ["search"]:
        await answer_tap(query, "Type /subscribe and a country, e.g. /subscribe Côte d'Ivoire", show_alert=True)
        return
    if parts[0] == "tg" and (tap := _picker_tap(query, parts)) is not None:
        # A tap sent before Done turned the picker into the list: it would follow one thing and put the picker
        # back under a list that no longer says what it does.
        if getattr(query.message, "text", None) != PICKER_TEXT:
            await answer_tap(query, "This picker is closed — send /subscribe to open it again.", show_alert=True)
            return
        answer, alert = await _picker_change(context, target, tap)
        await answer_tap(query, answer, show_alert=alert)
        await edit_query_message(query, PICKER_TEXT, await picker(context, target))
        return
    if parts[0] == "un" and len(parts) == 3 and (named := decode_name(parts[1], parts[2])):
        await _remove(context, target, query, named)
        return
    if parts[0] == "un" and len(parts) == 2 and parse_id(parts[1]) is not None and _shown(query) is not None:
        subs = await subscription_store.list_for_chat(context.db, target.chat.id)
        await _remove(context, target, query, _legacy_removal(query, subs))
        return
    log.info("stale or unknown subscription button data=%r", query.data)
    await answer_tap(query, "This button is no longer valid — send /subscribe again.", show_alert=True)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("subscribe", subscribe_command))
    app.add_handler(CommandHandler("unsubscribe", unsubscribe_command))
    app.add_handler(CommandHandler(["subscriptions", "mysubs"], subscriptions_command))
    app.add_handler(CallbackQueryHandler(on_button, pattern=r"^(tg|un):"))
