"""/addfeed URL [name] [country=XX]: an admin adds a feed, fetched once first; the reply says what was found."""
from __future__ import annotations

import html
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Update
from telegram.ext import Application, CommandHandler

from feeds.addresses import address_key
from feeds.errors import ConnectFailedError, FetchTimeoutError
from feeds.fetch import Fetcher, new_client
from feeds.parse import title_as_name
from feeds.probe import FirstFetch, first_fetch, may_pass
from feeds.problems import problem
from handlers.admins import require_admin
from handlers.context import Ctx
from handlers.feed_problems import feed_problem, with_scheme
from handlers.feeds import FEED_NAME_LIMIT, URL_SHOWN, feed_label, same_name
from handlers.replies import echo, reply_html
from news.countries import country_by_code, country_named, resolve_country, suggest_countries
from storage import feeds as feed_store

log = logging.getLogger(__name__)

FEED_URL_LIMIT = 2048  # characters: longer URLs are not used in practice
OTHER_FEEDS_SHOWN = 8  # other feeds a web page names, listed under /addfeed's reply
COUNTRY_PREFIX = "country="
ADDFEED_USAGE = "Usage: /addfeed URL [name] [country=XX], e.g. /addfeed URL Hespress country=morocco"


class UnknownCountry(ValueError):
    """`country=` names no country we know; str(e) is what the admin typed."""


def split_addfeed_args(args: list[str]) -> tuple[str, str, str | None]:
    """URL, name (may be several words) and the country after a final `country=` (None without one).

    The country is explicit: whether a last word is a country or part of the name cannot be told ("The Times
    of India", "BBC & Co"), and a wrong guess tags every item of the feed. Everything after `country=` is the
    country, so "country=South Korea" works. ValueError without a URL, or with a country nobody knows.
    """
    if not args:
        raise ValueError("no URL")
    url, rest = args[0], args[1:]
    marker = next((i for i, word in enumerate(rest) if word.lower().startswith(COUNTRY_PREFIX)), None)
    if marker is None:
        return url, " ".join(rest), None
    wanted = " ".join([rest[marker][len(COUNTRY_PREFIX):], *rest[marker + 1:]]).strip()
    country = resolve_country(wanted) if wanted else None
    if country is None:
        raise UnknownCountry(wanted)
    return url, " ".join(rest[:marker]), country.code


def unknown_country(wanted: str) -> str:
    """The answer to a `country=` nobody knows (HTML): the closest countries as they would be typed, or how to
    give one."""
    close = suggest_countries(wanted)
    if close:
        options = " or ".join(f"country={c.command} ({c.flag} {html.escape(c.name)})" for c in close)
        return f"I don't know the country “{echo(wanted)}”. Did you mean {options}?"
    return (f"I don't know the country “{echo(wanted)}”. Give its name, code or flag, e.g. "
            "country=morocco, country=MA or country=🇲🇦 (/countries lists them).")


def _country_note(feed_id: int, code: str | None, name: str) -> str:
    """What the reply says about the feed's country, so a wrong or missing one is seen at once."""
    if code is not None and (country := country_by_code(code)) is not None:
        return f"items that name no country are tagged {country.flag} {html.escape(country.name)}"
    words = name.split()
    hint = country_named(words[-1]) if words else None
    if hint is not None:  # the old "/addfeed URL name country" form: say how to set it now
        return (f"no country set; to tag its items {hint.flag} {html.escape(hint.name)}: "
                f"/editfeed {feed_id} country={hint.command}")
    return "no country set"


