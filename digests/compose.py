"""Load what one chat's digest needs and turn it into queued messages, in one transaction.

The transaction queues the messages, records the stories as delivered and moves the chat's next due
time, so a crash before it commits sends nothing (the next tick redoes it) and a crash after it has
everything needed to send exactly once.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from news.countries import country_by_code
from news.digest import DigestPlan, KeywordFilter, SectionInput, plan_digest, rank_candidates, render_digest
from news.models import Article
from news.schedule import Schedule, next_due
from news.topics import topic_by_key
from storage import Database
from storage import articles as article_store
from storage import subscriptions as subscription_store
from storage.chats import Chat, claim_digest, set_last_digest
from storage.deliveries import delivered_among, record_deliveries
from storage.digests import add_items, create_digest
from storage.outbox import OutgoingMessage, enqueue_in
from storage.subscriptions import Subscription

FIRST_DIGEST_LOOKBACK = timedelta(days=1)
CANDIDATES_PER_SECTION = 40


def schedule_of(chat: Chat) -> Schedule:
    quiet = (chat.quiet_start, chat.quiet_end) if chat.quiet_start and chat.quiet_end else None
    return Schedule(chat.timezone, chat.digest_times or ("08:00",), chat.cadence, quiet)


@dataclass(frozen=True)
class DigestOutcome:
    chat_id: int
    messages: int
    stories: int


class CandidateCache:
    """One tick's candidate lists, read and ranked once per (country or topic, since).

    Chats that follow the same schedule come due in the same tick with the same last digest time, so
    a tick reads each country's and topic's newest stories once instead of once per chat.
    """

    def __init__(self) -> None:
        self._loaded: dict[tuple[str, str, datetime, int], list[Article]] = {}

    async def get(self, db: Database, kind: str, value: str, since: datetime, wanted: int, now: datetime) -> list[Article]:
        key = (kind, value, since, wanted)
        if key not in self._loaded:
            found = await article_store.latest_tagged(db, kind, value, wanted, since=since)
            self._loaded[key] = rank_candidates(found, now)
        return self._loaded[key]


async def load_sections(
    db: Database, chat: Chat, now: datetime, per_section: int, cache: CandidateCache | None = None,
    subscriptions: list[Subscription] | None = None,
) -> list[SectionInput]:
    # The first digest covers the day before, or everything since the chat started following.
    since = chat.last_digest_at or min(chat.created_at, now - FIRST_DIGEST_LOOKBACK)
    cache = cache or CandidateCache()
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
        candidates = await cache.get(db, subscription.kind, subscription.value, since, wanted, now)
        sections.append(SectionInput(heading, command, candidates, keywords))
    return sections


def more_buttons(digest_id: int, part: int, numbers: list[int]) -> dict | None:
    """One "More ▸ N" button per item (ids only, well under 64 bytes of callback_data)."""
    if not numbers:
        return None
    buttons = [InlineKeyboardButton(f"More ▸ {n}", callback_data=f"more:{digest_id}:{part}:{n}") for n in numbers]
    rows = [buttons[i : i + 5] for i in range(0, len(buttons), 5)]
    return InlineKeyboardMarkup(rows).to_dict()


async def compose_for_chat(
    db: Database, chat: Chat, now: datetime, *, per_section: int, send_when_empty: bool | None = None,
    move_schedule: bool = True, cache: CandidateCache | None = None, subscriptions: list[Subscription] | None = None,
) -> DigestOutcome:
    """Compose and queue one chat's digest (also used by "/digest now" with move_schedule=False)."""
    per_section = chat.items_per_section or per_section
    sections = await load_sections(db, chat, now, per_section, cache, subscriptions)
    send_empty = chat.send_empty if send_when_empty is None else send_when_empty
    return await db.run_sync(partial(
        _plan_and_queue, chat=chat, sections=sections, now=now, per_section=per_section, send_empty=send_empty,
        move_schedule=move_schedule,
    ))


def _plan_and_queue(
    conn: sqlite3.Connection, *, chat: Chat, sections: list[SectionInput], now: datetime, per_section: int,
    send_empty: bool, move_schedule: bool,
) -> DigestOutcome:
    """On the database thread, in one transaction and one hop: what the chat has already had, the plan,
    and its writes. The delivery log is read in the transaction that records the new deliveries, so a
    push confirmed meanwhile cannot slip a story in twice."""
    delivered = delivered_among(conn, chat.id, {a.story_id for s in sections for a in s.candidates})
    plan = plan_digest(sections, delivered, now, per_section=per_section)
    if move_schedule:
        if not claim_digest(conn, chat.id, chat.next_digest_at, next_due(schedule_of(chat), now), now):
            return DigestOutcome(chat.id, 0, 0)
    else:
        set_last_digest(conn, chat.id, now)
    messages = _queue(conn, chat, plan, now, send_empty)
    record_deliveries(conn, chat.id, plan.stories, "digest", now)
    return DigestOutcome(chat.id, messages, len(plan.stories))


def _queue(conn: sqlite3.Connection, chat: Chat, plan: DigestPlan, now: datetime, send_empty: bool) -> int:
    if plan.empty:
        if not send_empty:
            return 0
        enqueue_in(conn, chat_id=chat.id, kind="digest", now=now,
                   message=OutgoingMessage("🗞 <b>Your news digest</b>\n\nNothing new today."))
        return 1
    digest_id = create_digest(conn, chat.id, now)
    numbered = {n: a for n, a in enumerate(plan.items, start=1)}
    rendered = render_digest(plan, now)
    items = []
    for part, (text, numbers) in enumerate(rendered):
        markup = more_buttons(digest_id, part, numbers)
        enqueue_in(conn, chat_id=chat.id, kind="digest", now=now, message=OutgoingMessage(text, markup))
        items += [(part, n, numbered[n].id) for n in numbers]
    add_items(conn, digest_id, items)
    return len(rendered)
