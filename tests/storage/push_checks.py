"""The checks Confirm hands storage.broadcasts.start (handlers.breaking.confirm), for tests that start a push
straight through storage: the item against each subscription's keyword filters, and the quiet hours on now."""
from __future__ import annotations

from datetime import datetime

from handlers.breaking_reach import quiet_at, reach
from storage import articles as article_store
from storage.db import Database
from storage.push_audience import Audience


async def confirm_checks(db: Database, article_id: int, audience: Audience, now: datetime) -> dict[str, object]:
    """`passes` and `quiet` as Confirm makes them for a push of the stored article to `audience` at `now`."""
    article = await article_store.get_article(db, article_id)
    assert article is not None
    return {"passes": reach(article, audience, now).passes, "quiet": quiet_at(now)}
