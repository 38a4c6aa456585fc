"""Load what chats' digests need and turn them into queued messages, a batch of chats per transaction.

The transaction queues each chat's messages, records its stories as delivered and moves its next due
time, so a crash before it commits sends nothing to the batch's chats (the next tick redoes them) and
a crash after it has everything needed to send exactly once.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from news.countries import country_by_code
from news.digest import (DIGEST_HEADER, MAX_ITEM_AGE, DigestEntry, DigestPlan, KeywordFilter, SectionInput,
                         leftovers_label, plan_digest, rank_candidates, render_digest)
from news.digest_picks import is_wide, weigh_candidates
from news.format import since_moment
from news.models import Article
from news.schedule import Schedule, next_due
from news.topics import topic_by_key
from storage import Database
from storage import articles as article_store
from storage import subscriptions as subscription_store
from storage.chats import Chat, claim_digest, nothing_new_told, set_last_digest, set_nothing_new_told
from storage.deliveries import delivered_to_chats, record_deliveries
from storage.digests import DigestItem, Leftovers, add_items, add_leftovers, create_digest
from storage.important_stories import important_tagged
from storage.outbox import OutgoingMessage, enqueue_in
from storage.subscriptions import Subscription

FIRST_DIGEST_LOOKBACK = timedelta(days=1)
CANDIDATES_PER_SECTION = 40


def schedule_of(chat: Chat) -> Schedule:
    """The chat's schedule, pause included, so every next due time computed from it skips the pause."""
    quiet = (chat.quiet_start, chat.quiet_end) if chat.quiet_start and chat.quiet_end else None
    return Schedule(chat.timezone, chat.digest_times, chat.cadence, quiet, chat.paused_until)


@dataclass(frozen=True)
class DigestOutcome:
    chat_id: int
    messages: int
    stories: int
    outbox_ids: tuple[int, ...] = ()  # the messages queued, in order


class CandidateCache:
    """One tick's candidate lists, read and ranked once per (country or topic, since).

    Chats that follow the same schedule come due in the same tick with the same last digest time, so
    a tick reads each country's and topic's newest stories once instead of once per chat.
    """

    def __init__(self) -> None:
        self._loaded: dict[tuple[str, str, datetime, int], list[Article]] = {}
        self._weighed: dict[tuple[str, str, datetime, int], tuple[list[Article], dict[int, float]]] = {}

    async def get(self, db: Database, kind: str, value: str, since: datetime, wanted: int, now: datetime) -> list[Article]:
        key = (kind, value, since, wanted)
        if key not in self._loaded:
            found = await article_store.latest_tagged(db, kind, value, wanted, since=since)
            self._loaded[key] = rank_candidates(found, now)
        return self._loaded[key]

    async def important(self, db: Database, kind: str, value: str, since: datetime, wanted: int,
                        now: datetime) -> tuple[list[Article], dict[int, float]]:
        """For a digest covering several days: the stories with the most reports across them, and their importance."""
        key = (kind, value, since, wanted)
        if key not in self._weighed:
            scored = await important_tagged(db, kind, value, wanted, since=since, published_after=now - MAX_ITEM_AGE)
            self._weighed[key] = weigh_candidates(scored)
        return self._weighed[key]


def covers_from(chat: Chat, now: datetime) -> datetime:
    """Where the chat's next digest's news begins: its last digest; the first one covers the day before, or
    everything since the chat started following."""
    return chat.last_digest_at or min(chat.created_at, now - FIRST_DIGEST_LOOKBACK)


async def load_sections(
    db: Database, chat: Chat, now: datetime, per_section: int, cache: CandidateCache,
    subscriptions: list[Subscription] | None,
) -> list[SectionInput]:
    since = covers_from(chat, now)
    sections = []
    wanted = max(CANDIDATES_PER_SECTION, 2 * per_section)
    if subscriptions is None:
        subscriptions = await subscription_store.list_for_chat(db, chat.id)
    for subscription in subscriptions:
        keywords = KeywordFilter(subscription.include, subscription.exclude)
        if subscription.kind == "country":
            country = country_by_code(subscription.value)
            if country is None:
                continue
            heading, command = f"{country.flag} {country.name}", country.command
        else:
            topic = topic_by_key(subscription.value)
            if topic is None:
                continue
            heading, command = f"{topic.emoji} {topic.name}", topic.command
        if is_wide(since, now):  # a week's newest stories are its last few hours
            candidates, importance = await cache.important(db, subscription.kind, subscription.value, since, wanted, now)
            sections.append(SectionInput(heading, command, candidates, keywords, importance))
            continue
        candidates = await cache.get(db, subscription.kind, subscription.value, since, wanted, now)
        sections.append(SectionInput(heading, command, candidates, keywords))
    return sections


