"""Who a breaking push reaches: the chats its audience names that want it now, and how each gets it.

A chat is left out when it is not active, has breaking news turned off (/settings), is paused (/pause), or already
has the story (from a digest or an earlier push: a story is never sent to a chat twice). Of an audience of
countries and topics, a chat is in it through a subscription to one of them whose keyword filters let the item
through; a subscription without filters always does, and stays plain SQL, so a push to 100,000 such chats never
passes them through Python. A chat in its quiet hours gets the push silently (storage.broadcasts.start).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from storage.db import Database
from storage.timefmt import to_db

# (include, exclude) keywords of a subscription → whether they let the pushed item through (news.digest.KeywordFilter)
KeywordCheck = Callable[[tuple[str, ...], tuple[str, ...]], bool]
# (IANA zone, quiet start, quiet end) → whether those quiet hours are on at the moment of the push (news.schedule)
QuietCheck = Callable[[str, str, str], bool]


@dataclass(frozen=True)
class Audience:
    everyone: bool
    tags: tuple[tuple[str, str], ...]  # (kind, value) pairs: ('country', 'MA'), ('topic', 'politics')

    def to_json(self) -> str:
        return json.dumps({"everyone": self.everyone, "tags": [list(t) for t in self.tags]})

    @classmethod
    def from_json(cls, text: str) -> Audience:
        data = json.loads(text)
        return cls(bool(data["everyone"]), tuple((k, v) for k, v in data["tags"]))

    @property
    def digest(self) -> str:
        """A short fingerprint, carried in the Confirm button, so that a push goes to the audience it showed."""
        return hashlib.sha1(self.to_json().encode()).hexdigest()[:8]


@dataclass(frozen=True)
class Reach:
    """The push's audience at a moment, for one story, with the item's keyword check."""
    audience: Audience
    story_id: int
    now: datetime
    passes: KeywordCheck


@dataclass(frozen=True)
class Headcount:
    """What the preview says: who would get the push, and who is left out for having the story already."""
    recipients: int
    have_it: int  # would be in the audience, but already have the story
    have_it_via: frozenset[str]  # how they got it: 'digest', 'breaking'
    paused_or_off: int = 0  # in the audience, but paused (/pause) or with breaking news off
    filtered: int = 0  # following the audience, but every such subscription's keyword filters keep the item out


def _tags_clause(audience: Audience, prefix: str = "") -> tuple[str, dict[str, object]]:
    """The condition a subscription `s` to one of the audience's tags meets, with its named parameters."""
    clauses = " or ".join(f"(s.kind = :{prefix}kind{n} and s.value = :{prefix}value{n})" for n in range(len(audience.tags)))
    values: dict[str, object] = {}
    for n, (kind, value) in enumerate(audience.tags):
        values[f"{prefix}kind{n}"], values[f"{prefix}value{n}"] = kind, value
    return clauses, values


async def _filters_passed(db: Database, reach: Reach) -> list[int]:
    """The ids of the audience's subscriptions with keyword filters that let the item through (few: most have none)."""
    if reach.audience.everyone or not reach.audience.tags:
        return []
    clauses, values = _tags_clause(reach.audience)
    rows = await db.fetchall(
        f"""select s.id, s.include_keywords, s.exclude_keywords from subscriptions s
            where ({clauses}) and (s.include_keywords != '[]' or s.exclude_keywords != '[]')""", values)
    return [r[0] for r in rows if reach.passes(tuple(json.loads(r[1])), tuple(json.loads(r[2])))]


async def wanting_query(db: Database, reach: Reach) -> tuple[str, dict[str, object]]:
    """SQL selecting the chats the push's audience reaches that want it now (column `id`), whether or not they
    have its story already, with its named parameters (all prefixed `a_`, so a caller may add its own)."""
    wants = ("c.status = 'active' and c.breaking_alerts = 1 "
             "and (c.paused_until is null or c.paused_until <= :a_now)")
    parameters: dict[str, object] = {"a_now": to_db(reach.now)}
    audience = reach.audience
    if audience.everyone:
        return f"select c.id from chats c where {wants}", parameters
    if not audience.tags:
        return "select id from chats where 0", {}
    clauses, values = _tags_clause(audience, "a_")
    parameters.update(values)
    parameters["a_passed"] = json.dumps(await _filters_passed(db, reach))
    return (
        f"""select distinct c.id from subscriptions s join chats c on c.id = s.chat_id
            where {wants} and ({clauses})
              and ((s.include_keywords = '[]' and s.exclude_keywords = '[]')
                   or s.id in (select value from json_each(:a_passed)))""",
        parameters,
    )


# Of the chats a query of wanting_query selects (alias `a`), those without the push's story (parameter :story).
NOT_DELIVERED = "not exists (select 1 from deliveries d where d.chat_id = a.id and d.story_id = :story)"


async def headcount(db: Database, reach: Reach) -> Headcount:
    query, parameters = await wanting_query(db, reach)
    rows = await db.fetchall(
        f"""select d.via, count(*) from ({query}) a
            left join deliveries d on d.chat_id = a.id and d.story_id = :story
            group by d.via""",
        {**parameters, "story": reach.story_id})
    counts = {via: n for via, n in rows}
    have_it = sum(n for via, n in counts.items() if via is not None)
    paused_or_off, filtered = await _held_back(db, reach)
    return Headcount(counts.get(None, 0), have_it, frozenset(via for via in counts if via is not None), paused_or_off,
                     filtered)


async def _held_back(db: Database, reach: Reach) -> tuple[int, int]:
    """Of the active chats the audience names, those its readers' choices leave out: (paused or with breaking news
    off, filtered out by keywords). A chat paused and filtered both counts as paused, so the two add up."""
    audience = reach.audience
    if not audience.everyone and not audience.tags:
        return 0, 0
    off = "(c.breaking_alerts = 0 or (c.paused_until is not null and c.paused_until > :now))"
    if audience.everyone:
        row = await db.fetchone(f"select count(*) from chats c where c.status = 'active' and {off}", {"now": to_db(reach.now)})
        return (row[0] if row else 0), 0
    clauses, values = _tags_clause(audience)
    row = await db.fetchone(
        f"""select coalesce(sum(held_off), 0), coalesce(sum(not held_off and not passes), 0)
            from (select {off} as held_off,
                         max((s.include_keywords = '[]' and s.exclude_keywords = '[]')
                             or s.id in (select value from json_each(:passed))) as passes
                  from subscriptions s join chats c on c.id = s.chat_id
                  where c.status = 'active' and ({clauses})
                  group by c.id)""",
        {**values, "now": to_db(reach.now), "passed": json.dumps(await _filters_passed(db, reach))})
    return (row[0], row[1]) if row else (0, 0)


async def quiet_now(db: Database, quiet: QuietCheck) -> list[str]:
    """The quiet hours on now, each as its key "zone start end": chats share few such settings, so each is checked
    once however many chats have it, and the push's SQL marks the chats whose key is among them."""
    rows = await db.fetchall(
        """select distinct timezone, quiet_start, quiet_end from chats
           where status = 'active' and quiet_start is not null and quiet_end is not null""")
    return [f"{zone} {start} {end}" for zone, start, end in rows if quiet(zone, start, end)]


QUIET_KEY = "(c.timezone || ' ' || c.quiet_start || ' ' || c.quiet_end)"
