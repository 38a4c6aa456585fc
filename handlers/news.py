"""Headlines on demand: /latest, /news <name>, /search <words>, and one command per country and topic."""
from __future__ import annotations

import html
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CommandHandler

from handlers.context import Ctx
from handlers.replies import echo, reply_blocks, reply_html
from news.countries import COUNTRIES, Country, resolve_country, suggest_countries
from news.format import render_item
from news.models import Article
from news.topics import TOPICS, Topic, resolve_topic
from storage import articles as article_store
from storage.search_query import parse_search

log = logging.getLogger(__name__)

ITEMS_PER_REPLY = 5
SEARCH_ECHO_LIMIT = 100  # a /search query shown as the reply's header


def subscribe_button(kind: str, key: str) -> InlineKeyboardMarkup:
    """The "🔔 Subscribe" button under a country/topic reply (handled by handlers.subscribe)."""
    return InlineKeyboardMarkup([[InlineKeyboardButton("🔔 Subscribe", callback_data=f"sub:{kind}:{key}")]])


def command_name(update: Update) -> str:
    """The command word without '/' and '@botname', lower-cased."""
    text = (update.effective_message.text or "") if update.effective_message else ""
    return text.split()[0].lstrip("/").split("@")[0].lower() if text else ""


async def _send_items(update: Update, context: Ctx, header: str, items: list[Article], empty: str,
                      markup: InlineKeyboardMarkup | None) -> None:
    if not items:
        await reply_html(update, f"{header}\n\n{empty}", markup)
        return
    now = context.clock.now()
    blocks = [render_item(a, now) for a in items]
    await reply_blocks(update, blocks, header=header, markup=markup)


async def country_news(update: Update, context: Ctx, country: Country) -> None:
    items = await article_store.latest_for_country(context.db, country.code, ITEMS_PER_REPLY)
    await _send_items(
        update, context, f"{country.flag} <b>{html.escape(country.name)}</b> — latest",
        items, f"No recent stories about {html.escape(country.name)} yet. I'll have some as soon as they come in.",
        subscribe_button("country", country.code),
    )


async def topic_news(update: Update, context: Ctx, topic: Topic) -> None:
    items = await article_store.latest_for_topic(context.db, topic.key, ITEMS_PER_REPLY)
    await _send_items(
        update, context, f"{topic.emoji} <b>{html.escape(topic.name)}</b> — latest",
        items, f"No recent {html.escape(topic.name.lower())} stories yet.",
        subscribe_button("topic", topic.key),
    )


async def country_command(update: Update, context: Ctx) -> None:
    """/morocco, /usa, /south_korea …: the latest stories about that country."""
    country = resolve_country(command_name(update))
    if country is not None:
        await country_news(update, context, country)


async def topic_command(update: Update, context: Ctx) -> None:
    """/politics, /tech …: the latest stories on that topic."""
    topic = resolve_topic(command_name(update))
    if topic is not None:
        await topic_news(update, context, topic)


async def news_command(update: Update, context: Ctx) -> None:
    """/news <country or topic>: for names with spaces and accents, like /news Côte d'Ivoire."""
    query = " ".join(context.args or []).strip()
    if not query:
        await reply_html(update, "Usage: /news &lt;country or topic&gt; — for example /news united states or /news Côte d'Ivoire")
        return
    topic = resolve_topic(query)
    if topic is not None:
        await topic_news(update, context, topic)
        return
    country = resolve_country(query)
    if country is not None:
        await country_news(update, context, country)
        return
    await reply_html(update, unknown_name_reply(query))


def unknown_name_reply(query: str) -> str:
    suggestions = suggest_countries(query)
    shown = echo(query)
    if suggestions:
        options = " or ".join(f"/{c.command} ({html.escape(c.name)})" for c in suggestions)
        return f"I don't know a country or topic called “{shown}”. Did you mean {options}?"
    return (
        f"There's no such country or topic as “{shown}” that I know of. "
        "/countries lists the countries and /topics the topics."
    )


async def latest_command(update: Update, context: Ctx) -> None:
    """/latest: the newest stories from every source."""
    items = await article_store.latest(context.db, ITEMS_PER_REPLY)
    await _send_items(update, context, "🗞 <b>Latest</b>", items, "No stories yet — check back soon.", None)


SEARCH_USAGE = (
    "Usage: /search &lt;words&gt; — for example /search earthquake Marrakesh\n"
    "Every word must match, in any form (floods finds flood). \"Words in quotes\" match together, "
    "OR between words takes either (earthquake OR flood), and -word leaves out stories with it (-morocco)."
)


async def search_command(update: Update, context: Ctx) -> None:
    """/search <words>: stories with all the words; "a phrase", OR between alternatives, -word to leave out."""
    text = " ".join(context.args or []).strip()
    query = parse_search(text)
    header = f"🔎 <b>{echo(text, SEARCH_ECHO_LIMIT)}</b>"
    if not query.required:
        if query.excluded:  # every story without those words is no answer
            await reply_html(update, f"{header}\n\nWhat should I look for? -word only leaves stories out: add a word "
                                     "to find, for example /search earthquake -morocco")
        else:
            await reply_html(update, SEARCH_USAGE)
        return
    items = await article_store.search(context.db, query, ITEMS_PER_REPLY)
    await _send_items(update, context, header, items, "Nothing found. Try fewer or different words.", None)


async def countries_command(update: Update, context: Ctx) -> None:
    """/countries: every country with its command."""
    blocks = [", ".join(f"{c.flag} /{c.command}" for c in COUNTRIES[i : i + 20]) for i in range(0, len(COUNTRIES), 20)]
    await reply_blocks(update, blocks, header="<b>Countries</b> — tap one, or use /news &lt;name&gt;")


async def topics_command(update: Update, context: Ctx) -> None:
    """/topics: every topic with its command."""
    lines = [f"{t.emoji} /{t.command} — {html.escape(t.name)}" for t in TOPICS]
    await reply_html(update, "<b>Topics</b>\n" + "\n".join(lines))


def country_commands() -> set[str]:
    return {slug for c in COUNTRIES for slug in (c.command, *c.aliases)}


def topic_commands() -> set[str]:
    return {slug for t in TOPICS for slug in (t.command, *t.aliases)}


def register(app: Application) -> None:
    app.add_handler(CommandHandler("latest", latest_command))
    app.add_handler(CommandHandler("news", news_command))
    app.add_handler(CommandHandler("search", search_command))
    app.add_handler(CommandHandler("countries", countries_command))
    app.add_handler(CommandHandler("topics", topics_command))
    app.add_handler(CommandHandler(sorted(topic_commands()), topic_command))
    app.add_handler(CommandHandler(sorted(country_commands() - topic_commands()), country_command))
