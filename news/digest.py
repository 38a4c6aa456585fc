"""Composing a chat's digest from plain data: sections per subscription, each story once.

The caller loads candidate articles per subscription (newest first) and the stories the chat already
received; this module filters, ranks, deduplicates and renders, and says which stories went in so the
caller can record them in the same transaction that queues the messages.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from news.digest_picks import pick_across_days
from news.events import one_event
from news.format import ITEM_SUMMARY_CAP, MESSAGE_LIMIT, clip, group_blocks, render_item, visible_length
from news.models import Article


@dataclass(frozen=True)
class KeywordFilter:
    include: tuple[str, ...] = ()  # any of these must appear (when given)
    exclude: tuple[str, ...] = ()  # none of these may appear

    def accepts(self, article: Article) -> bool:
        """Keywords match whole words, in the singular or the plural: +election matches "elections" and +elections
        "election"; one of several words
        ("dam collapse", "covid-19") matches them together, in order, as /search does. A keyword with no word in
        it (saved before such were refused) filters nothing."""
        include = [p for p in map(_phrase, self.include) if p]
        exclude = [p for p in map(_phrase, self.exclude) if p]
        if not include and not exclude:
            return True
        text = _text(article.title, article.summary)
        if include and not any(_mentions(text, p) for p in include):
            return False
        return not any(_mentions(text, p) for p in exclude)


def keyword_form(typed: str) -> str:
    """A keyword as it filters and is shown: lower case, without the quotes or punctuation around it ("Derna," →
    "derna", '"Dam collapse"' → "dam collapse"; "covid-19" stays); "" when it has no letter or digit."""
    text = " ".join(typed.lower().split())
    words = list(_WORD.finditer(text))
    return text[words[0].start():words[-1].end()] if words else ""


@lru_cache(maxsize=4096)
def _phrase(keyword: str) -> str:
    return " ".join(_WORD.findall(keyword.lower()))


def _mentions(text: str, phrase: str) -> bool:
    return any(form in text for form in _forms(phrase))


@lru_cache(maxsize=4096)
def _forms(phrase: str) -> tuple[str, ...]:
    """The phrase as it may appear among an article's words (see `_text`): its last word as typed, in the singular
    and in the plural. "+elections" finds "election" as "+election" finds "elections"; a word of four letters or
    fewer, or ending in -ss, -us or -is, is no plural ("news", "bus", "crisis")."""
    bases = [phrase]
    last = phrase.rsplit(" ", 1)[-1]
    if len(last) >= 5 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        bases.append(phrase[:-1])  # "elections", "floods", "taxes" → "taxe" + "s"
        if last.endswith(("ches", "shes", "xes", "zes", "sses")):
            bases.append(phrase[:-2])  # "matches" → "match"
        elif last.endswith("ies") and len(last) > 5:
            bases.append(phrase[:-3] + "y")  # "policies" → "policy"
    return tuple(f" {base}{plural} " for base in bases for plural in ("", "s", "es"))


@lru_cache(maxsize=65536)
def _text(title: str, summary: str) -> str:
    """An article's lower-cased words, one space around each; cached because every chat's digest filters the same
    articles."""
    return " " + " ".join(_WORD.findall(f"{title} {summary}".lower())) + " "


_WORD = re.compile(r"\w+")
# A digest is news: an article published longer ago than this is never a candidate, even when it was
# stored only now (a newly added feed's archive, a late wire copy). A week's cadence plus a day.
MAX_ITEM_AGE = timedelta(days=8)


@dataclass(frozen=True)
class SectionInput:
    heading: str  # "🇲🇦 Morocco"
    command: str  # "morocco", for "and 7 more: /morocco"
    candidates: Sequence[Article]  # in rank order: see rank_candidates (or news.digest_picks.weigh_candidates)
    keywords: KeywordFilter = KeywordFilter()
    # story_id → importance, for a digest covering several days: the section shows the most important stories
    # across them (news.digest_picks), not the first in rank order
    importance: Mapping[int, float] | None = None


@dataclass(frozen=True)
class DigestPlan:
    sections: tuple[tuple[SectionInput, tuple[Article, ...], int], ...]  # (section, shown, more)
    stories: tuple[tuple[int, int], ...]  # (story_id, article_id) of every story shown
    items: tuple[Article, ...] = field(default=())  # in display order
    left: tuple[tuple[Article, ...], ...] = ()  # what each section leaves that no section shows, for its "and N more"

    @property
    def empty(self) -> bool:
        return not self.stories


def rank_candidates(articles: Sequence[Article], now: datetime) -> list[Article]:
    """Newer first; a story many sources carry climbs a little (3 h per extra source, up to 4), but never above a
    newer report of its event (news.events.one_event): that report climbs with it and comes first, so "At least
    1,037 dead" from one outlet heads "At least 296 dead" from three hours before instead of sinking below it.
    Articles published more than MAX_ITEM_AGE before `now` are left out.

    Done once per candidate list, not per chat: every chat following a country shares its list.
    """

    def age(article: Article) -> float:
        hours = max(0.0, (now - article.published_at).total_seconds() / 3600)
        return hours - 3.0 * min(article.sources_in_story - 1, 4)

    oldest = now - MAX_ITEM_AGE
    newest_first = sorted((a for a in articles if a.published_at >= oldest), key=lambda a: a.published_at, reverse=True)
    ranks: list[float] = []
    for article in reversed(newest_first):  # oldest first: an update takes the rank of what it updates
        rank = age(article)
        for older, older_rank in zip(reversed(newest_first), ranks):
            if older_rank < rank and one_event(older.title, article.title):
                rank = older_rank
        ranks.append(rank)
    ranks.reverse()
    order = sorted(range(len(newest_first)), key=ranks.__getitem__)  # stable: of equal ranks the newer first
    return [newest_first[i] for i in order]


def plan_digest(
    sections: Sequence[SectionInput], delivered_stories: set[int], now: datetime, *, per_section: int
) -> DigestPlan:
    """Each section's first `per_section` stories that the chat has not had and no section before it shows (for
    a section weighed by importance, its most important ones across the days: news.digest_picks).

    Only a shown story is taken: one a section leaves for its "and N more" may still be shown by a later section
    (a phone launch among Israel's eleventh and later stories is Technology's first). A section's "more" counts
    the stories it leaves that no section shows.
    """
    taken = set(delivered_stories)
    chosen: list[tuple[SectionInput, tuple[Article, ...], list[Article]]] = []
    for section in sections:
        fresh, in_section = [], set()
        for article in section.candidates:
            if article.story_id in taken or article.story_id in in_section or not section.keywords.accepts(article):
                continue
            in_section.add(article.story_id)
            fresh.append(article)
        if section.importance is not None:
            shown = tuple(pick_across_days(fresh, section.importance, per_section, now))
            picked = {a.story_id for a in shown}
            left = [a for a in fresh if a.story_id not in picked]
        else:
            shown, left = tuple(fresh[:per_section]), fresh[per_section:]
        taken.update(a.story_id for a in shown)
        if shown:
            chosen.append((section, shown, left))
    shown_stories = {a.story_id for _, shown, _ in chosen for a in shown}
    leftovers = tuple(tuple(a for a in left if a.story_id not in shown_stories) for _, _, left in chosen)
    planned = tuple((section, shown, len(left)) for (section, shown, _), left in zip(chosen, leftovers))
    items = tuple(a for _, shown, _ in chosen for a in shown)
    return DigestPlan(planned, tuple((a.story_id, a.id) for a in items), items, leftovers)


DIGEST_HEADER = "🗞 <b>Your news digest</b>"


@dataclass(frozen=True)
class DigestEntry:
    """A numbered item of a digest, with the heading of the section it opens and the "and N more" line
    of the section it closes, where it does. A digest message holds whole entries, so that "More ▸"
    can draw it again as it was sent, with one item's summary longer."""

    number: int
    article: Article
    heading: str | None = None  # "🇲🇦 Morocco"
    more_line: str | None = None  # "and 7 more: /morocco"
    more_link: str | None = None  # where the line leads instead, where readers cannot send the command (a channel)
    left: tuple[Article, ...] = ()  # the stories "and 7 more" stands for, in the section's order


