"""Articles held from readers while a breaking draft awaits its admin's confirmation
(migrations/120_held_articles.sql): stored, shown in the preview, but in no list, search or digest and
joined by no other article until storage.broadcasts.start releases them or discard_draft deletes them."""
from __future__ import annotations

import sqlite3

# For readers' queries over `articles a`: the article is not held.
NOT_HELD = "a.id not in (select article_id from held_articles)"


def hold(conn: sqlite3.Connection, article_id: int) -> None:
    """On an open transaction: the one that stores the article, so readers never see it in between."""
    conn.execute("insert or ignore into held_articles (article_id) values (?)", (article_id,))


def release(conn: sqlite3.Connection, article_id: int) -> None:
    """On an open transaction: the article is news (a feed carries it too), whatever becomes of a draft."""
    conn.execute("delete from held_articles where article_id = ?", (article_id,))
