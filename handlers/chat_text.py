"""Plain text in a private chat: a country or topic name gets its command, a few plain words what they ask for,
a greeting a greeting, anything else a pointer to /help.

A reader who types "morocco" instead of /morocco, "stop" instead of /stop or "any news on israel?" should not meet
silence or a list of commands. Only a few words are read (handlers.text_guess); in groups the bot answers no text
(privacy mode sends it only commands and replies there anyway). An admin's next message after a bare /breaking is
the breaking item itself (handlers.breaking), so it gets no answer here, nor does a story the reader shared with
"@bot …" (handlers.inline), which Telegram sends the bot too.
"""
from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, MessageHandler, filters

from handlers.admins import is_admin
from handlers.breaking_waits import awaited_elsewhere, awaiting_item, lapsed_wait
from handlers.context import Ctx
from handlers.news import country_news, topic_news
from handlers.replies import echo, reply_html
from handlers.start import help_command
from handlers.subscribe import subscribe_words, unsubscribe_words
from handlers.subscription_names import describe
from handlers.targets import resolve_target
from handlers.text_guess import Guess, guess
from handlers.unsubscribe_all import ask_to_stop
from news.countries import country_by_code, country_named
from news.topics import resolve_topic, topic_by_key
from storage import subscriptions as subscription_store

FALLBACK = "I answer commands: try /latest, /morocco or /search earthquake. /help lists them all."
GREETING = ("👋 Hello{name}! I bring the news: try /latest, /morocco or /tech, and /subscribe for a digest on your "
            "own schedule. /help lists every command.")
THANKED = "🙂 You're welcome! /latest brings the news, /help every command."
LINK_SHOWN = 200  # characters of a pasted link quoted back in the /breaking line
ARTICLE_HINT = ("That looks like an article. To add it for the next digests, send it after /add (the headline on the "
                "first line, the story below); to push it to readers now, after /breaking.")
ARTICLE_WORDS = 12  # words of a headline and a story below it, pasted by an admin


async def _pasted_article(update: Update, context: Ctx, words: str) -> bool:
    """An admin's paste of a headline and a story (handlers.admin_articles adds one with /add)."""
    user = update.effective_user
    return ("\n" in words and len(words.split()) >= ARTICLE_WORDS and user is not None
            and await is_admin(context, user.id))


async def on_text(update: Update, context: Ctx) -> None:
    message = update.effective_message
    if message is None or not message.text or await awaiting_item(update, context):
        return
    words = message.text.strip()
    topic = resolve_topic(words) if len(words) <= 60 else None
    country = None if topic or len(words) > 60 else country_named(words)
    if topic is not None:
        name, command, followed = topic.name, topic.command, ("topic", topic.key)
    elif country is not None:
        name, command, followed = country.name, country.command, ("country", country.code)
    else:
        wait_note = await lapsed_wait(update, context) or await awaited_elsewhere(update, context)
        if wait_note:
            await reply_html(update, wait_note)
        elif (guessed := guess(words)) is not None:
            await _answer_guess(update, context, guessed)
        else:
            await reply_html(update, ARTICLE_HINT if await _pasted_article(update, context, words) else FALLBACK)
        return
    if followed in {(s.kind, s.value) for s in await subscription_store.list_for_chat(context.db, message.chat.id)}:
        await reply_html(update, f"For {html.escape(name)}, tap /{command} — this chat follows it already (/subscriptions).")
    else:
        await reply_html(update, f"For {html.escape(name)}, tap /{command} — or /subscribe {command} for a daily digest.")


async def _answer_guess(update: Update, context: Ctx, guessed: Guess) -> None:
    """What the command the words stand for would answer: /stop, /help, a country's or topic's latest; for a link,
    where to take it; for a greeting, a greeting and where to start."""
    if guessed.what == "stop":
        target = await resolve_target(update, context)
        if target is not None:
            await ask_to_stop(update, context, target)
    elif guessed.what == "help":
        await help_command(update, context)
    elif guessed.what == "greeting":
        user = update.effective_user
        name = f", {html.escape(user.first_name)}" if user is not None and user.first_name else ""
        await reply_html(update, GREETING.format(name=name))
    elif guessed.what == "thanks":
        await reply_html(update, THANKED)
    elif guessed.what == "link":
        await reply_html(update, await _link_reply(update, context, guessed.link))
    elif guessed.what in ("follow", "unfollow") and guessed.named is None:
        await (subscribe_words if guessed.what == "follow" else unsubscribe_words)(update, context, list(guessed.names))
    elif guessed.what in ("follow", "unfollow") and guessed.named is not None:
        await _offer_tap(update, context, guessed.what == "follow", guessed.named)
    elif guessed.named is not None:
        kind, value = guessed.named
        if kind == "topic" and (topic := topic_by_key(value)) is not None:
            await topic_news(update, context, topic)
        elif (country := country_by_code(value)) is not None:
            await country_news(update, context, country)


async def _offer_tap(update: Update, context: Ctx, follow: bool, named: tuple[str, str]) -> None:
    """"stop sending me morocco stuff": a verb beside words that are no names may mean something else, so the
    reply offers the one tap that does what the verb says, or says it is so already."""
    target = await resolve_target(update, context)
    if target is None:
        return
    kind, value = named
    name = describe(kind, value)
    followed = (kind, value) in {(s.kind, s.value) for s in await subscription_store.list_for_chat(context.db, target.chat.id)}
    who = target.label_html(sentence_start=True)
    if follow == followed:
        said = "already follows" if follow else "doesn't follow"
        await reply_html(update, f"{who} {said} {html.escape(name)}. /subscriptions shows what it follows.")
        return
    if follow:
        button = InlineKeyboardButton(f"🔔 Follow {name}", callback_data=target.button(f"sub:{kind}:{value}"))
    else:
        button = InlineKeyboardButton(f"🔕 Unfollow {name}", callback_data=target.button(f"sub:u:{kind[0]}:{value}"))
    await reply_html(update, f"{'Follow' if follow else 'Unfollow'} {html.escape(name)}? Tap below.",
                     InlineKeyboardMarkup([[button]]))


async def _link_reply(update: Update, context: Ctx, link: str) -> str:
    """A pasted link: the bot reads no page a reader sends, but /search finds its story; an admin may push it."""
    lines = ["I don't open links sent to me. To find a story, search a few words of its headline: "
             "/search earthquake Marrakesh."]
    user = update.effective_user
    if user is not None and await is_admin(context, user.id):
        lines.append(f"To push it as breaking news to the readers of its countries and topics: "
                     f"<code>/breaking {echo(link, LINK_SHOWN)}</code> — the preview shows who gets it, to change "
                     "before anything goes out.")
    return "\n".join(lines)


def register(app: Application) -> None:
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & ~filters.VIA_BOT & filters.ChatType.PRIVATE, on_text))
