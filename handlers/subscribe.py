"""/subscribe, /unsubscribe, /subscriptions: follow countries and topics, with keyword filters."""
from __future__ import annotations

import html
import logging
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from handlers.context import Ctx
from handlers.replies import echo, edit_query_message, reply_html
from handlers.targets import Target, resolve_target
from news.countries import country_by_code, resolve_country, suggest_countries
from news.format import MESSAGE_LIMIT, telegram_length
from news.topics import TOPICS, resolve_topic, topic_by_key
from storage import subscriptions as subscription_store

log = logging.getLogger(__name__)

POPULAR_COUNTRIES = ("US", "GB", "UA", "RU", "IL", "PS", "CN", "IN", "FR", "DE", "MA", "BR")
# A chat's digest has a section per subscription: past some 50 it stops being a digest.
MAX_SUBSCRIPTIONS = 50
MAX_KEYWORDS = 10  # +keywords and -keywords of one subscription together
KEYWORD_LIMIT = 40  # characters
# /subscriptions is one message (its remove buttons edit it in place): remove buttons for the first 20, well
# under Telegram's 100 buttons, and lines until the text would pass LIST_BUDGET, then "…and N more".
REMOVE_BUTTONS = 20
LIST_BUDGET = MESSAGE_LIMIT - 600  # the notes under the list need less than 600
FILTERS_SHOWN = 500  # characters of a subscription's filters in a reply (MAX_KEYWORDS keywords fit)
FILTERS_LISTED = 60  # … and in a line of /subscriptions


@dataclass(frozen=True)
class Wanted:
    kind: str  # 'country' | 'topic'
    value: str
    label: str
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


def describe(kind: str, value: str) -> str:
    if kind == "country":
        country = country_by_code(value)
        return f"{country.flag} {country.name}" if country else value
    topic = topic_by_key(value)
    return f"{topic.emoji} {topic.name}" if topic else value


def parse_wanted(args: list[str]) -> tuple[Wanted | None, str]:
    """'morocco -football +election' → what to follow; else (None, a helpful reply)."""
    words = [a for a in args if not a.startswith(("+", "-"))]
    include = tuple(dict.fromkeys(a[1:].lower() for a in args if a.startswith("+") and len(a) > 1))
    exclude = tuple(dict.fromkeys(a[1:].lower() for a in args if a.startswith("-") and len(a) > 1))
    name = " ".join(words).strip()
    if not name:
        return None, "Usage: /subscribe &lt;country or topic&gt; [+keyword] [-keyword], e.g. /subscribe morocco -football"
    topic = resolve_topic(name)
    if topic is not None:
        return Wanted("topic", topic.key, describe("topic", topic.key), include, exclude), ""
    country = resolve_country(name)
    if country is not None:
        return Wanted("country", country.code, describe("country", country.code), include, exclude), ""
    suggestions = suggest_countries(name)
    hint = f" Did you mean {' or '.join(html.escape(c.name) for c in suggestions)}?" if suggestions else " /countries and /topics list what you can follow."
    return None, f"I don't know a country or topic called “{echo(name)}”.{hint}"


def filters_problem(wanted: Wanted) -> str | None:
    """Why these keyword filters can't be saved (too many, or one too long), or None."""
    keywords = wanted.include + wanted.exclude
    if len(keywords) > MAX_KEYWORDS:
        return (f"That's {len(keywords)} keywords; a subscription can have at most {MAX_KEYWORDS}. "
                "Keep the ones that matter most, e.g. /subscribe morocco +election -football")
    too_long = next((w for w in keywords if len(w) > KEYWORD_LIMIT), None)
    if too_long is not None:
        return f"A keyword can be at most {KEYWORD_LIMIT} characters; “{echo(too_long, 24)}” has {len(too_long)}."
    return None


def _filters_text(wanted: Wanted, limit: int = FILTERS_SHOWN) -> str:
    """" (only with a, b; without c)", clipped: filters saved before their caps can be any length."""
    parts = []
    if wanted.include:
        parts.append("only with " + ", ".join(wanted.include))
    if wanted.exclude:
        parts.append("without " + ", ".join(wanted.exclude))
    return f" ({echo('; '.join(parts), limit)})" if parts else ""


async def _has_room(context: Ctx, chat_id: int, kind: str, value: str) -> bool:
    """A chat may follow MAX_SUBSCRIPTIONS things; changing the filters of one it follows is always fine."""
    subs = await subscription_store.list_for_chat(context.db, chat_id)
    return len(subs) < MAX_SUBSCRIPTIONS or any((s.kind, s.value) == (kind, value) for s in subs)


