"""Which stories a digest covering several days shows: the most important across its days, not the newest.

A section shows a few stories (its per_section). Over a day the newest are the news; over a week (a weekly digest,
a weekend's, Monday's catch-up after the weekend) the newest are its last few hours. Such a digest picks the
stories with the most reports and the most salience, spread over the days, and shows them newest first.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from news.models import Article

# A digest covering more than this is picked by importance: a daily one held up by an outage or a restart for a
# few hours still shows its newest stories.
WIDE_PERIOD = timedelta(hours=30)
REPORTS_COUNTED = 10  # a story fifty outlets carry is no more news than one ten carry


def is_wide(covers_from: datetime, now: datetime) -> bool:
    return now - covers_from > WIDE_PERIOD


def weigh_candidates(scored: Sequence[tuple[Article, float]]) -> tuple[list[Article], dict[int, float]]:
    """Stories with the salience of their subject in them (0 to 1) → the stories most important first, and each
    story's importance: its reports (up to REPORTS_COUNTED), then its salience."""
    importance = {article.story_id: min(article.sources_in_story, REPORTS_COUNTED) + min(max(salience, 0.0), 1.0)
                  for article, salience in scored}
    ranked = sorted((article for article, _ in scored), key=lambda a: (-importance[a.story_id], -a.published_at.timestamp()))
    return ranked, importance


def pick_across_days(candidates: Sequence[Article], importance: Mapping[int, float], count: int,
                     now: datetime) -> list[Article]:
    """The `count` most important candidates, spread over the days they came out: a story counts less for each
    one already picked from its day (the 24 hours before `now`, the 24 before those …), so a busy Monday does
    not fill a weekly digest while the week's other big stories go unseen. Newest first."""
    picked: list[Article] = []
    per_day: Counter[int] = Counter()
    left = list(candidates)
    while left and len(picked) < count:
        best = max(left, key=lambda a: importance.get(a.story_id, 0.0) / (1 + per_day[_day(a, now)]))
        left.remove(best)
        picked.append(best)
        per_day[_day(best, now)] += 1
    return sorted(picked, key=lambda a: a.published_at, reverse=True)


def _day(article: Article, now: datetime) -> int:
    return int(max((now - article.published_at).total_seconds(), 0.0) // 86400)
