"""A country's or topic's most important stories over a stretch of days, for a digest that covers them (a weekly
one, a Monday catch-up): the newest stories of a week are only its last few hours."""
from __future__ import annotations

from datetime import datetime

from news.models import Article
from storage.articles import _ARTICLE_COLUMNS, _TAGS, _one_per_story
from storage.db import Database
from storage.held import NOT_HELD
from storage.timefmt import to_db


async def important_tagged(
    db: Database, kind: str, value: str, limit: int, *, since: datetime, published_after: datetime,
) -> list[tuple[Article, float]]:
    """Up to `limit` stories tagged with a country code or topic key, ingested at or after `since` and published
    after `published_after`, those with the most reports about it first (then the most salient): each as its newest
    such report, with the best salience (or topic score, 0 to 1) any of its reports has."""
    table, column, score = _TAGS[kind]
    ranked = await db.fetchall(
        f"""select a.story_id, max(t.{score}) as best
            from {table} t
            join articles a on a.id = t.article_id
            where t.{column} = ?
              and a.ingested_at >= ?
              and a.published_at >= ?
              and {NOT_HELD}
            group by a.story_id
            order by count(*) desc, best desc, max(a.published_at) desc
            limit ?""",
        (value, to_db(since), to_db(published_after), limit),
    )
    if not ranked:
        return []
    best = {story_id: float(salience) for story_id, salience in ranked}
    marks = ",".join("?" * len(best))
    rows = await db.fetchall(
        f"""select {_ARTICLE_COLUMNS}
            from {table} t
            join articles a on a.id = t.article_id
            where t.{column} = ?
              and a.story_id in ({marks})
              and a.ingested_at >= ?
              and a.published_at >= ?
              and {NOT_HELD}
            order by a.published_at desc, t.{score} desc, a.id desc""",
        (value, *best, to_db(since), to_db(published_after)),
    )
    stories = {a.story_id: a for a in await _one_per_story(db, rows, len(best))}
    return [(stories[story_id], salience) for story_id, salience in best.items() if story_id in stories]
