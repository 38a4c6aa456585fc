"""OPML import: an admin sends the .opml file another reader exports (or replies /importfeeds to one), and every feed
in it that is not in the list yet is added, as /addfeed adds one, named as the file names it.

The feeds are not read first: a list of hundreds would keep the admin waiting for minutes. Each new address is only
asked where it leads (feeds.redirects: many at a time, for some seconds in all), and one that redirects to a feed
already listed, or to another of the file, is not added, as /addfeed would not add it; one moved for good is added
at its new address. The rest are added unpolled, due at once; the poller reads them within a minute, names those the
file left unnamed by their own title, and /feeds shows any that fail, with why, as for every feed. A file over 1 MB
or with over 500 feeds is refused whole, as is one that is no OPML (feeds.opml says why).

A reader's OPML file gets the admins-only answer; their other documents get handlers.admin_articles' ("I only read
files from admins…"), but for an .xml file, which may be a feed list, and so gets no answer from either.
"""
from __future__ import annotations

import asyncio
import html
import logging
import math
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from telegram import Document, Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from feeds.addresses import address_key
from feeds.opml import OpmlError, OpmlFeed, read_opml
from feeds.redirects import Destination, Followed, follow_redirects
from handlers.addfeed import FEED_URL_LIMIT, feed_fetcher
from handlers.admins import ADMINS_ONLY, is_admin, require_admin
from handlers.context import Ctx
from handlers.feeds import FEED_NAME_LIMIT, URL_SHOWN, same_name
from handlers.replies import echo, reply_blocks, reply_html
from news.countries import country_by_code
from news.format import clip
from storage import feeds as feed_store

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 1024 * 1024  # an OPML file of 500 feeds is about 100 KB
MAX_FEEDS = 500  # feeds one file may bring
OPML_TYPES = {"text/x-opml", "application/x-opml", "text/opml", "application/opml", "text/x-opml+xml"}
XML_TYPES = {"application/xml", "text/xml"}
# Names listed under each line of the report; the rest are "and N more". With names of at most 64 characters and
# addresses shown up to 100, the report stays below Telegram's 4,096 but for the longest of file names and lists.
ADDED_SHOWN, ALREADY_SHOWN, UNUSABLE_SHOWN, REDIRECTED_SHOWN, SAME_NAME_SHOWN = 15, 10, 5, 5, 5
REPEATED_SHOWN, NO_ADDRESS_SHOWN = 5, 5
UNUSABLE_URL_SHOWN = 100
IMPORT_USAGE = ("Send me the OPML file your other reader exports (.opml), or reply /importfeeds to it, and I'll add "
                "its feeds. /exportfeeds gives you this bot's list as one.")


def is_opml_file(document: Document) -> bool:
    """An OPML file by its name or type, as anyone would see it."""
    name = (document.file_name or "").lower()
    return name.endswith(".opml") or (document.mime_type or "").lower() in OPML_TYPES


def may_be_opml(document: Document) -> bool:
    """An OPML file, or an XML file that may be one (some readers export feeds.xml): an admin's is read to see."""
    name = (document.file_name or "").lower()
    return is_opml_file(document) or name.endswith(".xml") or (document.mime_type or "").lower() in XML_TYPES


def usable_address(url: str) -> bool:
    """An http(s) address with a host and a valid port, as a feed needs: anything else is never fetched."""
    if len(url) > FEED_URL_LIMIT:
        return False
    parts = urlsplit(url)
    try:
        parts.port
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


@dataclass
class ImportPlan:
    new: list[OpmlFeed] = field(default_factory=list)
    already: list[tuple[OpmlFeed, feed_store.Feed | None]] = field(default_factory=list)  # None: added meanwhile
    unusable: list[OpmlFeed] = field(default_factory=list)
    repeated: list[OpmlFeed] = field(default_factory=list)  # a feed the file lists again (however typed): taken once
    no_address: list[str] = field(default_factory=list)  # outlines with no xmlUrl that are no folder (feeds.opml)
    # Not added: its address redirects to a listed feed, or to another new feed of the file (which is added)
    redirected: list[tuple[OpmlFeed, feed_store.Feed | OpmlFeed]] = field(default_factory=list)
    unchecked: int = 0  # new feeds whose address gave no answer in time: added without the redirect check
    # Added with the name of a feed listed before or added before it from the file: (its number, the other's)
    same_name: list[tuple[int, int]] = field(default_factory=list)


