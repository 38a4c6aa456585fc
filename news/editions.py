"""Editions of a series: an outlet's daily or numbered items, each news of its own.

A series shares its template, so two editions can be near-copies by text ("Today's 'Quordle' Answers And
Hints For Friday, September 8" and "... For Sunday, September 10", both with the teaser "Looking for some
help with today's Quordle words?"), and SimHash (news.stories) would file the second under the first's
story, which a chat that had the first never sees again. What tells them apart is the headline's edition
mark: a weekday, a date, or a number after "#", "day", "week", "episode", "part", "vol." and the like.
Two headlines that both carry such marks, but not the same ones, are different editions; a headline
without any (an update: "... kills at least 296 people" after "... 290 people") says nothing either way.
"""
from __future__ import annotations

import functools
import re

_MONTHS = {name: number for number, names in enumerate(
    ("jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july", "aug august",
     "sep sept september", "oct october", "nov november", "dec december"), start=1) for name in names.split()}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY = r"(?P<{}>\d{{1,2}})(?:st|nd|rd|th)?"
_MARK = re.compile(
    rf"\b(?P<weekday>mon|tues|wednes|thurs|fri|satur|sun)day\b"
    rf"|\b(?P<month>{_MONTH})\.? {_DAY.format('day')}\b"
    rf"|\b{_DAY.format('day_before')} (?P<month_after>{_MONTH})\b"
    rf"|\b(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})\b"
    rf"|(?P<numbered>#|\b(?:no\.|day|week|episode|ep\.|part|vol\.|round|chapter|issue|game) ?#?)(?P<number>\d+)\b"
)


@functools.lru_cache(maxsize=4096)
def edition_marks(title: str) -> frozenset[str]:
    """The headline's weekdays, dates ("9-8": September 8) and numbered marks ("day 564", "#813")."""
    marks = set()
    for match in _MARK.finditer(title.lower()):
        if match["weekday"]:
            marks.add(match["weekday"] + "day")
        elif match["month"]:
            marks.add(f"{_MONTHS[match['month']]}-{int(match['day'])}")
        elif match["month_after"]:
            marks.add(f"{_MONTHS[match['month_after']]}-{int(match['day_before'])}")
        elif match["iso"]:
            _, month, day = match["iso"].split("-")
            marks.add(f"{int(month)}-{int(day)}")
        else:
            marks.add(f"{match['numbered'].rstrip(' #') or '#'} {int(match['number'])}")
    return frozenset(marks)


def other_editions(title: str, other: str) -> bool:
    """True when both headlines carry edition marks and not the same ones (module docstring)."""
    marks, other_marks = edition_marks(title), edition_marks(other)
    return bool(marks) and bool(other_marks) and marks != other_marks
