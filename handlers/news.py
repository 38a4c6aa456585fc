"""Headlines on demand: /latest, /news <name>, /search <words>, and one command per country and topic."""
from __future__ import annotations

import html
import logging
import unicodedata
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from handlers.context import Ctx
from handlers.name_hints import hint_for
from handlers.replies import answer_tap, drop_query_button, echo, reply_blocks, reply_html
from handlers.subscription_names import AI_HINT, one_at_a_time, split_names
from handlers.targets import managed_here
from news.countries import COUNTRIES, Country, country_by_code, resolve_country, suggest_countries
from news.format import clip, pack_messages, render_item
from news.models import Article
from news.topics import TOPICS, Topic, resolve_topic, topic_by_key
from storage import articles as article_store
from storage import chats as chat_store
from storage import searches as search_store
from storage import subscriptions as subscription_store
from storage.search_query import parse_search

log = logging.getLogger(__name__)

ITEMS_PER_REPLY = 5
OLDER_PAGES = 8  # "Older ▸" goes back this many replies' worth of stories (40), then stops offering more
SEARCH_ECHO_LIMIT = 100  # a /search query shown as the reply's header


async def reply_buttons(update: Update, context: Ctx, kind: str, key: str, page: int, more: bool) -> InlineKeyboardMarkup | None:
    """Under a country/topic reply: "🔔 Subscribe" unless the chat follows it already (handled by
    handlers.subscribe), and "Older ▸" while older stories remain. The chat is the one /subscribe would change:
    in a private chat that manages a channel, the channel, which the button names and carries."""
    assert update.effective_chat is not None
    channel = await managed_here(update, context)
    chat_id = channel.chat.id if channel is not None else update.effective_chat.id
    buttons = []
    if not any((s.kind, s.value) == (kind, key) for s in await subscription_store.list_for_chat(context.db, chat_id)):
        data = f"sub:{kind}:{key}"
        buttons.append(InlineKeyboardButton(f"🔔 Subscribe {clip(channel.label, 32)}", callback_data=channel.button(data))
                       if channel is not None else InlineKeyboardButton("🔔 Subscribe", callback_data=data))
    if more and page < OLDER_PAGES:
        buttons.append(InlineKeyboardButton("Older ▸", callback_data=f"pg:{kind[0]}:{key}:{page + 1}"))
    return InlineKeyboardMarkup([buttons]) if buttons else None


def command_name(update: Update) -> str:
    """The command word without '/' and '@botname', lower-cased."""
    text = (update.effective_message.text or "") if update.effective_message else ""
    return text.split()[0].lstrip("/").split("@")[0].lower() if text else ""


async def chat_zone(context: Ctx, chat_id: int) -> ZoneInfo:
    """The time zone a chat reads times in: its own setting, or the bot's default for a chat not seen yet."""
    chat = await chat_store.get_chat(context.db, chat_id)
    return ZoneInfo(chat.timezone if chat is not None else context.settings.default_timezone)


async def _send_items(update: Update, context: Ctx, header: str, items: list[Article], empty: str,
                      markup: InlineKeyboardMarkup | None, footer: str = "") -> None:
    """The items under `header`, `footer` (HTML) after them; `empty` alone when there are none."""
    if not items:
        await reply_html(update, f"{header}\n\n{empty}", markup)
        return
    assert update.effective_chat is not None
    now, zone = context.clock.now(), await chat_zone(context, update.effective_chat.id)
    blocks = [render_item(a, now, zone) for a in items] + ([footer] if footer else [])
    await reply_blocks(update, blocks, header=header, markup=markup)


async def _page(update: Update, context: Ctx, kind: str, key: str, page: int) -> tuple[list[Article], InlineKeyboardMarkup | None]:
    """Reply `page` (0: the latest) of a country's or topic's stories, with its buttons."""
    wanted = ITEMS_PER_REPLY * (page + 1)
    found = await article_store.latest_tagged(context.db, kind, key, wanted + 1)  # one more: are there older?
    items = found[ITEMS_PER_REPLY * page : wanted]
    return items, await reply_buttons(update, context, kind, key, page, len(found) > wanted)


async def country_news(update: Update, context: Ctx, country: Country, page: int = 0) -> None:
    items, markup = await _page(update, context, "country", country.code, page)
    await _send_items(
        update, context, f"{country.flag} <b>{html.escape(country.name)}</b> — {'latest' if not page else 'older'}",
        items, f"No recent stories about {html.escape(country.name)} yet. I'll have some as soon as they come in.",
        markup,
    )


async def topic_news(update: Update, context: Ctx, topic: Topic, page: int = 0) -> None:
    items, markup = await _page(update, context, "topic", topic.key, page)
    await _send_items(
        update, context, f"{topic.emoji} <b>{html.escape(topic.name)}</b> — {'latest' if not page else 'older'}",
        items, f"No recent {html.escape(topic.name.lower())} stories yet.",
        markup,
    )