def plan_import(found: list[OpmlFeed], listed: list[feed_store.Feed]) -> ImportPlan:
    """Which of the file's feeds are new, already in the list (however typed: feeds.addresses) or unusable."""
    known = {address_key(feed.url): feed for feed in listed}
    plan, seen = ImportPlan(), set()
    for feed in found:
        if not usable_address(feed.url):
            plan.unusable.append(feed)
            continue
        if (key := address_key(feed.url)) in seen:
            plan.repeated.append(feed)
            continue
        seen.add(key)
        if key in known:
            plan.already.append((feed, known[key]))
        else:
            plan.new.append(feed)
    return plan


def skip_redirects(plan: ImportPlan, followed: Followed, listed: list[feed_store.Feed]) -> None:
    """Take out of the plan's new feeds those whose address redirects to a listed feed or to another new one of the
    file, as /addfeed refuses them; one whose redirects were all permanent is added at the address they lead to."""
    known = {address_key(feed.url): feed for feed in listed}
    # Addresses of the new feeds kept, however reached: first those that redirect nowhere, so that of a feed the file
    # lists at its old and at its new address, the one at its new address is kept, whichever comes first.
    claimed = {address_key(feed.url): feed for feed in plan.new if _elsewhere(followed, feed) is None}
    kept = []
    for feed in plan.new:
        if (destination := _elsewhere(followed, feed)) is None:
            kept.append(feed)
            continue
        keys = [address_key(url) for url in destination.addresses]
        target = next((known.get(key) or claimed[key] for key in keys if key in known or key in claimed), None)
        if target is not None:
            plan.redirected.append((feed, target))
            continue
        claimed.update((key, feed) for key in keys)
        kept.append(replace(feed, url=destination.moved_to) if destination.moved_to else feed)
    plan.new = kept
    plan.unchecked = len(followed.late)


def _elsewhere(followed: Followed, feed: OpmlFeed) -> Destination | None:
    """Where the feed's address led, when that is another address; None when it led nowhere else, or is not known."""
    destination = followed.destinations.get(feed.url)
    if destination is None or address_key(destination.final_url) == address_key(feed.url):
        return None
    return destination


def _new_feed(feed: OpmlFeed) -> feed_store.NewFeed:
    country = country_by_code(feed.country.upper()) if feed.country else None
    return feed_store.NewFeed(feed.url, clip(feed.name, FEED_NAME_LIMIT), country.code if country else None,
                              paused=feed.paused)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _listed(lines: list[str], shown: int) -> str:
    more = f"\n…and {len(lines) - shown} more" if len(lines) > shown else ""
    return "\n".join(lines[:shown]) + more


