"""/exportfeeds: an admin gets the feed list as an OPML 2.0 file, which other RSS readers import (feeds.opml)."""
from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, CommandHandler

from feeds.opml import OpmlFeed, write_opml
from handlers.admin_private import send_to_admin
from handlers.admins import require_admin
from handlers.context import Ctx
from handlers.feed_import import megabytes
from handlers.rate_limit import FileTooLarge
from handlers.replies import reply_html
from storage import feeds as feed_store

log = logging.getLogger(__name__)

OPML_TITLE = "newsdigest feeds"


def export_caption(feeds: list[feed_store.Feed]) -> str:
    """"12 feeds", "12 feeds, 2 paused", "1 feed"."""
    paused = sum(1 for f in feeds if f.status == "paused")
    count = f"{len(feeds)} feed{'' if len(feeds) == 1 else 's'}"
    return f"{count}, {paused} paused" if paused else count


async def exportfeeds_command(update: Update, context: Ctx) -> None:
    """/exportfeeds: the feed list as newsdigest-feeds-YYYY-MM-DD.opml, paused feeds marked, with "N feeds" (asked in
    a group, in the admin's private chat); a file Telegram refuses as too large is not sent again, and the admin is
    told why."""
    if not await require_admin(update, context) or update.effective_message is None:
        return
    feeds = await feed_store.list_feeds(context.db)
    if not feeds:
        await reply_html(update, "No feeds to export yet. Add one with /addfeed URL, or send me the OPML file "
                                 "another reader exports.")
        return
    now = context.clock.now()
    data = write_opml([OpmlFeed(f.url, f.name, paused=f.status == "paused", country=f.country) for f in feeds],
                      OPML_TITLE, now)

    async def send(chat_id: int) -> None:
        try:
            await context.bot.send_document(chat_id, document=data, filename=f"newsdigest-feeds-{now:%Y-%m-%d}.opml",
                                            caption=export_caption(feeds))
        except FileTooLarge:
            log.warning("feeds export refused as too large feeds=%s bytes=%s", len(feeds), len(data))
            await context.bot.send_message(
                chat_id, f"I couldn't send the feed list: its OPML file is {megabytes(len(data))}, and Telegram "
                         "refused it (a bot may send files of up to 50 MB). Remove feeds you no longer need "
                         "(/removefeed N, see /feeds) and try /exportfeeds again.")
            return
        log.info("feeds exported feeds=%s bytes=%s", len(feeds), len(data))
    # Feed addresses are for admins: asked in a group, the file goes to the admin's private chat.
    await send_to_admin(update, context, send, what="the feed list", again="/exportfeeds")


def register(app: Application) -> None:
    app.add_handler(CommandHandler("exportfeeds", exportfeeds_command))
