"""Articles read from files (`bot.py ingest`, a file or /add an admin sends the bot) processed and stored in batches,
with what became of each: added, updated, a duplicate of one stored, or rejected and why."""
from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from ingest.files import Rejected
from ingest.store import store_many
from news.errors import NewsError
from news.models import ProcessedArticle, RawArticle
from news.pipeline import process_articles
from storage import Database

BATCH_SIZE = 100  # articles processed together and stored in one transaction
STATUSES = ("added", "updated", "duplicate", "rejected")


@dataclass(frozen=True)
class Outcome:
    status: str  # one of STATUSES
    article: ProcessedArticle | None = None  # None when rejected
    where: str = ""  # the rejected record: "news.jsonl:12", or its title as given
    reason: str = ""  # why it was rejected


@dataclass(frozen=True)
class IngestReport:
    outcomes: tuple[Outcome, ...]

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    def of(self, *statuses: str) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status in statuses]


def _title_as_given(raw: RawArticle) -> str:
    """"'Quake hits Morocco'", or "untitled 'short…'" to tell the admin which article was left out."""
    return repr(raw.title[:60]) if raw.title.strip() else f"untitled {' '.join(raw.text.split())[:40]!r}"


async def ingest_articles(
    db: Database, items: Iterable[RawArticle | Rejected], now: Callable[[], datetime], *, summary_budget: int,
    batch_size: int = BATCH_SIZE,
) -> IngestReport:
    """Process and store `items` (as ingest.files reads them), `batch_size` at a time, in their order."""
    outcomes: list[Outcome] = []
    batch: list[RawArticle] = []

    async def flush() -> None:
        moment = now()
        # in a thread: a running bot goes on answering other chats meanwhile, as while it processes a feed's items
        processed = await asyncio.to_thread(process_articles, batch, moment, summary_budget=summary_budget)
        kept = [article for article in processed if isinstance(article, ProcessedArticle)]
        stored = iter(await store_many(db, kept, moment))
        for raw, article in zip(batch, processed):
            if isinstance(article, NewsError):
                outcomes.append(Outcome("rejected", where=_title_as_given(raw), reason=str(article)))
            elif isinstance(result := next(stored), Exception):
                outcomes.append(Outcome("rejected", where=_title_as_given(raw), reason=str(result)))
            else:
                outcomes.append(Outcome(result.status, article))
        batch.clear()

    for item in items:
        if isinstance(item, Rejected):
            outcomes.append(Outcome("rejected", where=item.where, reason=item.reason))
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            await flush()
    if batch:
        await flush()
    return IngestReport(tuple(outcomes))
