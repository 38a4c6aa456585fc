"""Feed dates in RFC 822 form but another language: "mer, 16 nov 2022 00:38:15 +0100" (Il Messaggero).

feedparser reads RFC 822 dates in English only, and an item it cannot date gets the fetch time, so a
day-old story would read as new. This handler (feeds.parse registers it with feedparser) drops the day name (it
adds nothing to the date), turns the month name into English from a small table of the languages
our feeds use (Italian, French, Spanish, Portuguese, German), and lets the standard library parse the rest.
"""
from __future__ import annotations

import re
import time
from email.utils import parsedate_to_datetime

_MONTHS = {
    "gen": "Jan", "genn": "Jan", "janv": "Jan", "ene": "Jan", "jän": "Jan", "jan": "Jan",
    "feb": "Feb", "févr": "Feb", "fevr": "Feb", "fév": "Feb", "fev": "Feb",
    "mar": "Mar", "mars": "Mar", "mär": "Mar", "mrz": "Mar",
    "apr": "Apr", "avr": "Apr", "abr": "Apr",
    "mag": "May", "mai": "May", "may": "May",
    "giu": "Jun", "juin": "Jun", "jun": "Jun",
    "lug": "Jul", "juil": "Jul", "jul": "Jul",
    "ago": "Aug", "août": "Aug", "aout": "Aug", "aug": "Aug",
    "set": "Sep", "sett": "Sep", "sept": "Sep", "sep": "Sep",
    "ott": "Oct", "oct": "Oct", "out": "Oct", "okt": "Oct",
    "nov": "Nov",
    "dic": "Dec", "déc": "Dec", "dec": "Dec", "dez": "Dec",
}
_LOCAL_RFC822 = re.compile(
    r"^\s*(?:[^\W\d_]+\.?,?\s+)?(?P<day>\d{1,2})\s+(?P<month>[^\W\d_]+)\.?\s+(?P<rest>\d{4}\s+\d{1,2}:\d{2}.*)$"
)


def parse_local_rfc822(text: str) -> time.struct_time | None:
    """A UTC struct_time for an RFC 822 date with a non-English day or month name; None otherwise."""
    match = _LOCAL_RFC822.match(text)
    if match is None:
        return None
    month = _MONTHS.get(match["month"].lower())
    if month is None:
        return None
    try:
        when = parsedate_to_datetime(f"{match['day']} {month} {match['rest']}")
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None  # no zone given: guessing one would be worse than the fetch time
    return when.utctimetuple()

