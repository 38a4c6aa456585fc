"""The search index follows every stored article: new ones, edits, and those stored by older versions."""
from __future__ import annotations

import random
from datetime import datetime, timezone
from pathlib import Path

import pytest

from ingest.store import store_raw
from news.models import RawArticle
from storage import articles, open_database
from storage.db import bundled_migrations
from storage.search_query import parse_search
from tests.news.news_texts import seed_raw

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
URL = "https://example.org/pompeo-rabat"


async def _titles(db, words: str) -> list[str]:
    return [a.title for a in await articles.search(db, words, 5, now=NOW)]


async def test_an_edit_replaces_the_words_search_finds(tmp_path: Path) -> None:
    db = await open_database(tmp_path / "news.db")
    try:
        title, text = seed_raw()
        await store_raw(db, RawArticle(title=title, text=text, url=URL), NOW)
        assert len(await _titles(db, "Bourita")) == 1
        edited = text.replace("Nasser Bourita", "Nasser Bourita's deputy Mounia Boucetta")
        _, saved = await store_raw(db, RawArticle(title=title, text=edited.replace("Polisario", "separatist"), url=URL), NOW)
        assert saved.status == "updated"
        assert len(await _titles(db, "Boucetta")) == 1
        assert await _titles(db, "Polisario") == []
        assert len(await _titles(db, "Bourita")) == 1  # once, not once per version
    finally:
        await db.close()


async def test_articles_stored_before_the_index_moved_into_code_stay_findable(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    older = [m for m in bundled_migrations() if m.version < 50]
    db = await open_database(path, older)  # as the previous release left it: indexed by trigger
    await db.execute(
        """insert into articles (content_hash, title, body, summary, published_at, ingested_at)
           values ('h1', 'Atlas villages rebuild', 'Masons in Amizmiz rebuild homes.', '', ?, ?)""",
        (NOW.isoformat(), NOW.isoformat()),
    )
    await db.close()
    db = await open_database(path)
    try:
        title, text = seed_raw()
        await store_raw(db, RawArticle(title=title, text=text, url=URL), NOW)
        assert await _titles(db, "Amizmiz") == ["Atlas villages rebuild"]
        assert len(await _titles(db, "Bourita")) == 1
        assert await _titles(db, "Masons Bourita") == []
    finally:
        await db.close()


async def test_articles_indexed_before_word_forms_are_found_by_any_form(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = await open_database(path, [m for m in bundled_migrations() if m.version < 130])
    article_id = await db.execute(
        """insert into articles (content_hash, title, body, summary, published_at, ingested_at)
           values ('h1', 'Atlas villages rebuild', 'Masons in Amizmiz rebuild homes after the earthquakes.', '', ?, ?)""",
        (NOW.isoformat(), NOW.isoformat()),
    )
    await db.execute(  # as save_article indexed it then
        "insert into articles_fts (rowid, title, body) select id, title, body from articles where id = ?", (article_id,)
    )
    found = await db.fetchall("select rowid from articles_fts where articles_fts match 'earthquake'")
    assert found == []  # the old index knew only the exact word
    await db.close()
    db = await open_database(path)
    try:
        assert await _titles(db, "earthquake rebuilding") == ["Atlas villages rebuild"]
        assert await _titles(db, "Earthquakes -mason") == []
        await db.execute("update articles set body = 'Masons in Amizmiz rebuild homes.' where id = ?", (article_id,))
        assert await _titles(db, "earthquake") == []  # the edit took the old words out of the index
        assert await _titles(db, "masonry OR homes") == ["Atlas villages rebuild"]
    finally:
        await db.close()


def _noise(rng: random.Random) -> str:
    pieces = ['"', "“", "”", "(", ")", "*", ":", "^", "+", "-", "{", "}", ",", ".", "'", "NEAR", "OR", "AND", "NOT",
              "|", "earthquake", "Amizmiz", "é", "_", "0", " ", " ", " "]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))


async def test_no_user_text_is_an_fts_syntax_error(tmp_path: Path) -> None:
    db = await open_database(tmp_path / "news.db")
    try:
        title, text = seed_raw()
        await store_raw(db, RawArticle(title=title, text=text, url=URL), NOW)
        rng = random.Random(110)
        for query in ['"', '""', "-", "OR", "NOT NOT", "a OR", "(", "*", "NEAR(a b)", "title:x", '-"', "“”",
                      *(_noise(rng) for _ in range(500))]:
            await articles.search(db, query, 5, now=NOW)  # sqlite3.OperationalError ('fts5: syntax error') otherwise
    finally:
        await db.close()


@pytest.mark.parametrize(("text", "match"), [
    pytest.param("Earthquake Marrakesh", '"Earthquake" AND "Marrakesh"', id="words"),
    pytest.param('"dam collapse" OR floods', '("dam collapse" OR "floods")', id="phrase-or-word"),
    pytest.param("quake -Morocco NOT “Al Haouz”", '("quake") NOT ("Morocco" OR "Al Haouz")', id="exclusions"),
    pytest.param("covid-19 +vaccine", '"covid 19" AND "vaccine"', id="word-parts-stay-together"),
    pytest.param('"OR" "NOT"', '"OR" AND "NOT"', id="quoted-operators-are-words"),
    pytest.param("-Morocco", None, id="only-exclusions"),
])
def test_user_text_becomes_an_fts_query_of_quoted_words(text: str, match: str | None) -> None:
    assert parse_search(text).match == match


async def test_todays_report_comes_before_an_old_one_that_matches_a_little_better(tmp_path: Path) -> None:
    """A reader searching "earthquake" wants this week's quake first, not one from two years ago whose headline
    happens to hold the word as well."""
    db = await open_database(tmp_path / "news.db")
    try:
        old = RawArticle(title="Earthquake in the Atlas: two years on", url="https://example.org/atlas-2024",
                         text="Two years after the earthquake, villages in the Atlas are still being rebuilt by Moroccan crews.",
                         published=datetime(2024, 11, 20, 9, 0, tzinfo=timezone.utc))
        new = RawArticle(title="Strong tremor shakes Agadir overnight", url="https://example.org/agadir-today",
                         text="A magnitude 5.9 earthquake shook Agadir overnight, Morocco's geophysics institute said.",
                         published=NOW)
        for raw in (old, new):
            await store_raw(db, raw, NOW)
        assert await _titles(db, "earthquake") == [new.title, old.title]
    finally:
        await db.close()


@pytest.mark.parametrize("words", ["U.S.", "US", "U.S", "u.s. sanctions"])
async def test_an_abbreviation_finds_it_with_or_without_its_dots(tmp_path: Path, words: str) -> None:
    db = await open_database(tmp_path / "news.db")
    try:
        dotted = RawArticle(title="U.S. widens sanctions on Iranian drone makers", url="https://example.org/dotted",
                            text="The U.S. Treasury added eleven companies to its sanctions list on Tuesday, officials said.")
        plain = RawArticle(title="US sanctions hit shipping firms", url="https://example.org/plain",
                           text="The US Treasury named four shipping firms in new sanctions on Wednesday, officials said.")
        for raw in (dotted, plain):
            await store_raw(db, raw, NOW)
        assert sorted(await _titles(db, words)) == sorted([dotted.title, plain.title])
    finally:
        await db.close()
