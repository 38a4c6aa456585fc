"""Admins manage news sources: /addfeed, /feeds, /removefeed, /pausefeed, /resumefeed, /defaultfeeds; starts the poller."""
from __future__ import annotations

import asyncio
import html
import json
import logging
from datetime import datetime
from pathlib import Path

from telegram import Update
from telegram.ext import Application, CommandHandler

from background import cancel_and_wait
from feeds.errors import ConnectFailedError, FetchTimeoutError
from feeds.fetch import Fetcher, new_client
from feeds.parse import NAME_LIMIT, title_as_name
from feeds.poller import admin_chat_ids, run_poller
from feeds.probe import FirstFetch, first_fetch, may_pass
from feeds.problems import problem, shown_problem
from handlers.arguments import parse_id
from handlers.context import Ctx
from handlers.feed_problems import feed_problem, with_scheme
from handlers.replies import echo, reply_blocks, reply_html
from news.countries import country_by_code, country_named, resolve_country, suggest_countries
from news.format import relative_time
from storage import feeds as feed_store

log = logging.getLogger(__name__)

DEFAULT_FEEDS = Path(__file__).resolve().parent.parent / "feeds" / "default_feeds.json"
ADMINS_ONLY = "This command is for admins."
FEED_NAME_LIMIT = NAME_LIMIT  # characters: a name is a label in /feeds and under every story from the feed
FEED_URL_LIMIT = 2048  # characters: longer URLs are not used in practice
URL_SHOWN = 200  # characters of a URL in a reply
OTHER_FEEDS_SHOWN = 8  # other feeds a web page names, listed under /addfeed's reply
FEEDS_AT_ONCE = 20  # feed numbers in one /removefeed, /pausefeed or /resumefeed: a line each in one reply


async def _is_admin(update: Update, context: Ctx) -> bool:
    user = update.effective_user
    if user is not None and user.id in await admin_chat_ids(context.db, context.settings):
        return True
    await reply_html(update, ADMINS_ONLY)
    return False


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
    if not await _is_admin(update, context):
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
    if (known := await feed_store.feed_by_url(context.db, url)) is not None:
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
    await reply_html(update, f"{tried}{_found(fetched)}{_added_line(feed, country)}. Its first fetch found "
                             f"{len(fetched.feed.items)} items; I'll poll it within a minute.{_other_feeds(fetched)}")


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
                             f"removes it.{_other_feeds(fetched)}")


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
    feed = await feed_store.add_feed(context.db, fetched.url, name, country, user.id if user else None,
                                     context.clock.now())
    if feed is None:
        known = await feed_store.feed_by_url(context.db, fetched.url)
        already = _already(known) if known else "That feed is already in the list (see /feeds)."
        await reply_html(update, f"{tried}{_found(fetched)}{already}{_other_feeds(fetched)}")
    return feed


def _already(feed: feed_store.Feed) -> str:
    return f"That feed is already in the list as #{feed.id} {_label(feed)}; /feeds shows how it is doing."


def _label(feed: feed_store.Feed) -> str:
    """How a feed is named in a reply: its name, or its address while it has none (HTML)."""
    return echo(feed.name, FEED_NAME_LIMIT) if feed.name else echo(feed.url, URL_SHOWN)


def _added_line(feed: feed_store.Feed, country: str | None) -> str:
    return f"Added feed #{feed.id} {_label(feed)} ({_country_note(feed.id, country, feed.name)})"


async def _first_fetch(context: Ctx, url: str) -> FirstFetch:
    """The address fetched once, by the poller's fetcher, or a short-lived one when the poller is off."""
    running = context.bot_data.services.get("feeds")
    if running is not None:
        return await first_fetch(running[0], url, context.clock.now())
    fetcher = Fetcher(new_client(), allow_private=context.settings.allow_private_feed_hosts)
    try:
        return await first_fetch(fetcher, url, context.clock.now())
    finally:
        await fetcher.client.aclose()


