"""What decides, besides its audience, who gets a breaking push and how: the item against each subscription's keyword
filters, and the quiet hours on at the moment it goes (storage.push_audience does the rest in SQL)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from news.digest import KeywordFilter
from news.models import Article
from news.schedule import in_quiet_hours
from storage.push_audience import Audience, QuietCheck, Reach


def reach(article: Article, audience: Audience, now: datetime) -> Reach:
    """Whom a push of `article` to `audience` reaches now. A subscription's keyword filters judge the stored article
    as they do in digests (its headline and summary): a story a filter keeps out of a chat's digests stays out of
    its pushes."""
    return Reach(audience, article.story_id, now, lambda include, exclude: KeywordFilter(include, exclude).accepts(article))


def quiet_at(now: datetime) -> QuietCheck:
    """Whether quiet hours (zone, start, end) are on at `now`, in their chat's own time zone, as digests read them."""
    return lambda zone, start, end: in_quiet_hours(now.astimezone(ZoneInfo(zone)), (start, end))
