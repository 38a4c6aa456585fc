"""Digest schedule: /digest, /quiet, /pause, /resume, /settings (/timezone: handlers.timezone)."""
from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from digests.compose import compose_for_chat, schedule_of
from digests.runner import DigestScheduler
from handlers.channels import managing_line
from handlers.context import Ctx
from handlers.digest_landing import sent_reply
from handlers.quiet_words import quiet_moves
from handlers.replies import answer_tap, edit_query_message, reply_html
from handlers.settings_switches import BREAKING, EMPTY, empty_line, read_tap, state_line, switch_button
from handlers.targets import Target, admins_only, resolve_target, tapped
from news.format import local_moment
from news.places import zone_label
from news.schedule import OFF, choose_schedule, describe_schedule, moved_by_quiet, next_due
from news.schedule_input import ScheduleError, ScheduleHint, parse_duration, parse_quiet_hours
from storage import chats as chat_store
from storage import subscriptions as subscription_store


DIGEST_USAGE = ("Usage: /digest 08:00 19:30 (or 8am 7:30pm) · /digest twice · /digest weekdays 08:00 · "
                "/digest weekends · /digest weekly fri 18:00 · /digest hourly · /digest off · /digest now · "
                "in a group's topic, /digest here")
SETTINGS_HINT = "Time zone: /timezone Rabat · Times: /digest 08:00 19:30 · Quiet: /quiet 22:00-07:00"
QUIET_USAGE = "Usage: /quiet 22:00-07:00 (or 10pm-7am, or /quiet off)"
PAUSE_USAGE = ("Usage: /pause 3d (or 12h, 1w): no digests and no breaking news for that long; "
               "/resume ends the pause.")
NOT_PAUSED = "Digests and breaking news aren't paused"
CADENCE_BUTTONS = ("daily", "weekdays", "weekends", "twice", "hourly", "weekly", "off")  # set:cad:<word>, as /digest <word>


def _not_understood(error: ScheduleError, usage: str = "") -> str:
    """The error as a sentence (HTML), then `usage` unless the error names the commands to send itself."""
    message = html.escape(f"{str(error)[:1].upper()}{str(error)[1:]}.")
    return message if isinstance(error, ScheduleHint) or not usage else f"{message}\n{usage}"


def _admins_only(context: Ctx, what: str) -> str:
    """What a group member who may look but not change is told, in place of a usage line (HTML)."""
    return html.escape(admins_only(context.bot.username, f"change {what}"))


async def show_current(update: Update, context: Ctx, describe: Callable[[chat_store.Chat, datetime], str],
                        usage: str, what: str) -> None:
    """A settings command without words: the chat's value as `describe` words it, then how to change it, or to
    a group member who may only look, that its admins can change `what`."""
    target = await resolve_target(update, context, read_only=True)
    if target:
        more = usage if target.can_change else _admins_only(context, what)
        await reply_html(update, f"{describe(target.chat, context.clock.now())}.\n{more}")


def _quiet_line(chat: chat_store.Chat) -> str:
    return f"Quiet hours: {chat.quiet_start}–{chat.quiet_end}" if chat.quiet_start else "Quiet hours: none"


def _pause_line(chat: chat_store.Chat, now: datetime) -> str | None:
    """A pause holds back digests and breaking pushes alike (storage.push_audience leaves a paused chat out)."""
    if chat.paused_until and chat.paused_until > now:
        return (f"Paused until {local_moment(chat.paused_until, ZoneInfo(chat.timezone), now)}: no digests, "
                "no breaking news")
    return None


def _breaking_line(chat: chat_store.Chat, now: datetime) -> str:
    """The switch's state, unless a pause holds breaking news back now: "on" above "Paused until …" misled."""
    if chat.breaking_alerts and _pause_line(chat, now) is not None:
        return f"{BREAKING.label}: paused (on again when the pause ends)"
    return state_line(BREAKING, chat)


