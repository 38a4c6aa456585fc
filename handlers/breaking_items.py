"""What an admin gives /breaking, read as an item: a link's page, a headline over its story, or a story of ours they
shared via the bot; and what they are told when it is no item."""
from __future__ import annotations

import html
import re
from dataclasses import replace
from urllib.parse import urlsplit

from telegram import Message

from feeds.errors import FetchError
from feeds.fetch import Fetcher, new_client
from handlers.context import Ctx
from handlers.replies import echo
from ingest.files import parse_text_article
from ingest.pages import parse_page
from news.boilerplate import is_credit
from news.clean import TITLE_MAX
from news.format import ITEM_SUMMARY_CAP
from news.models import Article, ProcessedArticle, RawArticle
from storage import articles as article_store


# A typed item goes out with its text as typed up to this many characters: with a headline of at most 300 and the
# source line, a push stays far under Telegram's 4,096, and still reads as one item (news.format clips an item's
# text to ITEM_SUMMARY_CAP anyway). A longer one goes out as its summary, and its controls say so (shortened_note).
TYPED_TEXT_CAP = ITEM_SUMMARY_CAP


def typed_text(raw: RawArticle, article: ProcessedArticle) -> str | None:
    """The text a typed item goes out with, whole (cleaned of photo credits and the like) when it fits; None for a
    link's page or a text too long, which go out as their summary."""
    return article.body if raw.title_typed and len(article.body) <= TYPED_TEXT_CAP else None


def as_typed(raw: RawArticle, processed: ProcessedArticle, stored: Article) -> Article:
    """The stored article a typed item is pushed as, shown as the admin typed it: an item that matches a story of
    another source already among the news is stored as that one (ingest.store), but an editor who gave no link
    and named no source does not want theirs in the push (matched_note says whose it matches)."""
    if not raw.title_typed:
        return stored
    return replace(stored, title=processed.title, url=None, source="", extra_sources=())


def matched_note(article: Article, preview: str) -> str:
    """What the controls of a typed item matching a stored story say (HTML): whose it is, and how to send theirs
    instead; "" for any other item. The push shows neither that story's link nor its source (as_typed)."""
    if not (article.source or article.url):
        return ""
    link_shown = article.url is not None and f'href="{html.escape(article.url, quote=True)}"' in preview
    source_shown = bool(article.source) and f"<i>{html.escape(article.source)}" in preview
    if link_shown or source_shown:
        return ""
    whose = f", from {html.escape(article.source)}" if article.source else ""
    theirs = f" To send theirs, with its link: /breaking {html.escape(article.url)}" if article.url else ""
    return f"This matches a story already among the news{whose}: it goes out as you typed it.{theirs}"


def shortened_note(article: Article, body: str) -> str:
    """What the controls of a typed item too long to go out whole say (HTML), so the admin can send a shorter one;
    "" for any other item. A typed item is stored with no link and no source (raw_from)."""
    if article.url is not None or article.source or len(body) <= TYPED_TEXT_CAP:
        return ""
    return (f"✂️ Your text is {len(body):,} characters, over the {TYPED_TEXT_CAP:,} a push carries as typed: it goes "
            f"out shortened to its summary, the {len(article.summary):,} characters in the preview above. Tap ✏️ Edit "
            f"to send a shorter text.")


def cut_headline_chars(raw: RawArticle) -> int | None:
    """The length of the headline an admin typed, when it is over the TITLE_MAX a headline keeps (news.clean cuts it
    there); None for one that fits, and for a link's page."""
    typed = " ".join(raw.title.split())
    return len(typed) if raw.title_typed and len(typed) > TITLE_MAX else None


def cut_headline_note(article: Article, typed_chars: int | None) -> str:
    """What the controls of a typed item whose headline was cut say (HTML), as shortened_note does for its text."""
    if typed_chars is None:
        return ""
    return (f"✂️ Your headline is {typed_chars:,} characters, over the {TITLE_MAX:,} a headline has: it goes out cut to "
            f"the {len(article.title):,} characters in the preview above. Tap ✏️ Edit to send a shorter one.")


def replaced_headline_note(raw: RawArticle, article: ProcessedArticle) -> str:
    """What an admin is told when cleaning took their first line for a photo credit or a site's name, not the
    headline the /breaking prompt says it is, and made one from the first sentence instead (HTML); "" otherwise."""
    typed = " ".join(raw.title.split())
    if not raw.title_typed or not typed or typed == article.title:
        return ""
    if not any(r.casefold() == typed.casefold() for r in article.removed):
        return ""
    what = "a photo credit" if is_credit(typed) else "a site's name"
    return (f"The first line, “{echo(typed, 100)}”, looks like {what}, so the headline comes from the first sentence "
            "— ✏️ Edit to change it.")


class FeedGiven(Exception):
    """The link an admin gave /breaking is an RSS or Atom feed, not an article: its title and first item would make
    a nonsense item."""


