"""Articles, their countries/topics, story bands and full-text search."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import aiosqlite

from news.models import Article, ProcessedArticle
from storage.db import Database
from storage.timefmt import from_db, to_db

SaveStatus = Literal["added", "updated", "duplicate"]


@dataclass(frozen=True)
class SaveResult:
    status: SaveStatus
    article_id: int
    story_id: int


@dataclass(frozen=True)
class StoryCandidate:
    article_id: int
    story_id: int
    fingerprint: int


def _to_signed(value: int) -> int:
    """SQLite integers are signed 64-bit; fingerprints are unsigned."""
    return value - (1 << 64) if value >= (1 << 63) else value


def _to_unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


async def find_existing(
    db: Database, *, url: str | None, guid: str | None, feed_id: int | None, content_hash: str
) -> tuple[int, str, str] | None:
    """The stored article this one repeats or edits: (id, content_hash, match) where match is
    'identity' (same GUID or URL: an edit or a re-poll) or 'content' (same text elsewhere)."""
    if guid is not None and feed_id is not None:
        row = await db.fetchone("select id, content_hash from articles where feed_id = ? and guid = ?", (feed_id, guid))
        if row:
            return row[0], row[1], "identity"
    if url is not None:
        row = await db.fetchone("select id, content_hash from articles where url = ?", (url,))
        if row:
            return row[0], row[1], "identity"
    row = await db.fetchone("select id, content_hash from articles where content_hash = ?", (content_hash,))
    return (row[0], row[1], "content") if row else None


async def story_candidates(db: Database, band_keys: list[int], since: datetime) -> list[StoryCandidate]:
    if not band_keys:
        return []
    marks = ",".join("?" * len(band_keys))
    rows = await db.fetchall(
        f"""select distinct a.id, a.story_id, a.fingerprint
            from article_bands b
            join articles a on a.id = b.article_id
            where b.band_key in ({marks})
              and a.published_at >= ?""",
        (*band_keys, to_db(since)),
    )
    return [StoryCandidate(r[0], r[1], _to_unsigned(r[2])) for r in rows]


async def insert_article(
    db: Database,
    article: ProcessedArticle,
    *,
    story_id: int | None,
    band_keys: list[int],
    feed_id: int | None,
    now: datetime,
) -> SaveResult:
    """Insert an article with its tags and bands in one transaction; a new story when story_id is None."""
    async with db.atomic() as conn:
        cursor = await conn.execute(
            """insert into articles (url, guid, feed_id, content_hash, title, body, summary, long_summary,
                                     source, story_id, fingerprint, published_at, ingested_at)
               values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                article.url, article.guid, feed_id, article.content_hash, article.title, article.body,
                article.summary, article.long_summary, article.source, story_id,
                _to_signed(article.fingerprint), to_db(article.published_at), to_db(now),
            ),
        )
        article_id = cursor.lastrowid
        assert article_id is not None
        if story_id is None:
            story_id = article_id
            await conn.execute("update articles set story_id = ? where id = ?", (story_id, article_id))
        await _write_tags(conn, article_id, article, band_keys)
    return SaveResult("added", article_id, story_id)


async def update_article(db: Database, article_id: int, article: ProcessedArticle, band_keys: list[int], now: datetime) -> SaveResult:
    """An edited item (same GUID or URL, new text) replaces the stored one in place."""
    async with db.atomic() as conn:
        await conn.execute(
            """update articles
               set content_hash = ?, title = ?, body = ?, summary = ?, long_summary = ?,
                   fingerprint = ?, updated_at = ?
               where id = ?""",
            (
                article.content_hash, article.title, article.body, article.summary, article.long_summary,
                _to_signed(article.fingerprint), to_db(now), article_id,
            ),
        )
        for table in ("article_countries", "article_topics", "article_bands"):
            await conn.execute(f"delete from {table} where article_id = ?", (article_id,))
        await _write_tags(conn, article_id, article, band_keys)
        row = await (await conn.execute("select story_id from articles where id = ?", (article_id,))).fetchone()
    return SaveResult("updated", article_id, row[0])