def digest_entries(plan: DigestPlan, more_links: str | None = None, *, more_buttons: bool = False) -> list[DigestEntry]:
    """The plan's items numbered across the whole digest, so a "3 · Longer summary ▸" button names one item. With `more_links`
    (a URL with "{number}" in it, the number of the item the line follows: the bot's t.me/<bot>?start= link to the
    section's leftovers), "and 7 more" leads there, for a channel's readers, who cannot send /morocco; with
    `more_buttons` it points to the button under the message that shows them (leftovers_label). /morocco would show
    the section's latest: the very stories the digest has just shown."""
    entries: list[DigestEntry] = []
    lefts = plan.left or tuple(() for _ in plan.sections)
    for (section, shown, more), left in zip(plan.sections, lefts):
        for index, article in enumerate(shown):
            closes = more and index == len(shown) - 1
            number = len(entries) + 1
            line = (f"and {more} more: tap “{more} more ▸” below" if more_buttons and not more_links
                    else f"and {more} more: /{section.command}")
            entries.append(DigestEntry(
                number, article, section.heading if index == 0 else None, line if closes else None,
                more_links.format(command=section.command, number=number) if closes and more_links else None,
                left if closes else (),
            ))
    return entries


def leftovers_label(heading: str, count: int) -> str:
    """The button under a digest message that shows what a section left: "🇲🇦 Morocco: 14 more ▸"."""
    return f"{clip(heading, 40)}: {count} more ▸"