async def _when(context: Ctx, target: Target, now: datetime) -> str:
    """The chat's digest settings as the scheduler follows them (the same functions compute both)."""
    chat = target.chat
    lines = [f"<b>Digest settings for {html.escape(target.label)}</b>",
             f"Time zone: {html.escape(zone_label(chat.timezone))}",
             f"Digests: {describe_schedule(chat.cadence, chat.digest_times)}",
             _quiet_line(chat),
             empty_line(chat),
             _breaking_line(chat, now)]
    if chat.topic_id is not None:
        lines.append(f"Topic: {html.escape(chat.topic_name or 'chosen with /digest here')}")
    return "\n".join(lines + await coming_lines(context, target, now))


async def coming_lines(context: Ctx, target: Target, now: datetime) -> list[str]:
    """When the next digest comes, or why none will: a pause, or nothing followed (HTML lines)."""
    chat = target.chat
    lines = [paused] if (paused := _pause_line(chat, now)) is not None else []
    if not await subscription_store.list_for_chat(context.db, chat.id):  # a due time alone brings nothing
        lines.append(f"No digest until {target.label_html()} follows something: try /subscribe morocco or /subscribe tech.")
    elif chat.next_digest_at:
        why = ""
        if moved_by_quiet(schedule_of(chat), chat.next_digest_at):
            why = (f" (hourly digests pause from {chat.quiet_start} to {chat.quiet_end}, your quiet hours)"
                   if chat.cadence == "hourly" else f" (after your quiet hours, {chat.quiet_start}–{chat.quiet_end})")
        lines.append(f"Next digest: {local_moment(chat.next_digest_at, ZoneInfo(chat.timezone), now)}{why}")
    return lines


async def apply_settings(update: Update, context: Ctx, **values: object) -> Target | None:
    target = await resolve_target(update, context)
    if target is None:
        return None
    return await _save(context, target, _set(**values))


def _set(**values: object) -> chat_store.SettingsChange:
    """A change to these values, whatever the settings were."""
    return lambda _: values


async def _save(context: Ctx, target: Target, change: chat_store.SettingsChange) -> Target:
    """Apply `change` to the settings as stored, with the next due time they then give, in one step
    (chat_store.change_settings says why)."""
    now = context.clock.now()

    def rescheduled(chat: chat_store.Chat) -> dict[str, object]:
        values = change(chat)
        return {**values, "next_digest_at": next_due(schedule_of(replace(chat, **values)), now)}
    return replace(target, chat=await chat_store.change_settings(context.db, target.chat.id, now, rescheduled))


def _schedule_change(words: list[str]) -> chat_store.SettingsChange:
    """/digest WORDS, or a cadence button: the cadence and times they make of those stored (news.schedule)."""
    def change(chat: chat_store.Chat) -> dict[str, object]:
        cadence, times = choose_schedule(words, chat.cadence, chat.digest_times)
        return {"cadence": cadence, "digest_times": times}
    return change


async def digest_command(update: Update, context: Ctx) -> None:
    """/digest 08:00 19:30 | now | daily | twice | weekdays | weekends | hourly | weekly fri 18:00 | off: when digests
    come."""
    args = context.args or []
    if args and args[0].lower() in ("here", "general"):
        await digest_here(update, context)
        return
    if not args or args[0].lower() == "now":
        if args:
            await digest_now(update, context)
            return
        target = await resolve_target(update, context, read_only=True)
        if target:
            more = DIGEST_USAGE if target.can_change else _admins_only(context, "its digest settings")
            await reply_html(update, f"{await _when(context, target, context.clock.now())}\n\n{more}")
        return
    target = await resolve_target(update, context)
    if target is None:
        return
    try:
        target = await _save(context, target, _schedule_change(args))
    except ScheduleError as e:
        await reply_html(update, _not_understood(e, DIGEST_USAGE))
        return
    said = (f"🔕 No more scheduled digests for {target.label_html()}: /digest now brings one whenever you want it, "
            "and what it follows stays. To have them on a schedule again, send /digest 08:00 or /digest daily."
            if target.chat.cadence == OFF else "✅ Saved.")
    await reply_html(update, f"{said}\n\n{await _when(context, target, context.clock.now())}")