async def addfeed_command(update: Update, context: Ctx) -> None:
    """/addfeed URL [name] [country=XX]: the feed, fetched once at once; the reply names its country and the fetch's outcome."""
    if not await require_admin(update, context):
        return
    try:
        url, name, country = split_addfeed_args(context.args or [])
    except UnknownCountry as e:
        await reply_html(update, unknown_country(str(e)))
        return
    except ValueError:
        await reply_html(update, ADDFEED_USAGE)
        return
    if len(name) > FEED_NAME_LIMIT:
        await reply_html(update, f"That name has {len(name)} characters; a feed's name can have at most {FEED_NAME_LIMIT}. "
                                 "Try a short one, like /addfeed URL Quake Wire")
        return
    if len(url) > FEED_URL_LIMIT:
        await reply_html(update, f"That URL has {len(url)} characters; a feed's URL can have at most {FEED_URL_LIMIT}.")
        return
    url, scheme_added = with_scheme(url)
    tried = f"No http:// or https:// in the address, so I tried {echo(url, URL_SHOWN)}. " if scheme_added else ""
    if (known := await _listed(context, url)) is not None:
        await reply_html(update, tried + _already(known))
        return
    fetched = await _first_fetch(context, url)
    if fetched.feed is None:
        await _add_failing(update, context, fetched, name, country, tried=tried, scheme_added=scheme_added)
        return
    # Named as its stories are, by its own title, when the admin gave no name: /editfeed renames it.
    name = name or title_as_name(fetched.feed.title)
    if (feed := await _added(update, context, fetched, name, country, tried)) is None:
        return
    await reply_html(update, f"{tried}{_found(fetched)}{_redirected(fetched)}{_added_line(feed, country)}. "
                             f"Its first fetch found {_items(len(fetched.feed.items))}; I'll poll it within a minute."
                             f"{await _same_name_note(context, feed)}{_other_feeds(fetched)}")


async def _add_failing(update: Update, context: Ctx, fetched: FirstFetch, name: str, country: str | None, *,
                       tried: str, scheme_added: bool) -> None:
    """A feed whose first fetch failed: added, to be retried, when the failure may pass (the site down or slow);
    not added when it says the address is wrong. The reply says which, why, and what to do."""
    url, error = fetched.url, fetched.error
    assert error is not None
    said = feed_problem(url, error, scheme_added=scheme_added and not fetched.page_feeds)
    # An https:// put before the address may be all that failed: the admin is told to add it with http://.
    wrong_scheme = scheme_added and not fetched.page_feeds and isinstance(error, ConnectFailedError | FetchTimeoutError)
    if not may_pass(error) or wrong_scheme:
        if fetched.page_feeds:
            said = (f"that address is a web page, and the feed it names ({echo(url, URL_SHOWN)}) can't be read: "
                    f"{said or echo(str(error), URL_SHOWN)}")
        await reply_html(update, tried + (f"Not added: {said}" if said
                                          else f"Can't add that feed: {echo(str(error), URL_SHOWN)}")
                         + _other_feeds(fetched))
        return
    said = said or f"its first fetch failed: {echo(str(error), URL_SHOWN)}."
    if (feed := await _added(update, context, fetched, name, country, tried)) is None:
        return
    await feed_store.record_failure(context.db, feed, context.clock.now(), problem(url, error))
    log.info("feed added failing feed=%s url=%s error=%s", feed.id, url, error)
    await reply_html(update, f"{tried}{_found(fetched)}{_added_line(feed, country)}, but {said} I'll keep trying, "
                             f"less often while it fails (see /feeds); if the address is wrong, /removefeed {feed.id} "
                             f"removes it.{await _same_name_note(context, feed)}{_other_feeds(fetched)}")


async def _same_name_note(context: Ctx, feed: feed_store.Feed) -> str:
    """A warning when another feed has the name the new one got: in /feeds and under their stories the two would
    look alike."""
    others = [f for f in same_name(feed.name, await feed_store.list_feeds(context.db)) if f.id != feed.id]
    if not others:
        return ""
    tags = [f"#{f.id}" for f in others]
    named = ", ".join(tags[:-1]) + " and " + tags[-1] if len(tags) > 1 else tags[0]
    return (f"\n\n⚠️ {named} {'has' if len(others) == 1 else 'have'} the same name. To tell them apart in /feeds "
            f"and under their stories, give this one another: <code>/editfeed {feed.id} name=…</code>")