def render_entry(entry: DigestEntry, now: datetime, zone: tzinfo, *, long: bool = False,
                 summary_cap: int = ITEM_SUMMARY_CAP) -> str:
    block = render_item(entry.article, now, zone, long=long, number=entry.number, summary_cap=summary_cap)
    if entry.heading:
        block = f"<b>{html.escape(entry.heading)}</b>\n\n{block}"
    if entry.more_line and entry.more_link:
        more = entry.more_line.partition(":")[0]  # "and 7 more"
        block = f'{block}\n\n<i><a href="{html.escape(entry.more_link)}">{html.escape(more)} ▸</a></i>'
    elif entry.more_line:
        block = f"{block}\n\n<i>{html.escape(entry.more_line)}</i>"
    return block


def render_digest(plan: DigestPlan, now: datetime, zone: tzinfo, *, more_links: str | None = None,
                  more_buttons: bool = False) -> list[tuple[str, list[DigestEntry]]]:
    """The digest's messages as (HTML, the entries it shows, with times in the chat's `zone`), as few as fit,
    never splitting an entry; `more_links` and `more_buttons` as digest_entries takes them."""
    entries = digest_entries(plan, more_links, more_buttons=more_buttons)
    blocks = [render_entry(entry, now, zone) for entry in entries]
    return [
        (_join(position == 0, [blocks[i] for i in group]), [entries[i] for i in group])
        for position, group in enumerate(group_blocks(blocks, header=DIGEST_HEADER))
    ]


def expand_entry(entries: Sequence[DigestEntry], number: int, now: datetime, zone: tzinfo, *,
                 first: bool, room: int = MESSAGE_LIMIT) -> str | None:
    """A digest message (`first`: the one under the header) drawn again with item `number`'s long summary,
    which is cut at a word when the whole of it would take the message over `room` (Telegram's limit, less
    what else the message holds); None when the message has no room for any of it."""
    cap = ITEM_SUMMARY_CAP
    while True:
        text = _join(first, [render_entry(e, now, zone, long=True, summary_cap=cap) if e.number == number
                             else render_entry(e, now, zone) for e in entries])
        overflow = visible_length(text) - room
        if overflow <= 0:
            return text
        cap -= overflow + 1  # +1 for the "…" that cutting adds
        if cap <= 0:
            return None


def redraw_part(entries: Sequence[DigestEntry], now: datetime, zone: tzinfo, *, first: bool) -> str:
    """A digest message drawn again as it was sent."""
    return _join(first, [render_entry(e, now, zone) for e in entries])


def _join(first: bool, blocks: list[str]) -> str:
    return "\n\n".join(([DIGEST_HEADER] if first else []) + blocks)