def expandable(entries: Sequence[DigestEntry]) -> list[int]:
    """The numbers of the items with a longer summary to show: "More ▸" on the others would only say so."""
    return [e.number for e in entries if len(e.article.long_summary) > len(e.article.summary)]


def more_buttons(digest_id: int, part: int, numbers: list[int], expanded: int | None = None,
                 leftovers: Sequence[tuple[int, str]] = ()) -> dict | None:
    """A "3 · Longer summary ▸" button per item (ids only, well under 64 bytes of callback_data), two a row, and
    "3 · Shorter summary ▴" for the item shown long (a bare "More ▸ 3" read as a riddle); below them a button a row for each section's leftovers, as (the number of
    the item its "and N more" follows, its label): the Bot API's InlineKeyboardMarkup as the plain dict PTB's
    to_dict() gives, built directly (PTB's objects cost the tick more than planning the digest)."""
    if not numbers and not leftovers:
        return None
    buttons = [{"callback_data": f"less:{digest_id}:{part}:{n}", "text": f"{n} · Shorter summary ▴"} if n == expanded
               else {"callback_data": f"more:{digest_id}:{part}:{n}", "text": f"{n} · Longer summary ▸"} for n in numbers]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows += [[{"callback_data": f"left:{digest_id}:{n}:0", "text": label}] for n, label in leftovers]
    return {"inline_keyboard": rows}


@dataclass(frozen=True)
class DigestJob:
    """One chat's digest, loaded and ready for the transaction that plans and queues it."""
    chat: Chat
    sections: list[SectionInput]
    per_section: int
    send_empty: bool
    # "Nothing new" only if not said since the last news: a scheduled hourly digest said it every hour, all night
    once_until_news: bool = False


async def compose_for_chats(
    db: Database, chats: Sequence[Chat], now: datetime, *, per_section: int, cache: CandidateCache,
    subscriptions: dict[int, list[Subscription]], bot_username: str = "",
) -> list[DigestOutcome]:
    """Compose and queue the due digests of several chats (distinct ids) in one transaction: all of
    them are queued, or none (then they stay due and the next tick redoes them). `bot_username`: for the
    links a channel's digest gives instead of commands."""
    jobs = [await _job(db, chat, now, per_section, None, cache, subscriptions.get(chat.id, [])) for chat in chats]
    return await db.run_sync(partial(_plan_and_queue, jobs=jobs, now=now, move_schedule=True,
                                     more_links=start_links(bot_username)))


async def compose_for_chat(
    db: Database, chat: Chat, now: datetime, *, per_section: int, send_when_empty: bool | None = None,
    move_schedule: bool = True, bot_username: str = "",
) -> DigestOutcome:
    """Compose and queue one chat's digest ("/digest now", with move_schedule=False)."""
    job = await _job(db, chat, now, per_section, send_when_empty, CandidateCache(), None)
    [outcome] = await db.run_sync(partial(_plan_and_queue, jobs=[job], now=now, move_schedule=move_schedule,
                                          more_links=start_links(bot_username)))
    return outcome


def start_links(bot_username: str) -> str | None:
    """The bot's deep link to a digest section's leftovers (handlers.digest_leftovers: t.me/<bot>?start=more_12_6
    shows what digest 12's section left after its item 6), with "{digest}" and "{number}" to fill in; None without a
    username."""
    return f"https://t.me/{bot_username}?start=more_{{digest}}_{{number}}" if bot_username else None