def _found(fetched: FirstFetch) -> str:
    """What the reply says first when the address given was a web page and the feed it names was taken."""
    if not fetched.page_feeds:
        return ""
    which = f" (the first of the {len(fetched.page_feeds)} it names)" if len(fetched.page_feeds) > 1 else ""
    return f"Found the feed of that page: {echo(fetched.url, URL_SHOWN)}{which}. "


def _other_feeds(fetched: FirstFetch) -> str:
    """The other feeds the web page names, as the /addfeed commands that add them (HTML, a line each)."""
    others = fetched.page_feeds[1:]
    if not others:
        return ""
    lines = [f"<code>/addfeed {echo(link.url, URL_SHOWN)}</code>" + (f" ({echo(link.title, FEED_NAME_LIMIT)})"
                                                                       if link.title else "")
             for link in others[:OTHER_FEEDS_SHOWN]]
    if len(others) > OTHER_FEEDS_SHOWN:
        lines.append(f"…and {len(others) - OTHER_FEEDS_SHOWN} more.")
    return "\n\nThe page names other feeds too; to add one:\n" + "\n".join(lines)


async def _added(update: Update, context: Ctx, fetched: FirstFetch, name: str, country: str | None,
                 tried: str) -> feed_store.Feed | None:
    """The feed fetched, added; None after telling the admin it was in the list already (the feed a web page
    names, or one added while this one was fetched)."""
    user = update.effective_user
    known = await _listed(context, *fetched.addresses)
    # Stored where a permanent redirect leads, as the poller would move it: a later /addfeed of either address
    # finds it, and the poller never finds its new address taken by another feed.
    feed = None if known else await feed_store.add_feed(context.db, fetched.address, name, country,
                                                        user.id if user else None, context.clock.now())
    if feed is None:
        known = known or await _listed(context, *fetched.addresses)
        already = _already(known) if known else "That feed is already in the list (see /feeds)."
        await reply_html(update, f"{tried}{_found(fetched)}{_redirected(fetched)}{already}{_other_feeds(fetched)}")
    return feed


async def _listed(context: Ctx, *urls: str) -> feed_store.Feed | None:
    """The feed in the list at one of `urls`, however either was typed (http or https, a trailing slash, the host's
    case: feeds.addresses); the list is short, and /addfeed rare."""
    keys = {address_key(url) for url in urls}
    return next((feed for feed in await feed_store.list_feeds(context.db) if address_key(feed.url) in keys), None)


def _redirected(fetched: FirstFetch) -> str:
    """Where the address redirected to, when that is another feed address: the one stored, or found listed."""
    if fetched.final_url is None or address_key(fetched.final_url) == address_key(fetched.url):
        return ""
    how = "has moved to" if fetched.moved_to else "leads to"
    return f"{'Its' if fetched.page_feeds else 'That'} address {how} {echo(fetched.final_url, URL_SHOWN)}. "


def _already(feed: feed_store.Feed) -> str:
    return f"That feed is already in the list as #{feed.id} {feed_label(feed)}; /feeds shows how it is doing."


def _added_line(feed: feed_store.Feed, country: str | None) -> str:
    return f"Added feed #{feed.id} {feed_label(feed)} ({_country_note(feed.id, country, feed.name)})"


@asynccontextmanager
async def feed_fetcher(context: Ctx) -> AsyncIterator[Fetcher]:
    """The poller's fetcher (its limits per host shared with the polls), or a short-lived one when the poller is off."""
    running = context.bot_data.services.get("feeds")
    if running is not None:
        yield running[0]
        return
    fetcher = Fetcher(new_client(), allow_private=context.settings.allow_private_feed_hosts)
    try:
        yield fetcher
    finally:
        await fetcher.client.aclose()


async def _first_fetch(context: Ctx, url: str) -> FirstFetch:
    """The address fetched once."""
    async with feed_fetcher(context) as fetcher:
        return await first_fetch(fetcher, url, context.clock.now())


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def register(app: Application) -> None:
    app.add_handler(CommandHandler("addfeed", addfeed_command))
