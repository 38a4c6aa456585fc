"""/editfeed N name=… country=XX: an admin renames a feed or changes its country, keeping its history and poll state.

Only the feed's later items get the change: stories already stored keep their source name and countries, as
they were delivered (and a story's countries also come from its own text, which no edit of the feed changes).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from telegram import Update
from telegram.ext import Application, CommandHandler

from handlers.admins import require_admin
from handlers.arguments import parse_id
from handlers.context import Ctx
from handlers.addfeed import COUNTRY_PREFIX, unknown_country
from handlers.feeds import FEED_NAME_LIMIT, URL_SHOWN
from handlers.replies import echo, reply_html
from news.countries import country_by_code, resolve_country
from storage import feeds as feed_store

NAME_PREFIX = "name="
NO_COUNTRY = "none"
USAGE = ("Usage: /editfeed N name=NEW NAME country=XX (either or both; N as /feeds numbers them), "
         "e.g. /editfeed 3 name=BBC World country=morocco; country=none takes its country away. "
         "Stories already stored keep their source name and countries.")


class EditRefused(ValueError):
    """/editfeed's arguments can't be used; str(e) is the reply (HTML)."""


@dataclass(frozen=True)
class FeedEdit:
    number: int
    name: str | None = None  # None: the name stays
    sets_country: bool = False
    country: str | None = None  # an ISO code; None with sets_country takes the country away


def _split(words: list[str]) -> tuple[str, dict[str, str]]:
    """Words before any `name=`/`country=`, and each key's value: every word up to the next key, so that
    names and countries can have spaces ("name=BBC World country=South Korea")."""
    loose: list[str] = []
    values: dict[str, list[str]] = {}
    key = None
    for word in words:
        starts = next((k for k in (NAME_PREFIX, COUNTRY_PREFIX) if word.lower().startswith(k)), None)
        if starts is not None:
            key = starts
            values[key] = [word[len(key):]]
        elif key is not None:
            values[key].append(word)
        else:
            loose.append(word)
    return " ".join(loose), {k: " ".join(v).strip() for k, v in values.items()}


def _country_code(number: int, wanted: str) -> str | None:
    if wanted.lower() == NO_COUNTRY:
        return None
    if not wanted:
        raise EditRefused(f"country= needs a country, e.g. /editfeed {number} country=morocco "
                          "(or country=none to take its country away).")
    country = resolve_country(wanted)
    if country is not None:
        return country.code
    raise EditRefused(unknown_country(wanted))


def _other_key(loose: str) -> str | None:
    """The `key` of a loose `key=value` that is none of ours (url=, title=), else None."""
    match = re.match(r"(\w+)=", loose)
    return match.group(1) if match else None


def parse_editfeed(args: list[str]) -> FeedEdit:
    """What /editfeed asks; EditRefused says what is wrong and how to ask."""
    number = parse_id(args[0]) if args else None
    if number is None:
        raise EditRefused(f"“{echo(args[0], 20)}” is not a feed number. {USAGE}" if args else USAGE)
    loose, values = _split(args[1:])
    if (key := _other_key(loose)) is not None:
        raise EditRefused(f"I can change a feed's name= and country=, not {echo(key, 20)}=. To give feed #{number} "
                          f"another address, /addfeed the new one and /removefeed {number}.")
    if loose:  # the name is never taken from loose words, as /addfeed never takes a country from them
        raise EditRefused(f"To rename feed #{number}, put name= before the name: /editfeed {number} name={echo(loose)}")
    if not values:
        raise EditRefused(f"What should change? e.g. /editfeed {number} name=BBC World or "
                          f"/editfeed {number} country=morocco (country=none takes its country away).")
    name = values.get(NAME_PREFIX)
    if name == "":
        raise EditRefused(f"name= needs the new name, e.g. /editfeed {number} name=BBC World.")
    if name is not None and len(name) > FEED_NAME_LIMIT:
        raise EditRefused(f"That name has {len(name)} characters; a feed's name can have at most {FEED_NAME_LIMIT}. "
                          f"Try a short one, like /editfeed {number} name=Quake Wire")
    if COUNTRY_PREFIX not in values:
        return FeedEdit(number, name)
    return FeedEdit(number, name, sets_country=True, country=_country_code(number, values[COUNTRY_PREFIX]))


def _country_label(code: str) -> str:
    country = country_by_code(code)
    return f"{country.flag} {html.escape(country.name)}" if country else html.escape(code)


def _changes(feed: feed_store.Feed, name: str, country: str | None) -> str:
    """What the edit changes, as the reply tells it ("renamed “BBC World” (was “BBC & Co”) and now tags …")."""
    said = []
    if name != feed.name:
        was = f" (was “{echo(feed.name, FEED_NAME_LIMIT)}”)" if feed.name else ""
        said.append(f"renamed “{echo(name, FEED_NAME_LIMIT)}”{was}")
    if country != feed.country:
        was = f" (was {_country_label(feed.country)})" if feed.country else ""
        said.append(f"now tags items that name no country {_country_label(country)}{was}" if country
                    else f"no longer tags its items {_country_label(feed.country or '')}: no country set")
    return " and ".join(said)


async def editfeed_command(update: Update, context: Ctx) -> None:
    """/editfeed N name=… country=XX|none: rename feed N or change its country; the reply says what changed."""
    if not await require_admin(update, context):
        return
    args = context.args or []
    number = parse_id(args[0]) if args else None
    # A feed that isn't there is said first: how to ask for a change to it is of no use.
    feed = await feed_store.get_feed(context.db, number) if number is not None else None
    if number is not None and feed is None:
        await reply_html(update, f"There is no feed #{number} (see /feeds).")
        return
    try:
        edit = parse_editfeed(args)
    except EditRefused as e:
        await reply_html(update, str(e))
        return
    assert feed is not None  # parse_editfeed refuses a first word that is no number
    name = feed.name if edit.name is None else edit.name
    country = edit.country if edit.sets_country else feed.country
    changes = _changes(feed, name, country)
    if not changes:
        asked = [what for what, on in (("that name", edit.name is not None),
                                       ("that country" if country else "no country", edit.sets_country)) if on]
        await reply_html(update, f"Feed #{feed.id} already has {' and '.join(asked)}: nothing to change.")
        return
    if not await feed_store.edit_feed(context.db, feed.id, name, country):  # removed meanwhile
        await reply_html(update, f"There is no feed #{edit.number} (see /feeds).")
        return
    label = "" if name != feed.name else " " + (echo(name, FEED_NAME_LIMIT) if name else echo(feed.url, URL_SHOWN))
    kept = " and ".join(what for what, changed in (("source name", name != feed.name),
                                                   ("countries", country != feed.country)) if changed)
    await reply_html(update, f"Feed #{feed.id}{label} {changes}. New stories from it get the change; "
                             f"those already stored keep their {kept}.")


def register(app: Application) -> None:
    app.add_handler(CommandHandler("editfeed", editfeed_command))