# A feed's document starts, after its XML declaration, comments and stylesheets, with its root: <rss>, Atom's <feed>,
# RSS 1.0's <rdf:RDF>. A web page that names its feed (<link type="application/rss+xml">) does not.
_FEED_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*\?>\s*|<!--.*?-->\s*|<\?xml-stylesheet[^>]*\?>\s*)*<(?:rss|feed|rdf:RDF)[\s>]",
                        re.DOTALL)


def is_feed(body: bytes) -> bool:
    return _FEED_ROOT.match(body.removeprefix(b"\xef\xbb\xbf")[:4096]) is not None


def feed_given(url: str) -> str:
    """What an admin who gave /breaking a feed's address is told (HTML)."""
    command = f"/addfeed {echo(url, 300)}"
    return (f"That's a feed, not an article — /addfeed it? <code>{command}</code> takes its stories into the digests; "
            "to push one of them, send /breaking with that story's link.")


async def raw_from(context: Ctx, text: str) -> RawArticle:
    """The item an admin gave: a link's page, or the headline and text they typed. Raises FeedGiven for a feed's
    address."""
    if text.startswith(("http://", "https://")) and " " not in text:
        async with new_client() as client:
            result = await Fetcher(client, allow_private=context.settings.allow_private_feed_hosts, timeout=15.0).fetch(text)
        if is_feed(result.body):
            raise FeedGiven(text)
        return parse_page(result.body, result.url)
    raw = parse_text_article(text, source="")
    return replace(raw, title=without_label(raw.title), title_typed=True)  # the admin's headline, as they typed it


# "BREAKING:", "Breaking news —", "URGENT -": the push says 🚨 Breaking above the headline already, and the story
# stays among the news (digests, /latest) long after it was breaking.
_LABEL = re.compile(r"^\s*(?:breaking(?:\s+news)?|urgent|flash|just\s+in)\s*[:|\-–—]+\s*(?=\S)", re.IGNORECASE)


def without_label(headline: str) -> str:
    """A typed headline without a leading "BREAKING:" label."""
    return _LABEL.sub("", headline, count=1)


NOTHING_TO_SEND = (
    "I found nothing to send in that: once photo credits, site names and share buttons are left out, no headline "
    "or text remains. Send the headline on the first line and the story below it, or a link to the article."
)


# What makes an item news rather than a stray word: a headline on its own line and a sentence under it, or a
# flash: one line that reads as a headline ("Earthquake strikes off Japan coast"), not "hello" or a pasted paragraph.
HEADLINE_WORDS, TEXT_WORDS, FLASH_WORDS = 2, 3, 3
TOO_SHORT = (
    f"A breaking item needs a headline: a one-line flash of {FLASH_WORDS} words or more (up to {TITLE_MAX} "
    f"characters), or the headline on the first line and the story below it ({TEXT_WORDS} words or more), like\n"
    "<code>Earthquake shakes Morocco's Atlas region\n"
    "A strong earthquake struck the High Atlas on Friday night, officials said.</code>\n"
    "Nothing was drafted; send /breaking with the item, or a link to the article."
)


def unreachable(url: str, error: FetchError) -> str:
    """What the admin is told of a link that could not be fetched (the detail goes to the log)."""
    host = html.escape(urlsplit(url).hostname or url)
    if error.__cause__ is None:  # the site answered, but no page came: an error status, a page too large
        return f"I couldn't get that page from {host} ({echo(str(error), 100)}): check the link, or send the headline and text instead."
    return f"I couldn't reach {host}: check the link, or send the headline and text instead."


def too_short(raw: RawArticle, article: ProcessedArticle) -> bool:
    """Whether a cleaned item lacks a headline or a sentence of text (a 'hello' typed in the wrong chat). A typed
    line alone is a flash, a headline that goes out without a text, if it reads as one: a paragraph pasted without
    its headline, over a headline's TITLE_MAX, does not."""
    if raw.title_typed and not raw.text.strip():
        return len(article.title.split()) < FLASH_WORDS or len(" ".join(raw.title.split())) > TITLE_MAX
    return len(article.title.split()) < HEADLINE_WORDS or len(article.body.split()) < TEXT_WORDS


def shared_via_me(message: Message, context: Ctx) -> bool:
    """Whether the message is a story someone picked from the bot's inline results ("@bot earthquake")."""
    return message.via_bot is not None and message.via_bot.id == context.bot.id


async def shared_story(context: Ctx, message: Message) -> Article | None:
    """The stored story a message shared via the bot shows, by the link on its headline (handlers.inline renders
    it as every item); None when it has none or the story is no longer kept."""
    links = [e.url for e in message.entities if e.type == "text_link" and e.offset == 0 and e.url]
    return await article_store.get_by_url(context.db, links[0]) if links else None


SHARED_STORY_GONE = ("I can't find that story, shared via me, among my news, so I can't push it. Send its link, or "
                     "the headline on the first line and the story below it.")