async def digest_here(update: Update, context: Ctx) -> None:
    """/digest here in a forum topic: digests and breaking pushes go into that topic; in General (or /digest
    general), into General again. A forum's news in General is lost among everything else said there."""
    target = await resolve_target(update, context)
    message, chat = update.effective_message, update.effective_chat
    if target is None or message is None or chat is None:
        return
    if target.elsewhere or not chat.is_forum:
        await reply_html(update, "Only a group with topics can choose one for its news; here digests and breaking "
                                 "news come into the chat itself.")
        return
    if message.is_topic_message and message.message_thread_id and context.args[0].lower() == "here":
        # The topic's name, from its opening message, which Telegram gives as the message replied to, unless
        # the command replied to someone's message in the topic.
        created = message.reply_to_message.forum_topic_created if message.reply_to_message else None
        name = created.name if created else None
        await chat_store.set_topic(context.db, chat.id, (message.message_thread_id, name), context.clock.now())
        called = f", {html.escape(name)}" if name else ""
        await reply_html(update, f"📌 Digests and breaking news for {target.label_html()} will come to this topic{called}. "
                                 "/digest general sends them to General again.")
        return
    await chat_store.set_topic(context.db, chat.id, None, context.clock.now())
    await reply_html(update, "📌 Digests and breaking news come to the General topic. To have them in another, "
                             "send /digest here inside it.")


async def digest_now(update: Update, context: Ctx) -> None:
    """/digest now: the chat's digest at once. In a group only its admins post one for everyone; a member
    asked for news, not for a change, and is told where to read it."""
    target = await resolve_target(update, context, read_only=True)
    if target is None:
        return
    if not target.can_change:
        await reply_html(update, html.escape(admins_only(context.bot.username, "post a digest to the whole group",
                                                         also="/latest shows the newest stories here.")))
        return
    if not await subscription_store.list_for_chat(context.db, target.chat.id):
        await reply_html(update, f"{target.label_html(sentence_start=True)} follows nothing yet, so there is no digest to "
                                 "send. Follow countries or topics first: /subscribe morocco, /subscribe tech, or "
                                 "/subscribe alone to pick from buttons.")
        return
    # A channel managed from a private chat gets the digest, if there is one, and the admin the answer:
    # "Nothing new" posted for all its readers to see would answer one admin's question. So does a forum
    # whose news goes to another topic than the one asked in.
    message = update.effective_message
    asked_in = message.message_thread_id if message is not None and message.is_topic_message else None
    news_topic = None if target.elsewhere or asked_in == target.chat.topic_id else (
        f"the topic {target.chat.topic_name or 'chosen with /digest here'}" if target.chat.topic_id is not None
        else "the General topic")
    outcome = await compose_for_chat(context.db, target.chat, context.clock.now(),
                                     per_section=context.settings.digest_items_per_section,
                                     send_when_empty=not (target.elsewhere or news_topic), move_schedule=False,
                                     bot_username=context.bot.username)
    if "delivery" in context.bot_data.services:
        context.bot_data.services["delivery"].wake()
    if not (target.elsewhere or news_topic):
        return  # the digest, or its queued "Nothing new" message, is the answer
    where = html.escape(news_topic) if news_topic else target.label_html()
    if outcome.stories == 0:
        await reply_html(update, f"Nothing new for {target.label_html()} since its last digest, so I posted nothing in {where}."
                         if news_topic else f"Nothing new for {where} since its last digest, so I posted nothing there.")
    elif news_topic and target.chat.topic_id is not None:  # it may come to General instead: the answer waits to see
        await reply_html(update, await sent_reply(context, target.chat.id, target.chat.topic_id,
                                                  target.chat.topic_name or "chosen with /digest here", outcome.outbox_ids))
    else:
        await reply_html(update, f"📣 Sent a digest to {where}.")


