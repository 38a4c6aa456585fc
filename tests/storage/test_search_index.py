"""The search index follows every stored article: new ones, edits, and those stored by older versions."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from ingest.store import store_raw
from news.models import RawArticle
from storage import articles, open_database
from storage.db import bundled_migrations
from tests.news.news_texts import seed_raw

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
URL = "https://example.org/pompeo-rabat"


async def _titles(db, words: str) -> list[str]:
    return [a.title for a in await articles.search(db, words, 5)]


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
