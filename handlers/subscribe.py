"""/subscribe, /unsubscribe, /subscriptions: follow countries and topics, several at once, with keyword filters."""
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
from news.topics import TOPICS, resolve_topic, suggest_topics, topic_by_key
from storage import subscriptions as subscription_store
from storage.subscriptions import Subscription

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
USAGE = ("Usage: /subscribe &lt;countries or topics&gt; [+keyword] [-keyword], e.g. /subscribe morocco -football "
         "or /subscribe morocco israel tech")
UNSUBSCRIBE_USAGE = "Usage: /unsubscribe &lt;countries or topics&gt;, e.g. /unsubscribe tech or /unsubscribe morocco israel"
# Between names these are words, not names: "morocco and israel", "the bahamas".
_FILLERS = frozenset({"and", "&", "or", "the"})
# English words that are also ISO codes: among several words, "news in morocco" is not India and Morocco.
_WORDS_NOT_CODES = frozenset({"in", "is", "it", "to", "no", "me", "at", "be", "by", "do", "so", "my", "am", "as"})
_LONGEST_NAME = 10  # words and commas in a name: "Saint Helena, Ascension and Tristan da Cunha" has 8
UNKNOWN_SHOWN = 5  # phrases not understood, quoted in one reply
NAMES_SHOWN = 10  # countries and topics named in one line of a reply


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
    include, exclude = _keywords(args)
    name = " ".join(words).strip()
    if not name:
        return None, USAGE
    found = _resolve(name)
    if found is not None:
        return Wanted(*found, describe(*found), include, exclude), ""
    return None, _unknown_line(name)