async def _write_tags(conn: aiosqlite.Connection, article_id: int, article: ProcessedArticle, band_keys: list[int]) -> None:
    await conn.executemany(
        "insert into article_countries (article_id, country_code, salience) values (?, ?, ?)",
        [(article_id, c.code, c.salience) for c in article.countries],
    )
    await conn.executemany(
        "insert into article_topics (article_id, topic, score) values (?, ?, ?)",
        [(article_id, t.topic, t.score) for t in article.topics],
    )
    await conn.executemany(
        "insert or ignore into article_bands (band_key, article_id) values (?, ?)",
        [(key, article_id) for key in band_keys],
    )


_ARTICLE_COLUMNS = """a.id, a.title, a.summary, a.long_summary, a.source, a.url, a.published_at, a.story_id,
    (select group_concat(country_code) from (select country_code from article_countries
        where article_id = a.id order by salience desc)) as countries,
    (select group_concat(topic) from (select topic from article_topics
        where article_id = a.id order by score desc)) as topics"""


def _article(row: aiosqlite.Row) -> Article:
    return Article(
        id=row["id"],
        title=row["title"],
        summary=row["summary"],
        long_summary=row["long_summary"],
        source=row["source"],
        url=row["url"],
        published_at=from_db(row["published_at"]),
        story_id=row["story_id"],
        countries=tuple(row["countries"].split(",")) if row["countries"] else (),
        topics=tuple(row["topics"].split(",")) if row["topics"] else (),
    )


async def _one_per_story(db: Database, rows: list[aiosqlite.Row], limit: int) -> list[Article]:
    """Keep the first (newest) article of each story and count the story's other sources."""
    seen: dict[int, Article] = {}
    for row in rows:
        if row["story_id"] not in seen:
            seen[row["story_id"]] = _article(row)
        if len(seen) == limit:
            break
    if not seen:
        return []
    marks = ",".join("?" * len(seen))
    counts = {
        r[0]: (r[1], r[2])
        for r in await db.fetchall(
            f"select story_id, count(*), group_concat(distinct source) from articles "
            f"where story_id in ({marks}) group by story_id",
            list(seen),
        )
    }
    result = []
    for story_id, article in seen.items():
        count, sources = counts.get(story_id, (1, article.source))
        others = tuple(s for s in (sources or "").split(",") if s and s != article.source)
        result.append(
            Article(**{**article.__dict__, "sources_in_story": count, "extra_sources": others})
        )
    return result


async def latest(db: Database, limit: int) -> list[Article]:
    rows = await db.fetchall(
        f"select {_ARTICLE_COLUMNS} from articles a order by a.published_at desc, a.id desc limit ?",
        (limit * 4,),
    )
    return await _one_per_story(db, rows, limit)


async def latest_for_country(db: Database, code: str, limit: int) -> list[Article]:
    rows = await db.fetchall(
        f"""select {_ARTICLE_COLUMNS}
            from article_countries c
            join articles a on a.id = c.article_id
            where c.country_code = ?
            order by a.published_at desc, c.salience desc, a.id desc
            limit ?""",
        (code, limit * 4),
    )
    return await _one_per_story(db, rows, limit)


async def latest_for_topic(db: Database, topic: str, limit: int) -> list[Article]:
    rows = await db.fetchall(
        f"""select {_ARTICLE_COLUMNS}
            from article_topics t
            join articles a on a.id = t.article_id
            where t.topic = ?
            order by a.published_at desc, t.score desc, a.id desc
            limit ?""",
        (topic, limit * 4),
    )
    return await _one_per_story(db, rows, limit)


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """User text → a safe FTS5 query: every word quoted (no operators from input), all must match."""
    words = _WORD.findall(text)
    return " ".join(f'"{w}"' for w in words[:12]) if words else None


async def search(db: Database, text: str, limit: int) -> list[Article]:
    query = fts_query(text)
    if query is None:
        return []
    rows = await db.fetchall(
        f"""select {_ARTICLE_COLUMNS}
            from articles_fts f
            join articles a on a.id = f.rowid
            where articles_fts match ?
            order by bm25(articles_fts, 5.0, 1.0), a.published_at desc
            limit ?""",
        (query, limit * 4),
    )
    return await _one_per_story(db, rows, limit)


async def get_article(db: Database, article_id: int) -> Article | None:
    row = await db.fetchone(f"select {_ARTICLE_COLUMNS} from articles a where a.id = ?", (article_id,))
    return _article(row) if row else None


async def count_articles(db: Database) -> int:
    row = await db.fetchone("select count(*) from articles")
    return int(row[0]) if row else 0