async def quiet_command(update: Update, context: Ctx) -> None:
    """/quiet 22:00-07:00 | off: no digests in those hours (one due then waits until they end)."""
    text = " ".join(context.args or [])
    if not text:
        await show_current(update, context, lambda chat, _: _quiet_line(chat), QUIET_USAGE, "them")
        return
    target = await resolve_target(update, context)  # before the words: a member is told at once it is not theirs
    if target is None:
        return
    try:
        quiet = parse_quiet_hours(text)
    except ScheduleError as e:
        await reply_html(update, _not_understood(e, QUIET_USAGE))
        return
    target = await _save(context, target, _set(quiet_start=quiet[0] if quiet else None,
                                                quiet_end=quiet[1] if quiet else None))
    said = f"Saved: quiet from {quiet[0]} to {quiet[1]}{quiet_moves(target.chat, named=False)}." if quiet else "Quiet hours off."
    await reply_html(update, f"🌙 {said}\n\n{await _when(context, target, context.clock.now())}")


async def pause_command(update: Update, context: Ctx) -> None:
    """/pause 3d: no digests and no breaking news for a while (stories are kept for the next digest)."""
    if not context.args:
        await show_current(update, context, lambda chat, now: _pause_line(chat, now) or NOT_PAUSED,
                            PAUSE_USAGE, "that")
        return
    target = await resolve_target(update, context)
    if target is None:
        return
    try:
        duration = parse_duration(" ".join(context.args))
    except ScheduleError as e:
        await reply_html(update, _not_understood(e))
        return
    target = await _save(context, target, _set(paused_until=context.clock.now() + duration))
    await reply_html(update, "⏸ Paused: no digests and no breaking news until the pause ends; /resume ends it sooner."
                             f"\n\n{await _when(context, target, context.clock.now())}")


async def resume_command(update: Update, context: Ctx) -> None:
    """/resume: digests again from the next due time, and breaking news from now."""
    target = await resolve_target(update, context)
    if target is None:
        return
    now = context.clock.now()
    if target.chat.paused_until is None or target.chat.paused_until <= now:
        await reply_html(update, f"{NOT_PAUSED}.\n\n{await _when(context, target, now)}")
        return
    target = await _save(context, target, _set(paused_until=None))
    await reply_html(update, f"▶️ Resumed: digests and breaking news come again.\n\n{await _when(context, target, now)}")