def import_report(file_name: str, added: list[tuple[int, feed_store.NewFeed]], plan: ImportPlan) -> list[str]:
    """"Added 12 feeds from news.opml, 3 already in the list, 1 not a usable address." and the names (HTML), in
    parts that go in one message, or in two should they pass Telegram's 4,096 characters."""
    counts = [f"{_count(len(plan.already), 'was', 'were')} already in the list" if plan.already else "",
              _count(len(plan.unusable), "not a usable address", "not usable addresses") if plan.unusable else "",
              f"{len(plan.repeated)} listed twice in the file" if plan.repeated else "",
              f"{len(plan.no_address)} with no feed address (xmlUrl)" if plan.no_address else "",
              _count(len(plan.redirected), "redirects to a feed", "redirect to feeds") + " already listed"
              if plan.redirected else ""]
    head = (f"Added {_count(len(added), 'feed', 'feeds')} from {echo(file_name)}"
            if added else f"Added no feeds from {echo(file_name)}")
    parts = [", ".join([head, *filter(None, counts)]) + "."]
    if added:
        paused = sum(1 for _, feed in added if feed.paused)
        kept = f" {_count(paused, 'is', 'are')} paused, as the file says (/resumefeed N)." if paused else ""
        if len(added) == 1 and paused:
            kept = f" It is paused, as the file says (/resumefeed {added[0][0]})."
        parts.append(_polled_soon(len(added)) + kept + _unchecked(len(added), plan.unchecked))
        parts.append("<b>Added</b>\n" + _listed([f"#{number} {echo(feed.name or feed.url, FEED_NAME_LIMIT)}"
                                                 for number, feed in added], ADDED_SHOWN))
    if plan.already:
        parts.append("<b>Already in the list</b>\n" + _listed(
            [f"#{known.id} {echo(known.name or known.url, FEED_NAME_LIMIT)}" if known else echo(feed.url, URL_SHOWN)
             for feed, known in plan.already], ALREADY_SHOWN))
    if plan.unusable:
        parts.append("<b>Not a usable address</b> (a feed needs http:// or https://)\n" + _listed(
            [echo(feed.url, UNUSABLE_URL_SHOWN) or "(empty)" for feed in plan.unusable], UNUSABLE_SHOWN))
    if plan.redirected:
        lines = [f"{echo(feed.url, UNUSABLE_URL_SHOWN)} → {_target(target)}" for feed, target in plan.redirected]
        parts.append("<b>Redirecting to a feed already listed</b> (not added, as /addfeed would not add it)\n"
                     + _listed(lines, REDIRECTED_SHOWN))
    if plan.repeated:
        parts.append("<b>Listed twice in the file</b> (taken once)\n" + _listed(
            [echo(feed.name or feed.url, FEED_NAME_LIMIT) for feed in plan.repeated], REPEATED_SHOWN))
    if plan.no_address:
        parts.append("<b>No feed address</b> (an outline without xmlUrl, such as a link to a web page: skipped)\n"
                     + _listed([echo(name, FEED_NAME_LIMIT) or "(unnamed)" for name in plan.no_address],
                               NO_ADDRESS_SHOWN))
    if plan.same_name:
        names = dict(added)
        lines = [f"#{number} {echo(names[number].name, FEED_NAME_LIMIT)}, as #{other}"
                 for number, other in plan.same_name]
        parts.append("<b>Named like another feed</b> (in /feeds and under their stories the two look alike; "
                     "/editfeed N name=… renames one)\n" + _listed(lines, SAME_NAME_SHOWN))
    return parts


def _polled_soon(added: int) -> str:
    if added == 1:
        return "I'll poll it within a minute; /feeds shows how it is doing, and why, should it fail."
    return "I'll poll the new ones within a minute; /feeds shows how each is doing, and why one fails."


def _unchecked(added: int, unchecked: int) -> str:
    """The feeds added whose address gave no answer in time to be checked for redirects, in words for their number."""
    if not unchecked:
        return ""
    if added == 1:
        return (" Its address gave no answer in time to be checked for redirects; the poller checks it, and tells you "
                "if it leads to a feed already listed.")
    if unchecked == 1:
        return (" 1 of the new addresses gave no answer in time to be checked for redirects; the poller checks it, "
                "and tells you if it leads to a feed already listed.")
    return (f" {unchecked} of the new addresses gave no answer in time to be checked for redirects; the poller "
            "checks them, and tells you of any that lead to a feed already listed.")


def _target(feed: feed_store.Feed | OpmlFeed) -> str:
    """"#1 Quake Wire", a listed feed; "Quake Wire, also in this file", a feed the file brings (HTML)."""
    if isinstance(feed, OpmlFeed):
        return f"{echo(feed.name or feed.url, FEED_NAME_LIMIT)}, also in this file"
    return f"#{feed.id} {echo(feed.name or feed.url, FEED_NAME_LIMIT)}"


async def on_document(update: Update, context: Ctx) -> None:
    """A file sent in a private chat: an admin's OPML file is imported; a reader's gets the admins-only answer."""
    message, user = update.effective_message, update.effective_user
    if message is None or message.document is None or user is None or not may_be_opml(message.document):
        return
    if not await is_admin(context, user.id):
        if is_opml_file(message.document):
            log.warning("admin command refused user_id=%s command=opml-import", user.id)
            await reply_html(update, ADMINS_ONLY)
        return
    await _import(update, context, message.document)