def _full(target: Target) -> str:
    return (f"{target.label.capitalize()} already follows {MAX_SUBSCRIPTIONS} countries and topics, the most a chat can. "
            "Remove one first: /subscriptions lists them, /unsubscribe NAME removes one.")


FULL_ALERT = f"Already following {MAX_SUBSCRIPTIONS} countries and topics, the most a chat can. Remove one first (/subscriptions)."


def _schedule_line(target: Target) -> str:
    chat = target.chat
    times = " and ".join(chat.digest_times) if chat.cadence != "hourly" else "every hour"
    return f"Digests for {target.label}: {chat.cadence.replace('_', ' ')} at {times} ({html.escape(chat.timezone)}). Change with /digest and /timezone."


async def subscribe_command(update: Update, context: Ctx) -> None:
    """/subscribe [name] [+kw] [-kw]: follow in one step, or pick from buttons."""
    target = await resolve_target(update, context)
    if target is None:
        return
    if not context.args:
        await reply_html(update, "Tap to follow or unfollow, then Done.", await picker(context, target.chat.id))
        return
    wanted, problem = parse_wanted(context.args)
    if wanted is None:
        await reply_html(update, problem)
        return
    if (problem := filters_problem(wanted)) is not None:
        await reply_html(update, problem)
        return
    if not await _has_room(context, target.chat.id, wanted.kind, wanted.value):
        await reply_html(update, _full(target))
        return
    await subscription_store.subscribe(context.db, target.chat.id, wanted.kind, wanted.value, context.clock.now(), wanted.include, wanted.exclude)
    await reply_html(update, f"🔔 {target.label.capitalize()} now follows {html.escape(wanted.label)}{_filters_text(wanted)}.\n{_schedule_line(target)}")


async def unsubscribe_command(update: Update, context: Ctx) -> None:
    """/unsubscribe [name]: stop following, in one step or from buttons."""
    target = await resolve_target(update, context)
    if target is None:
        return
    if not context.args:
        await subscriptions_command(update, context)
        return
    wanted, problem = parse_wanted(context.args)
    if wanted is None:
        await reply_html(update, problem)
        return
    if await subscription_store.unsubscribe(context.db, target.chat.id, wanted.kind, wanted.value):
        await reply_html(update, f"🔕 {target.label.capitalize()} no longer follows {html.escape(wanted.label)}.")
    else:
        await reply_html(update, f"{target.label.capitalize()} wasn't following {html.escape(wanted.label)}. /subscriptions shows what it follows.")


async def subscriptions_command(update: Update, context: Ctx) -> None:
    """/subscriptions (/mysubs): what this chat follows, with remove buttons."""
    target = await resolve_target(update, context)
    if target is None:
        return
    text, markup = await subscriptions_view(context, target)
    await reply_html(update, text, markup)


async def subscriptions_view(context: Ctx, target: Target) -> tuple[str, InlineKeyboardMarkup | None]:
    """The list with remove buttons, as one message within Telegram's limits however much the chat follows."""
    subs = await subscription_store.list_for_chat(context.db, target.chat.id)
    if not subs:
        return f"{target.label.capitalize()} follows nothing yet. Try /subscribe morocco or /subscribe tech.", None
    lines = [f"<b>{html.escape(target.label.capitalize())} follows</b>"]
    size = telegram_length(lines[0])
    for sub in subs:
        wanted = Wanted(sub.kind, sub.value, describe(sub.kind, sub.value), sub.include, sub.exclude)
        line = f"• {html.escape(wanted.label)}{_filters_text(wanted, FILTERS_LISTED)}"
        size += 1 + telegram_length(line)
        if size > LIST_BUDGET:
            lines.append(f"…and {len(subs) - (len(lines) - 1)} more.")
            break
        lines.append(line)
    buttons = [[InlineKeyboardButton(f"✖ {describe(sub.kind, sub.value)}", callback_data=f"un:{sub.id}")]
               for sub in subs[:REMOVE_BUTTONS]]
    lines.append("")
    if len(subs) > REMOVE_BUTTONS:
        example = html.escape(_plain_name(subs[REMOVE_BUTTONS].kind, subs[REMOVE_BUTTONS].value))
        lines.append(f"The buttons remove the first {REMOVE_BUTTONS}; for the others send /unsubscribe NAME, e.g. /unsubscribe {example}.")
    lines.append(_schedule_line(target))
    return "\n".join(lines), InlineKeyboardMarkup(buttons)