async def older_button(update: Update, context: Ctx) -> None:
    """"Older ▸" under a country/topic reply: the next stories back, in a message of their own."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _, kind_letter, key, page = (query.data.split(":") + ["", "", ""])[:4]
    country = country_by_code(key) if kind_letter == "c" else None
    topic = topic_by_key(key) if kind_letter == "t" else None
    number = int(page) if page.isascii() and page.isdigit() and len(page) < 3 else 0
    if (country is None and topic is None) or not 0 < number <= OLDER_PAGES:
        await answer_tap(query, "This button is no longer valid.", show_alert=True)
        return
    await answer_tap(query)
    await drop_query_button(query)  # each page once: a second tap would post it again
    if country is not None:
        await country_news(update, context, country, number)
    elif topic is not None:
        await topic_news(update, context, topic, number)


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
    names = split_names(query.split())
    if len(names.found) == 1 and not names.unknown:
        kind, value = names.found[0]
        if kind == "topic" and (topic := topic_by_key(value)) is not None:
            await topic_news(update, context, topic)
        elif (country := country_by_code(value)) is not None:
            await country_news(update, context, country)
        return
    await reply_html(update, one_at_a_time(query, names) if names.found else unknown_name_reply(query))


def unknown_name_reply(query: str) -> str:
    """For a name that is no country or topic: a word within a topic its pointer (/news election as /subscribe
    election answers), else the closest countries, else where the lists are."""
    if query.strip().lower() == "ai":
        return AI_HINT
    if (hint := hint_for(query)) is not None:
        return hint
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
    if query.required:
        await _search_page(update, context, text, page=0)
    elif query.excluded:  # every story without those words is no answer
        await reply_html(update, f"{header}\n\nWhat should I look for? -word only leaves stories out: add a word "
                                 "to find, for example /search earthquake -morocco")
    elif text and (country := resolve_country(text)) is not None:  # a flag: 🇲🇦
        await country_news(update, context, country)
    elif text:
        await reply_html(update, f"{header}\n\nI search by words, and there are none to look for in that.\n\n"
                                 + SEARCH_USAGE)
    else:
        await reply_html(update, SEARCH_USAGE)


async def _search_page(update: Update, context: Ctx, text: str, page: int, search_id: int | None = None) -> None:
    """Reply `page` (0: the best) of a search's stories, with "More results ▸" while more remain; the search is
    kept (storage.searches) for the button the first time it needs one."""
    wanted = ITEMS_PER_REPLY * (page + 1)
    now = context.clock.now()
    found = await article_store.search(context.db, parse_search(text), wanted + 1, now=now)  # one more: any left?
    markup, footer = None, ""
    if len(found) > wanted and page < OLDER_PAGES:
        search_id = search_id or await search_store.save_search(context.db, text, now)
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("More results ▸", callback_data=f"so:{search_id}:{page + 1}")]])
    elif len(found) > wanted:
        footer = "<i>More stories match: add a word to narrow the search.</i>"
    header = f"🔎 <b>{echo(text, SEARCH_ECHO_LIMIT)}</b>" + (" — more" if page else "")
    empty = "No more stories match." if page else "Nothing found. Try fewer or different words."
    await _send_items(update, context, header, found[ITEMS_PER_REPLY * page : wanted], empty, markup, footer)


async def older_search_button(update: Update, context: Ctx) -> None:
    """"More results ▸" under a search's stories: the next matches, in a message of their own."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _, search_id, page = (query.data.split(":") + ["", ""])[:3]
    number = int(page) if page.isascii() and page.isdigit() and len(page) < 3 else 0
    text = await search_store.search_text(context.db, int(search_id)) if search_id.isascii() and search_id.isdigit() else None
    if text is None or not 0 < number <= OLDER_PAGES:
        await answer_tap(query, "This search has expired: send /search again.", show_alert=True)
        return
    await answer_tap(query)
    await drop_query_button(query)
    await _search_page(update, context, text, number, int(search_id))


COUNTRIES_HEADER = "<b>Countries</b> — tap one, or use /news &lt;name&gt;"
PER_BLOCK = 20  # countries to a paragraph


def _folded(name: str) -> str:
    """"Côte d'Ivoire" → "cote d'ivoire": sorted among the Cs as readers look for it, not after Czechia."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def listed_countries() -> list[tuple[Country, str]]:
    """Every country and the command /countries shows for it, in the order it lists them."""
    return [(c, c.command) for c in sorted(COUNTRIES, key=lambda c: _folded(c.name))]


async def countries_command(update: Update, context: Ctx) -> None:
    """/countries: every country with its command, alphabetically, in messages of about the same size."""
    entries = [f"{country.flag} /{command}" for country, command in listed_countries()]
    count = len(pack_messages(_paragraphs(entries), header=COUNTRIES_HEADER))
    # As many messages as the list needs, each with an even share of the countries: not a full one and a scrap.
    share = -(-len(entries) // count)
    messages = ["\n\n".join(_paragraphs(entries[i : i + share])) for i in range(0, len(entries), share)]
    await reply_blocks(update, messages, header=COUNTRIES_HEADER)


def _paragraphs(entries: list[str]) -> list[str]:
    return [", ".join(entries[i : i + PER_BLOCK]) for i in range(0, len(entries), PER_BLOCK)]


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
    app.add_handler(CallbackQueryHandler(older_button, pattern=r"^pg:"))
    app.add_handler(CallbackQueryHandler(older_search_button, pattern=r"^so:"))