def settings_keyboard(target: Target, now: datetime) -> InlineKeyboardMarkup:
    """The cadence (or Off) with the chosen one marked, the two switches saying their state, and Pause or
    Resume, whichever applies now (with nothing to pause and no pause, neither). A cadence button carries the
    cadence it chooses, as the switches carry the state: a tap on an old message does what its label said."""
    chat = target.chat
    def mark(on: bool, text: str, wanted: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(("● " if on else "") + text, callback_data=target.button(f"set:cad:{wanted}"))
    return InlineKeyboardMarkup([  # rows of three at most: more in one would cut "Twice daily" short on a phone
        [mark(chat.cadence == "daily", "Daily", "daily"), mark(chat.cadence == "weekdays", "Weekdays", "weekdays"),
         mark(chat.cadence == "weekends", "Weekends", "weekends")],
        [mark(chat.cadence == "twice_daily", "Twice daily", "twice"), mark(chat.cadence == "hourly", "Hourly", "hourly"),
         mark(chat.cadence.startswith("weekly"), "Weekly", "weekly")],
        [mark(chat.cadence == OFF, "Off", "off")],
        [switch_button(EMPTY, target)],
        [switch_button(BREAKING, target)],
        *_pause_row(target, now),
    ])


def _pause_row(target: Target, now: datetime) -> list[list[InlineKeyboardButton]]:
    """Resume during a pause; else Pause, which holds back digests and breaking news: with digests off it still
    silences pushes, so it goes only when both are off and there is nothing to pause."""
    chat = target.chat
    if chat.paused_until is not None and chat.paused_until > now:
        return [[InlineKeyboardButton("▶️ Resume", callback_data=target.button("set:resume"))]]
    if chat.cadence == OFF and not chat.breaking_alerts:
        return []
    return [[InlineKeyboardButton("⏸ Pause 1 day", callback_data=target.button("set:pause"))]]


async def settings_command(update: Update, context: Ctx) -> None:
    """/settings: the digest schedule with buttons (a group member who is no admin sees it without them)."""
    target = await resolve_target(update, context, read_only=True)
    if target is None:
        return
    now = context.clock.now()
    if not target.can_change:
        await reply_html(update, f"{await _when(context, target, now)}\n\n{_admins_only(context, 'them')}")
        return
    # From a private chat managing a channel, which one first (not in the message a tap redraws: /manage may be
    # off by then, and its heading names the channel).
    managing = f"{managing_line(target.label)}\n\n" if target.elsewhere else ""
    await reply_html(update, f"{managing}{await _when(context, target, now)}\n\n{SETTINGS_HINT}", settings_keyboard(target, now))


async def settings_button(update: Update, context: Ctx) -> None:
    if (tap := await tapped(update, context)) is None:
        return  # the tap is answered
    query, target, data = tap
    now = context.clock.now()
    change: chat_store.SettingsChange
    answer = "Saved"
    if (tap := read_tap(data, query)) is not None:
        if tap.wanted is None:
            await answer_tap(query, "This button was out of date: here are the settings as they are now.", show_alert=True)
            await edit_query_message(query, f"{await _when(context, target, now)}\n\n{SETTINGS_HINT}",
                                     settings_keyboard(target, now))
            return
        if getattr(target.chat, tap.switch.column) == tap.wanted:  # another tap, or an older message, did it first
            answer = f"Already {'on' if tap.wanted else 'off'}."
        change = _set(**{tap.switch.column: int(tap.wanted)})
    elif data.startswith("set:cad:") and data[8:] in CADENCE_BUTTONS:
        # The same choice as /digest daily …: the times the new cadence uses, a weekly digest keeps its day.
        change = _schedule_change([data[8:]])
    elif data == "set:pause":
        change = _set(paused_until=now + parse_duration("1d"))
        answer = "⏸ Paused for a day: no digests, no breaking news."
    elif data == "set:resume":
        change = _set(paused_until=None)
    else:
        await answer_tap(query, "This button is no longer valid — send /settings again.", show_alert=True)
        return
    target = await _save(context, target, change)
    await answer_tap(query, answer)
    await edit_query_message(query, f"{await _when(context, target, now)}\n\n{SETTINGS_HINT}", settings_keyboard(target, now))


async def _start_scheduler(app: Application) -> None:
    data = app.bot_data
    scheduler = DigestScheduler(data.db, data.clock, data.settings.digest_items_per_section, data.services,
                                app.bot.username)
    data.services["digests"] = scheduler
    scheduler.start()


async def _stop_scheduler(app: Application) -> None:
    scheduler = app.bot_data.services.pop("digests", None)
    if scheduler is not None:
        await scheduler.stop()


def register(app: Application) -> None:
    app.add_handler(CommandHandler("digest", digest_command))
    app.add_handler(CommandHandler("quiet", quiet_command))
    app.add_handler(CommandHandler("pause", pause_command))
    app.add_handler(CommandHandler("resume", resume_command))
    app.add_handler(CommandHandler("settings", settings_command))
    app.add_handler(CallbackQueryHandler(settings_button, pattern=r"^set:"))
    app.bot_data.on_start.append(_start_scheduler)
    app.bot_data.on_stop.append(_stop_scheduler)