def _plain_name(kind: str, value: str) -> str:
    """The name /unsubscribe understands: "South Korea", "tech"."""
    if kind == "country":
        country = country_by_code(value)
        return country.name if country else value
    topic = topic_by_key(value)
    return topic.command if topic else value


async def picker(context: Ctx, chat_id: int) -> InlineKeyboardMarkup:
    """Toggle buttons for popular countries and every topic, plus search and Done."""
    followed = {(s.kind, s.value) for s in await subscription_store.list_for_chat(context.db, chat_id)}

    def button(kind: str, value: str) -> InlineKeyboardButton:
        mark = "✅ " if (kind, value) in followed else ""
        return InlineKeyboardButton(mark + describe(kind, value), callback_data=f"tg:{kind[0]}:{value}")

    countries = [button("country", code) for code in POPULAR_COUNTRIES]
    topics = [button("topic", t.key) for t in TOPICS]
    rows = [countries[i : i + 3] for i in range(0, len(countries), 3)] + [topics[i : i + 2] for i in range(0, len(topics), 2)]
    rows.append([InlineKeyboardButton("🔎 Another country", callback_data="tg:search"), InlineKeyboardButton("Done", callback_data="tg:done")])
    return InlineKeyboardMarkup(rows)


def _decode(kind_letter: str, value: str) -> tuple[str, str] | None:
    """callback values come from users' clients: accept only real countries and topics."""
    if kind_letter in ("c", "country") and country_by_code(value) is not None:
        return "country", value
    if kind_letter in ("t", "topic") and topic_by_key(value) is not None:
        return "topic", value
    return None


async def on_button(update: Update, context: Ctx) -> None:
    """Every subscription button: one-step subscribe, toggles, remove; stale or forged data answered."""
    query = update.callback_query
    assert query is not None and query.data is not None
    parts = query.data.split(":")
    target = await resolve_target(update, context, quiet=True)
    if target is None:
        await query.answer("Only this group's admins can change its subscriptions.", show_alert=True)
        return
    now = context.clock.now()
    if parts[0] == "sub" and len(parts) == 3 and (decoded := _decode(parts[1], parts[2])):
        if not await _has_room(context, target.chat.id, *decoded):
            await query.answer(FULL_ALERT, show_alert=True)
            return
        new = await subscription_store.subscribe(context.db, target.chat.id, *decoded, now)
        await query.answer(f"{'Subscribed to' if new else 'Already following'} {describe(*decoded)} 🔔")
        return
    if parts[0] == "tg" and parts[1:] == ["done"]:
        text, _ = await subscriptions_view(context, target)
        await query.answer()
        await edit_query_message(query, text, None)
        return
    if parts[0] == "tg" and parts[1:] == ["search"]:
        await query.answer("Type /subscribe and a country, e.g. /subscribe Côte d'Ivoire", show_alert=True)
        return
    if parts[0] == "tg" and len(parts) == 3 and (decoded := _decode(parts[1], parts[2])):
        if not await subscription_store.unsubscribe(context.db, target.chat.id, *decoded):
            if not await _has_room(context, target.chat.id, *decoded):
                await query.answer(FULL_ALERT, show_alert=True)
                return
            await subscription_store.subscribe(context.db, target.chat.id, *decoded, now)
        await query.answer()
        await edit_query_message(query, query.message.text_html if query.message else "", await picker(context, target.chat.id))  # type: ignore[union-attr]
        return
    if parts[0] == "un" and len(parts) == 2 and parts[1].isdigit():
        removed = await subscription_store.remove_by_id(context.db, target.chat.id, int(parts[1]))
        await query.answer(f"Removed {describe(removed.kind, removed.value)}" if removed else "Already removed.")
        text, markup = await subscriptions_view(context, target)
        await edit_query_message(query, text, markup)
        return
    log.info("stale or unknown subscription button data=%r", query.data)
    await query.answer("This button is no longer valid — send /subscribe again.", show_alert=True)



def register(app: Application) -> None:
    app.add_handler(CommandHandler("subscribe", subscribe_command))
    app.add_handler(CommandHandler("unsubscribe", unsubscribe_command))
    app.add_handler(CommandHandler(["subscriptions", "mysubs"], subscriptions_command))
    app.add_handler(CallbackQueryHandler(on_button, pattern=r"^(sub|tg|un):"))