def _keywords(args: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    include = tuple(dict.fromkeys(a[1:].lower() for a in args if a.startswith("+") and len(a) > 1))
    exclude = tuple(dict.fromkeys(a[1:].lower() for a in args if a.startswith("-") and len(a) > 1))
    return include, exclude


def _resolve(name: str) -> tuple[str, str] | None:
    """(kind, value) of a topic or country name, as /subscribe has always read one."""
    topic = resolve_topic(name)
    if topic is not None:
        return "topic", topic.key
    country = resolve_country(name)
    return ("country", country.code) if country is not None else None


@dataclass(frozen=True)
class Names:
    found: tuple[tuple[str, str], ...]  # (kind, value) in the order named, each once
    unknown: tuple[str, ...]  # phrases not understood, as typed


def split_names(words: list[str]) -> Names:
    """'morocco israel', 'morocco, south korea', "côte d'ivoire and tech" → each name in them.

    From each word on, the longest run of words that is a name wins, so "south korea" is one name and
    "morocco israel" two. Words that are no name stay together as one phrase until the next name or comma.
    """
    tokens = " ".join(words).replace(",", " , ").split()
    several = sum(t != "," for t in tokens) > 1
    found: dict[tuple[str, str], None] = {}
    unknown: list[str] = []
    run: list[str] = []

    def end_run() -> None:
        if run and not all(w.lower() in _FILLERS for w in run) and " ".join(run) not in unknown:
            unknown.append(" ".join(run))
        run.clear()

    i = 0
    while i < len(tokens):
        if tokens[i] == ",":
            end_run()
            i += 1
            continue
        hit, j = None, i + 1
        for j in range(min(len(tokens), i + _LONGEST_NAME), i, -1):
            if tokens[j - 1] == "," or (several and j == i + 1 and tokens[i].lower() in _WORDS_NOT_CODES):
                continue
            if (hit := _resolve(" ".join(tokens[i:j]))) is not None:
                break
        if hit is None:
            run.append(tokens[i])
            i += 1
            continue
        end_run()
        found[hit] = None
        i = j
    end_run()
    return Names(tuple(found), tuple(unknown))


def _suggestions(phrase: str) -> list[str]:
    """Names close to a phrase not understood, or else to its words ("moroco isreal" → Morocco, Israel)."""
    def close(text: str) -> list[str]:
        return [c.name for c in suggest_countries(text)] + [t.name for t in suggest_topics(text)]

    names = close(phrase)
    if not names and " " in phrase:
        for word in list(dict.fromkeys(phrase.lower().split()))[:UNKNOWN_SHOWN]:
            names += close(word)
    return list(dict.fromkeys(names))[:3]


def _unknown_line(phrase: str) -> str:
    suggestions = _suggestions(phrase)
    hint = (f" Did you mean {' or '.join(html.escape(n) for n in suggestions)}?" if suggestions
            else " /countries and /topics list what you can follow.")
    return f"I don't know a country or topic called “{echo(phrase)}”.{hint}"


def _unknown_lines(unknown: tuple[str, ...]) -> list[str]:
    lines = [_unknown_line(phrase) for phrase in unknown[:UNKNOWN_SHOWN]]
    if len(unknown) > UNKNOWN_SHOWN:
        lines.append(f"…and {len(unknown) - UNKNOWN_SHOWN} more I didn't understand.")
    return lines


def _names(items: list[str]) -> str:
    """"A", "A and B", "A, B and C", "A, B, … and 7 more": items are HTML already."""
    if len(items) > NAMES_SHOWN:
        return ", ".join(items[:NAMES_SHOWN]) + f" and {len(items) - NAMES_SHOWN} more"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def filters_problem(include: tuple[str, ...], exclude: tuple[str, ...]) -> str | None:
    """Why these keyword filters can't be saved (too many, or one too long), or None."""
    keywords = include + exclude
    if len(keywords) > MAX_KEYWORDS:
        return (f"That's {len(keywords)} keywords; a subscription can have at most {MAX_KEYWORDS}. "
                "Keep the ones that matter most, e.g. /subscribe morocco +election -football")
    too_long = next((w for w in keywords if len(w) > KEYWORD_LIMIT), None)
    if too_long is not None:
        return f"A keyword can be at most {KEYWORD_LIMIT} characters; “{echo(too_long, 24)}” has {len(too_long)}."
    return None


def _filters_text(include: tuple[str, ...], exclude: tuple[str, ...], limit: int = FILTERS_SHOWN) -> str:
    """" (only with a, b; without c)", clipped: filters saved before their caps can be any length."""
    parts = []
    if include:
        parts.append("only with " + ", ".join(include))
    if exclude:
        parts.append("without " + ", ".join(exclude))
    return f" ({echo('; '.join(parts), limit)})" if parts else ""


def _full(target: Target) -> str:
    return (f"{target.label_html(sentence_start=True)} already follows {MAX_SUBSCRIPTIONS} countries and topics, "
            "the most a chat can. Remove one first: /subscriptions lists them, /unsubscribe NAME removes one.")


FULL_ALERT = f"Already following {MAX_SUBSCRIPTIONS} countries and topics, the most a chat can. Remove one first (/subscriptions)."


async def _has_room(context: Ctx, chat_id: int, kind: str, value: str) -> bool:
    """A chat may follow MAX_SUBSCRIPTIONS things; changing the filters of one it follows is always fine."""
    subs = await subscription_store.list_for_chat(context.db, chat_id)
    return len(subs) < MAX_SUBSCRIPTIONS or any((s.kind, s.value) == (kind, value) for s in subs)


def _schedule_line(target: Target) -> str:
    chat = target.chat
    times = " and ".join(chat.digest_times) if chat.cadence != "hourly" else "every hour"
    return (f"Digests for {target.label_html()}: {chat.cadence.replace('_', ' ')} at {times} "
            f"({html.escape(chat.timezone)}). Change with /digest and /timezone.")


async def subscribe_command(update: Update, context: Ctx) -> None:
    """/subscribe [names] [+kw] [-kw]: follow one or several in one step, or pick from buttons."""
    target = await resolve_target(update, context)
    if target is None:
        return
    if not context.args:
        await reply_html(update, "Tap to follow or unfollow, then Done.", await picker(context, target.chat.id))
        return
    names = split_names([a for a in context.args if not a.startswith(("+", "-"))])
    include, exclude = _keywords(context.args)
    if not names.found:
        await reply_html(update, "\n".join(_unknown_lines(names.unknown)) if names.unknown else USAGE)
        return
    if (problem := filters_problem(include, exclude)) is not None:
        await reply_html(update, problem)
        return
    # Re-subscribing without filters keeps the ones a subscription has; any +word/-word replaces them, and a
    # lone "+" or "-" clears them.
    filters_given = any(a.startswith(("+", "-")) for a in context.args)
    followed = {(s.kind, s.value): s for s in await subscription_store.list_for_chat(context.db, target.chat.id)}
    room = MAX_SUBSCRIPTIONS - len(followed)
    new: list[str] = []
    changed: list[tuple[str, str]] = []  # (name, the filters it had)
    kept: list[Subscription] = []
    no_room: list[str] = []
    now = context.clock.now()
    for kind, value in names.found:
        sub = followed.get((kind, value))
        if sub is not None and (not filters_given or (set(sub.include), set(sub.exclude)) == (set(include), set(exclude))):
            kept.append(sub)
            continue
        name = html.escape(describe(kind, value))
        if sub is None and room <= 0:
            no_room.append(name)
            continue
        await subscription_store.subscribe(context.db, target.chat.id, kind, value, now, include, exclude)
        if sub is None:
            room -= 1
            new.append(name)
        else:
            changed.append((name, _filters_text(sub.include, sub.exclude, FILTERS_LISTED) or " (none)"))
    lines = _subscribed_lines(target, new, changed, kept, no_room, _filters_text(include, exclude))
    lines += _unknown_lines(names.unknown)
    if new:
        lines.append(_schedule_line(target))
    await reply_html(update, "\n".join(lines))


def _subscribed_lines(target: Target, new: list[str], changed: list[tuple[str, str]], kept: list[Subscription],
                      no_room: list[str], filters: str) -> list[str]:
    """What /subscribe did, a line for each kind of outcome."""
    who = target.label_html(sentence_start=True)
    lines = []
    if new:
        each = ", each" if len(new) > 1 and filters else ""
        lines.append(f"🔔 {who} now follows {_names(new)}{each}{filters}.")
    if changed:
        before = f", before{changed[0][1]}" if len(changed) == 1 else ""
        lines.append(f"🔔 {'New filters' if filters else 'Filters cleared'}: {target.label_html()} now follows "
                     f"{_names([name for name, _ in changed])}{filters or ' with no filters'}{before}.")
    if kept:
        listed = [html.escape(describe(s.kind, s.value)) + _filters_text(s.include, s.exclude, FILTERS_LISTED) for s in kept]
        lines.append(f"{who} already follows {_names(listed)}.")
        example = next((s for s in kept if s.include or s.exclude), None)
        if example is not None:
            name = html.escape(_plain_name(example.kind, example.value))
            lines.append(f"/subscribe {name} +word -word sets new filters; /subscribe {name} + clears them.")
        elif len(kept) == 1:
            lines.append(f"Add filters with /subscribe {html.escape(_plain_name(kept[0].kind, kept[0].value))} +word -word.")
    if no_room:
        lines.append(f"Not followed: {_names(no_room)}. {_full(target)}" if lines or len(no_room) > 1 else _full(target))
    return lines


async def unsubscribe_command(update: Update, context: Ctx) -> None:
    """/unsubscribe [names]: stop following one or several, in one step or from buttons."""
    target = await resolve_target(update, context)
    if target is None:
        return
    if not context.args:
        await _show_subscriptions(update, context, target)
        return
    names = split_names([a for a in context.args if not a.startswith(("+", "-"))])
    if not names.found:
        await reply_html(update, "\n".join(_unknown_lines(names.unknown)) if names.unknown else UNSUBSCRIBE_USAGE)
        return
    removed, absent = [], []
    for kind, value in names.found:
        gone = await subscription_store.unsubscribe(context.db, target.chat.id, kind, value)
        (removed if gone else absent).append(html.escape(describe(kind, value)))
    who = target.label_html(sentence_start=True)
    lines = []
    if removed:
        lines.append(f"🔕 {who} no longer follows {_names(removed)}.")
    if absent:
        lines.append(f"{who} wasn't following {_names(absent)}. /subscriptions shows what it follows.")
    await reply_html(update, "\n".join(lines + _unknown_lines(names.unknown)))


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
    lines = [f"<b>{who} follows</b>"]
    size = telegram_length(lines[0])
    for sub in subs:
        line = f"• {html.escape(describe(sub.kind, sub.value))}{_filters_text(sub.include, sub.exclude, FILTERS_LISTED)}"
        size += 1 + telegram_length(line)
        if size > LIST_BUDGET:
            lines.append(f"…and {len(subs) - (len(lines) - 1)} more.")
            break
        lines.append(line)
    lines.append("")
    if not target.can_change:
        lines.append("Only this group's admins can change them.")
    elif len(subs) > REMOVE_BUTTONS:
        example = html.escape(_plain_name(subs[REMOVE_BUTTONS].kind, subs[REMOVE_BUTTONS].value))
        lines.append(f"The buttons remove the first {REMOVE_BUTTONS}; for the others send /unsubscribe NAME, e.g. /unsubscribe {example}.")
    lines.append(_schedule_line(target))
    if not target.can_change:
        return "\n".join(lines), None
    buttons = [[InlineKeyboardButton(f"✖ {describe(sub.kind, sub.value)}", callback_data=f"un:{sub.id}")]
               for sub in subs[:REMOVE_BUTTONS]]
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
        text, markup = await subscriptions_view(context, target)
        await query.answer()
        await edit_query_message(query, text, markup)
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