async def _job(
    db: Database, chat: Chat, now: datetime, per_section: int, send_when_empty: bool | None, cache: CandidateCache,
    subscriptions: list[Subscription] | None,
) -> DigestJob:
    per_section = chat.items_per_section or per_section
    sections = await load_sections(db, chat, now, per_section, cache, subscriptions)
    return DigestJob(chat, sections, per_section, chat.send_empty if send_when_empty is None else send_when_empty,
                     once_until_news=send_when_empty is None and chat.cadence == "hourly")


def _plan_and_queue(
    conn: sqlite3.Connection, *, jobs: list[DigestJob], now: datetime, move_schedule: bool, more_links: str | None,
) -> list[DigestOutcome]:
    """On the database thread, in one transaction and one hop: what the chats have already had (one
    read for all of them), each chat's plan, and its writes. The delivery log is read in the
    transaction that records the new deliveries, so a push confirmed meanwhile cannot slip a story in
    twice; a chat's writes touch only its own log, so reading the batch's log first is the same."""
    delivered = delivered_to_chats(conn, {job.chat.id: {a.story_id for s in job.sections for a in s.candidates}
                                          for job in jobs})
    return [_plan_and_queue_one(conn, job, delivered[job.chat.id], now, move_schedule, more_links) for job in jobs]


def _plan_and_queue_one(
    conn: sqlite3.Connection, job: DigestJob, delivered: set[int], now: datetime, move_schedule: bool,
    more_links: str | None,
) -> DigestOutcome:
    chat = job.chat
    plan = plan_digest(job.sections, delivered, now, per_section=job.per_section)
    if move_schedule:
        if not claim_digest(conn, chat.id, chat.next_digest_at, next_due(schedule_of(chat), now), now):
            return DigestOutcome(chat.id, 0, 0)
    else:
        set_last_digest(conn, chat.id, now)
    send_empty = job.send_empty and not (job.once_until_news and nothing_new_told(conn, chat.id))
    queued = _queue(conn, chat, plan, now, send_empty, more_links)
    if queued:
        set_nothing_new_told(conn, chat.id, plan.empty)
    record_deliveries(conn, chat.id, plan.stories, "digest", now)
    return DigestOutcome(chat.id, len(queued), len(plan.stories), queued)


def _queue(
    conn: sqlite3.Connection, chat: Chat, plan: DigestPlan, now: datetime, send_empty: bool, more_links: str | None,
) -> tuple[int, ...]:
    """The outbox ids of the messages queued."""
    if plan.empty:
        if not send_empty:
            return ()
        since = since_moment(covers_from(chat, now), ZoneInfo(chat.timezone), now)
        return (enqueue_in(conn, chat_id=chat.id, kind="digest", now=now,  # "today" was wrong for hourly and weekly digests
                           message=OutgoingMessage(f"{DIGEST_HEADER}\n\nNothing new since {since}.",
                                                   message_thread_id=chat.topic_id)),)
    digest_id = create_digest(conn, chat.id, now, covers_from(chat, now))
    # "and 7 more" leads to what the section left: a channel's readers by a link to the bot (they cannot tap a
    # button there without rewriting the post for all), others by a button under the message.
    channel = chat.type == "channel"
    links = more_links.format(digest=digest_id, number="{number}") if channel and more_links else None
    rendered = render_digest(plan, now, ZoneInfo(chat.timezone), more_links=links, more_buttons=not channel)
    items, left, queued, heading = [], [], [], ""
    for part, (text, entries) in enumerate(rendered):
        part_left = []
        for entry in entries:  # a long section may begin in the message before
            heading = entry.heading or heading
            if entry.left:
                part_left.append(Leftovers(digest_id, entry.number, heading, tuple(a.id for a in entry.left)))
        left += part_left
        # A tap edits the message itself: in a channel that is the post every subscriber sees, for all of them.
        markup = None if channel else more_buttons(digest_id, part, expandable(entries), leftovers=[
            (lo.number, leftovers_label(lo.heading, len(lo.article_ids))) for lo in part_left])
        queued.append(enqueue_in(conn, chat_id=chat.id, kind="digest", now=now,
                                 message=OutgoingMessage(text, markup, message_thread_id=chat.topic_id),
                                 digest_part=(digest_id, part)))
        items += [DigestItem(part, e.number, e.article.id, e.heading, e.more_line) for e in entries]
    add_items(conn, digest_id, items)
    add_leftovers(conn, left)
    return tuple(queued)