async def importfeeds_command(update: Update, context: Ctx) -> None:
    """/importfeeds, as a reply to an OPML file: its feeds added."""
    if not await require_admin(update, context) or update.effective_message is None:
        return
    replied = update.effective_message.reply_to_message
    document = replied.document if replied is not None else None
    if document is None:
        await reply_html(update, IMPORT_USAGE)
    elif not may_be_opml(document):
        await reply_html(update, f"{echo(document.file_name or 'That file')} is no OPML file. I read feed lists "
                                 "from .opml files (or OPML saved as .xml), as RSS readers export them.")
    else:
        await _import(update, context, document)


async def _import(update: Update, context: Ctx, document: Document) -> None:
    name = document.file_name or "that file"
    if (data := await _download(update, context, document)) is None:
        return
    try:
        contents = await asyncio.to_thread(read_opml, data)
    except OpmlError as e:
        await reply_html(update, f"I couldn't read {echo(name)}: {html.escape(str(e))}. Nothing was added.")
        return
    found = contents.feeds
    if not found:
        await reply_html(update, f"{echo(name)} lists no feeds (no outline with an xmlUrl). Nothing was added.")
        return
    if len(found) > MAX_FEEDS:
        await reply_html(update, f"{echo(name)} lists {len(found)} feeds; I import at most {MAX_FEEDS} at a time. "
                                 "Split it into smaller files and send each. Nothing was added.")
        return
    listed = await feed_store.list_feeds(context.db)
    plan = plan_import(found, listed)
    plan.no_address = contents.no_address
    if plan.new:
        async with feed_fetcher(context) as fetcher:
            followed = await follow_redirects(fetcher, [feed.url for feed in plan.new])
        skip_redirects(plan, followed, listed)
    user = update.effective_user
    new = [_new_feed(feed) for feed in plan.new]
    ids = await feed_store.add_feeds(context.db, new, user.id if user else None, context.clock.now())
    added = [(number, feed) for number, feed in zip(ids, new) if number is not None]
    plan.already += [(feed, None) for number, feed in zip(ids, plan.new) if number is None]  # added meanwhile
    plan.same_name = await _same_names(context, added)
    log.info("feeds imported file=%s found=%s added=%s already=%s unusable=%s redirected=%s unchecked=%s", name,
             len(found), len(added), len(plan.already), len(plan.unusable), len(plan.redirected), plan.unchecked)
    await reply_blocks(update, import_report(name, added, plan))


async def _same_names(context: Ctx, added: list[tuple[int, feed_store.NewFeed]]) -> list[tuple[int, int]]:
    """Each feed added that has the name of another (listed before it, or an earlier one of the file), with the
    other's number."""
    feeds = await feed_store.list_feeds(context.db)
    return [(number, others[0].id) for number, feed in added
            if (others := [f for f in same_name(feed.name, feeds) if f.id < number])]


async def _download(update: Update, context: Ctx, document: Document) -> bytes | None:
    """The file's bytes, None after telling the admin it is too big or could not be fetched from Telegram."""
    too_big = (f"{echo(document.file_name or 'That file')} is {{size}}; a feed list I import has at most "
               f"{MAX_FILE_BYTES // 1024 // 1024} MB (an OPML file of {MAX_FEEDS} feeds is about 100 KB). "
               "Nothing was added.")
    if document.file_size is not None and document.file_size > MAX_FILE_BYTES:
        await reply_html(update, too_big.format(size=megabytes(document.file_size)))
        return None
    try:
        data = bytes(await (await context.bot.get_file(document.file_id)).download_as_bytearray())
    except TelegramError as e:
        log.warning("opml download failed file_id=%s error=%s", document.file_id, e)
        await reply_html(update, f"I couldn't get that file from Telegram ({html.escape(str(e))}). "
                                 "Please send it again.")
        return None
    if len(data) > MAX_FILE_BYTES:  # Telegram gave no size, or another one
        await reply_html(update, too_big.format(size=megabytes(len(data))))
        return None
    return data


def megabytes(size: int) -> str:
    """Rounded up, so a file just over the limit is not said to be at it: "1.1 MB"."""
    return f"{math.ceil(size * 10 / 1024 / 1024) / 10:.1f} MB"


def register(app: Application) -> None:
    app.add_handler(CommandHandler("importfeeds", importfeeds_command))
    app.add_handler(MessageHandler(filters.Document.ALL & filters.ChatType.PRIVATE, on_document))
