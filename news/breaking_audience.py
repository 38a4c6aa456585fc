"""The countries a breaking push goes to unless its admin chooses others.

An article is "about" every country at or above news.countries.ABOUT_THRESHOLD, and lists and digests file it under
each; but a push rings every follower's phone, so only the countries it is mainly about get it by default: the most
salient, and any other its headline names. "Rescue teams from Egypt and Turkey arrived" makes a Libya dam story
about Egypt and Turkey too (salience 0.49 and 0.48, over the threshold of 0.38), not news to push to their followers.
"""
from __future__ import annotations

from collections.abc import Sequence

from news.mentions import find_mentions


def push_countries(title: str, about: Sequence[str]) -> list[str]:
    """Of `about` (the codes of the countries an article is about, most salient first), those a push goes to."""
    if not about:
        return []
    _, _, mentions = find_mentions(title, "")
    named = {m.code for m in mentions if m.field == "title" and not m.weak}
    return [about[0]] + [code for code in about[1:] if code in named]
