"""Articles, their countries/topics, story bands and full-text search."""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import aiosqlite

from news.models import Article, ProcessedArticle
from storage.db import Database
from storage.held import NOT_HELD
from storage.search_query import SearchQuery, parse_search
from storage.timefmt import from_db, to_db

SaveStatus = Literal["added", "updated", "duplicate"]
ROWS_PER_STORY = 4  # rows read per story wanted, at first: most stories have one article or two
HEADLINE_CANDIDATES = 20  # the newest headline matches checked; a burst of reports rarely has more


@dataclass(frozen=True)
class SaveResult:
    status: SaveStatus
    article_id: int
    story_id: int


def _to_signed(value: int) -> int:
    """SQLite integers are signed 64-bit; fingerprints are unsigned."""
    return value - (1 << 64) if value >= (1 << 63) else value


def _to_unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


def save_article(
    conn: sqlite3.Connection,
    article: ProcessedArticle,
    *,
    band_keys: list[int],
    probe_keys: list[int],
    same_story: Callable[[int, str], bool],
    story_since: datetime,
    feed_id: int | None,
    now: datetime,
    headline_terms: Sequence[str] = (),
    same_headline: Callable[[str, str], bool] | None = None,
    headline_window: tuple[datetime, datetime] | None = None,
) -> SaveResult:
    """Store one article with its tags (run through Database.run_sync: one transaction, one hop).

    The same GUID or URL with new text is an edit and updates the stored article in place; the same
    text under another URL is a duplicate. A new article joins the first recent story with an article
    whose fingerprint and headline `same_story` accepts; failing that, the newest story opened within
    `headline_window` by another source whose opening headline `same_headline` accepts (another outlet's
    report of the same news, news.events; one outlet's own headlines alike are a series, not one story:
    "X vs. Y Livestream: How to Watch NFL Week 1"); else it starts its own. Headlines are matched with a
    story's first report only, so that a story cannot drift from headline to headline to other news.

    Fingerprint candidates are the articles with a stored band key among `probe_keys`; the article's own
    `band_keys` are stored (news.stories explains both). Headline candidates are the first reports that
    stored two or more of `headline_terms` (the headline's rarest words); an article that starts a story
    stores its own.
    """
    existing = conn.execute(
        """select id, content_hash, story_id,
                  (feed_id is ? and guid = ?) or url = ? as same_identity
           from articles
           where (feed_id is ? and guid = ?) or url = ? or content_hash = ?
           order by same_identity desc
           limit 1""",
        (feed_id, article.guid, article.url, feed_id, article.guid, article.url, article.content_hash),
    ).fetchone()
    if existing is not None:
        article_id, stored_hash, story_id, same_identity = existing
        if same_identity and stored_hash != article.content_hash:
            _update(conn, article_id, article, band_keys, now)
            if story_id == article_id:  # an edited first report: later reports match its new headline
                conn.execute("delete from story_headlines where article_id = ?", (article_id,))
                _write_headline_terms(conn, article_id, article, headline_terms)
            return SaveResult("updated", article_id, story_id)
        return SaveResult("duplicate", article_id, story_id)
    # The id is chosen here as SQLite would choose it (the largest + 1), so that an article starting its
    # own story names itself in the insert: setting story_id afterwards rewrote the whole multi-page row.
    article_id = (conn.execute("select max(id) from articles").fetchone()[0] or 0) + 1  # max() alone uses the rowid
    story_id = _matching_story(conn, probe_keys, same_story, story_since)
    if story_id is None and same_headline is not None and headline_window is not None:
        story_id = _matching_headline(conn, article, headline_terms, same_headline, headline_window)
    if story_id is None:
        story_id = article_id
    conn.execute(
        """insert into articles (id, url, guid, feed_id, content_hash, title, body, summary, long_summary,
                                 source, story_id, fingerprint, published_at, ingested_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            article_id, article.url, article.guid, feed_id, article.content_hash, article.title, article.body,
            article.summary, article.long_summary, article.source, story_id,
            _to_signed(article.fingerprint), to_db(article.published_at), to_db(now),
        ),
    )
    conn.execute(  # not by trigger: see migrations/050_fts_insert_in_code.sql
        "insert into articles_fts (rowid, title, body) values (?, ?, ?)", (article_id, article.title, article.body)
    )
    _write_tags(conn, article_id, article, band_keys)
    if story_id == article_id:
        _write_headline_terms(conn, article_id, article, headline_terms)
    return SaveResult("added", article_id, story_id)


def _write_headline_terms(
    conn: sqlite3.Connection, article_id: int, article: ProcessedArticle, terms: Sequence[str]
) -> None:
    conn.executemany(
        "insert or ignore into story_headlines (term, published_at, article_id) values (?, ?, ?)",
        [(term, to_db(article.published_at), article_id) for term in terms],
    )


def _matching_story(
    conn: sqlite3.Connection, probe_keys: list[int], same_story: Callable[[int, str], bool], since: datetime,
) -> int | None:
    if not probe_keys:
        return None
    marks = ",".join("?" * len(probe_keys))
    rows = conn.execute(
        f"""select distinct a.story_id, a.fingerprint, a.title
            from article_bands b
            join articles a on a.id = b.article_id
            where b.band_key in ({marks})
              and a.published_at >= ?
              and {NOT_HELD}
            order by a.id""",
        (*probe_keys, to_db(since)),
    ).fetchall()
    return next((story for story, stored, title in rows if same_story(_to_unsigned(stored), title)), None)


def _matching_headline(
    conn: sqlite3.Connection, article: ProcessedArticle, terms: Sequence[str],
    same_headline: Callable[[str, str], bool], window: tuple[datetime, datetime],
) -> int | None:
    if len(terms) < 2:
        return None
    marks = ",".join("?" * len(terms))
    rows = conn.execute(
        f"""select a.story_id, a.title
            from articles a
            where a.id in (select article_id from story_headlines
                           where term in ({marks}) and published_at between ? and ?
                           group by article_id having count(*) >= 2)
              and a.source is not ?
              and {NOT_HELD}
            order by a.published_at desc, a.id desc
            limit {HEADLINE_CANDIDATES}""",
        (*terms, *map(to_db, window), article.source),
    ).fetchall()
    return next((story for story, other in rows if same_headline(article.title, other)), None)


def _update(conn: sqlite3.Connection, article_id: int, article: ProcessedArticle, band_keys: list[int], now: datetime) -> None:
    conn.execute(
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
        conn.execute(f"delete from {table} where article_id = ?", (article_id,))
    _write_tags(conn, article_id, article, band_keys)


def _write_tags(conn: sqlite3.Connection, article_id: int, article: ProcessedArticle, band_keys: list[int]) -> None:
    conn.executemany(
        "insert into article_countries (article_id, country_code, salience) values (?, ?, ?)",
        [(article_id, c.code, c.salience) for c in article.countries],
    )
    conn.executemany(
        "insert into article_topics (article_id, topic, score) values (?, ?, ?)",
        [(article_id, t.topic, t.score) for t in article.topics],
    )
    conn.executemany(
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


async def _stories(db: Database, sql: str, params: tuple[object, ...], limit: int) -> list[Article]:
    """The first `limit` stories among the rows `sql` ranks (it ends in "limit ?", bound here), each by its
    first article, with the story's other sources counted.

    Rows are read ROWS_PER_STORY a story at first, and again four times as many while they are all
    taken by fewer stories than wanted: a story fifty outlets carry must not crowd the others out.
    """
    fetch = limit * ROWS_PER_STORY
    while True:
        rows = await db.fetchall(sql, (*params, fetch))
        if len(rows) < fetch or len({row["story_id"] for row in rows}) >= limit:
            return await _one_per_story(db, rows, limit)
        fetch *= 4


async def _one_per_story(db: Database, rows: list[aiosqlite.Row], limit: int) -> list[Article]:
    """Keep the first (newest) article of each story and count the story's other sources."""
    seen: dict[int, Article] = {}
    for row in rows:
        if row["story_id"] not in seen:
            seen[row["story_id"]] = _article(row)
        if len(seen) == limit:
            break
    return await _with_sources(db, list(seen.values()))


async def _with_sources(db: Database, articles: list[Article]) -> list[Article]:
    """The articles with their stories' other sources counted and named ("+2 sources: …"), as lists show them."""
    if not articles:
        return []
    story_ids = list({a.story_id for a in articles})
    marks = ",".join("?" * len(story_ids))
    members: dict[int, list[str]] = defaultdict(list)  # each story's sources, in the order they reported it
    for story_id, source in await db.fetchall(
        f"""select story_id, source from articles a
            where story_id in ({marks}) and {NOT_HELD}
            order by published_at, id""",
        story_ids,
    ):
        members[story_id].append(source)
    result = []
    for article in articles:
        sources = members.get(article.story_id, [article.source])
        others = tuple(dict.fromkeys(s for s in sources if s and s != article.source))
        result.append(
            Article(**{**article.__dict__, "sources_in_story": len(sources), "extra_sources": others})
        )
    return result


async def latest(db: Database, limit: int) -> list[Article]:
    return await _stories(
        db,
        f"select {_ARTICLE_COLUMNS} from articles a where {NOT_HELD} order by a.published_at desc, a.id desc limit ?",
        (),
        limit,
    )


# Tag tables by kind: (table, key column, score column) — fixed identifiers, never from input.
_TAGS = {"country": ("article_countries", "country_code", "salience"), "topic": ("article_topics", "topic", "score")}


async def latest_tagged(db: Database, kind: str, value: str, limit: int, *, since: datetime | None = None) -> list[Article]:
    """The newest stories tagged with a country code or topic key (one article per story),
    optionally only those ingested at or after `since`."""
    table, column, score = _TAGS[kind]
    return await _stories(
        db,
        f"""select {_ARTICLE_COLUMNS}
            from {table} t
            join articles a on a.id = t.article_id
            where t.{column} = ?
              and a.ingested_at >= ?
              and {NOT_HELD}
            order by a.published_at desc, t.{score} desc, a.id desc
            limit ?""",
        (value, to_db(since) if since else ""),
        limit,
    )


async def latest_for_country(db: Database, code: str, limit: int, *, since: datetime | None = None) -> list[Article]:
    return await latest_tagged(db, "country", code, limit, since=since)


async def latest_for_topic(db: Database, topic: str, limit: int, *, since: datetime | None = None) -> list[Article]:
    return await latest_tagged(db, "topic", topic, limit, since=since)


# Search ranks by relevance (bm25, the headline counting five times the body) weighed down by age: a story
# SEARCH_AGE_DAYS old counts half as much as today's, so a fresh report beats an old one that matches a little
# better, while a far better match from last week still comes first.
SEARCH_AGE_DAYS = 30.0


async def search(db: Database, query: SearchQuery | str, limit: int, *, now: datetime) -> list[Article]:
    """The best-matching stories (one article each) for a query or for user text (see parse_search), fresher
    ones first among those that match about as well."""
    match = (query if isinstance(query, SearchQuery) else parse_search(query)).match
    if match is None:
        return []
    return await _stories(
        db,
        f"""select {_ARTICLE_COLUMNS}
            from articles_fts f
            join articles a on a.id = f.rowid
            where articles_fts match ?
              and {NOT_HELD}
            order by bm25(articles_fts, 5.0, 1.0)
                     / (1.0 + max(0.0, julianday(?) - julianday(a.published_at)) / {SEARCH_AGE_DAYS}),
                     a.published_at desc
            limit ?""",
        (match, to_db(now)),
        limit,
    )


async def get_articles(db: Database, article_ids: list[int]) -> dict[int, Article]:
    """The articles by id, each with its story's other sources counted, as a digest shows them."""
    if not article_ids:
        return {}
    marks = ",".join("?" * len(article_ids))
    rows = await db.fetchall(f"select {_ARTICLE_COLUMNS} from articles a where a.id in ({marks})", article_ids)
    return {a.id: a for a in await _with_sources(db, [_article(r) for r in rows])}


async def get_article(db: Database, article_id: int) -> Article | None:
    row = await db.fetchone(f"select {_ARTICLE_COLUMNS} from articles a where a.id = ?", (article_id,))
    return _article(row) if row else None


async def get_body(db: Database, article_id: int) -> str | None:
    """The article's whole cleaned text (get_article leaves it out: lists show summaries)."""
    row = await db.fetchone("select body from articles where id = ?", (article_id,))
    return str(row[0]) if row else None


async def get_by_url(db: Database, url: str) -> Article | None:
    row = await db.fetchone(f"select {_ARTICLE_COLUMNS} from articles a where a.url = ?", (url,))
    return _article(row) if row else None


async def count_articles(db: Database) -> int:
    row = await db.fetchone("select count(*) from articles")
    return int(row[0]) if row else 0