def _when(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    if moment > now:
        return f"in {max(1, round((moment - now).total_seconds() / 60))} min"
    return relative_time(moment, now)


def _failing_for(feed: feed_store.Feed, now: datetime) -> str:
    """How long the feed has failed: since its last success, or since it was added when it never had one."""
    minutes = int((now - (feed.last_success_at or feed.created_at)).total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} min" if minutes else "less than a minute"
    return f"{minutes // 60} h" if minutes < 48 * 60 else f"{minutes // (24 * 60)} days"


def _last_error(feed: feed_store.Feed, now: datetime) -> str:
    """"last error (3×, failing for 5 h): couldn't reach news.example: no such host" (HTML)."""
    reason = shown_problem(feed.url, feed.last_error or "")[:200]
    return (f"last error ({feed.consecutive_failures}×, failing for {_failing_for(feed, now)}): "
            f"{html.escape(reason)}")


def _state(feed: feed_store.Feed) -> str:
    if feed.status == "paused":
        return "⏸ paused"
    if feed.last_polled_at is None:
        return "⏳ not polled yet"
    return "⚠️ failing" if feed.consecutive_failures else "✅ ok"


async def feeds_command(update: Update, context: Ctx) -> None:
    """/feeds: every source with its last success, last error, items and next poll."""
    if not await _is_admin(update, context):
        return
    feeds = await feed_store.list_feeds(context.db)
    if not feeds:
        await reply_html(update, "No feeds yet. Add one with /addfeed URL, or see /defaultfeeds.")
        return
    now = context.clock.now()
    blocks = []
    for f in feeds:
        state = _state(f)
        # Clipped: a feed added before names and URLs were capped can have one of thousands of characters.
        # Named, the feed's URL is on a line of its own; unnamed (its title not read yet), it is the label.
        lines = [f"<b>#{f.id}</b> {_label(f)} {state}" + (f" [{f.country}]" if f.country else ""),
                 *([echo(f.url, URL_SHOWN)] if f.name else []),
                 f"last success: {_when(f.last_success_at, now)} · items: {f.items_total} · "
                 f"next poll: {'—' if f.status == 'paused' else _when(f.next_poll_at, now)}"]
        if f.last_error and f.consecutive_failures:
            lines.append(_last_error(f, now))
        blocks.append("\n".join(lines))
    await reply_blocks(update, blocks, header="<b>Feeds</b>")


async def _feed_numbers(update: Update, context: Ctx, usage: str) -> list[int] | None:
    """The feed numbers given ("1 2", "1,2", "#3"), each once; None after a reply when there are none, too many,
    or a word that is no number (then nothing is done: which feeds were meant is unclear)."""
    words = [w for arg in context.args or [] for w in arg.split(",") if w]
    numbers = [parse_id(w) for w in words]
    if not words:
        await reply_html(update, usage)
        return None
    if (bad := next((w for w, n in zip(words, numbers) if n is None), None)) is not None:
        await reply_html(update, f"“{echo(bad, 20)}” is not a feed number, so I changed nothing. {usage}")
        return None
    if len(words) > FEEDS_AT_ONCE:
        await reply_html(update, f"That is {len(words)} feeds; give at most {FEEDS_AT_ONCE} at a time. I changed nothing.")
        return None
    return list(dict.fromkeys(n for n in numbers if n is not None))


async def removefeed_command(update: Update, context: Ctx) -> None:
    """/removefeed N [N …]: stop polling those feeds (their stored stories stay); a line for each."""
    if not await _is_admin(update, context):
        return
    if (numbers := await _feed_numbers(update, context, "Usage: /removefeed N, or several: /removefeed 1 2 (see /feeds)")) is None:
        return
    lines = [f"Removed feed #{n}." if await feed_store.remove_feed(context.db, n) else f"There is no feed #{n} (see /feeds)."
             for n in numbers]
    await reply_html(update, "\n".join(lines))


async def _set_feed_status(update: Update, context: Ctx, command: str, status: str) -> None:
    """Pause or resume the feeds named in the command, a line for each; repeating it changes nothing and says so."""
    if not await _is_admin(update, context):
        return
    if (numbers := await _feed_numbers(update, context, f"Usage: /{command} N, or several: /{command} 1 2 (see /feeds)")) is None:
        return
    await reply_html(update, "\n".join([await _status_line(context, number, status) for number in numbers]))


async def _status_line(context: Ctx, number: int, status: str) -> str:
    if await feed_store.set_status(context.db, number, status, context.clock.now()):
        done = "paused. /resumefeed {n} resumes it" if status == "paused" else "resumed: I'll poll it within a minute"
        return f"Feed #{number} {done.format(n=number)}."
    if await feed_store.get_feed(context.db, number) is None:
        return f"There is no feed #{number} (see /feeds)."
    if status == "paused":
        return f"Feed #{number} is already paused. /resumefeed {number} resumes it."
    return f"Feed #{number} is not paused. /pausefeed {number} pauses it."


async def pausefeed_command(update: Update, context: Ctx) -> None:
    """/pausefeed N [N …]: stop polling feed N until /resumefeed N (sending it twice keeps it paused)."""
    await _set_feed_status(update, context, "pausefeed", "paused")


async def resumefeed_command(update: Update, context: Ctx) -> None:
    """/resumefeed N [N …]: poll paused feeds again, at once."""
    await _set_feed_status(update, context, "resumefeed", "active")


async def defaultfeeds_command(update: Update, context: Ctx) -> None:
    """/defaultfeeds: well-known world-news feeds, each with its /addfeed line."""
    if not await _is_admin(update, context):
        return
    defaults = json.loads(DEFAULT_FEEDS.read_text(encoding="utf-8"))
    blocks = [f"{html.escape(d['name'])}\n<code>/addfeed {html.escape(d['url'])} {html.escape(d['name'])}</code>"
              for d in defaults]
    await reply_blocks(update, blocks, header="<b>Suggested feeds</b> (send a line to add it)")


def register(app: Application) -> None:
    app.add_handler(CommandHandler("addfeed", addfeed_command))
    app.add_handler(CommandHandler("feeds", feeds_command))
    app.add_handler(CommandHandler("removefeed", removefeed_command))
    app.add_handler(CommandHandler("pausefeed", pausefeed_command))
    app.add_handler(CommandHandler("resumefeed", resumefeed_command))
    app.add_handler(CommandHandler("defaultfeeds", defaultfeeds_command))
    app.bot_data.on_start.append(_start_poller)
    app.bot_data.on_stop.append(_stop_poller)


async def _start_poller(app: Application) -> None:
    settings = app.bot_data.settings
    if not settings.poll_feeds:
        return
    fetcher = Fetcher(new_client(), allow_private=settings.allow_private_feed_hosts)
    task = asyncio.create_task(run_poller(app.bot_data.db, fetcher, app.bot_data.clock, settings), name="feeds")
    app.bot_data.services["feeds"] = (fetcher, task)


async def _stop_poller(app: Application) -> None:
    running = app.bot_data.services.pop("feeds", None)
    if running is None:
        return
    fetcher, task = running
    await cancel_and_wait(task)
    await fetcher.client.aclose()
