"""Cleaning an article: readable text, no publisher boilerplate, and a real headline.

`clean_article` turns HTML into text, repairs mojibake (ftfy) and entities that lost their "&",
re-joins hard-wrapped lines (wire copy wraps at ~70 columns), drops boilerplate lines, prompts glued
to the end of a paragraph and a feed's "[…]", writes an all-capitals headline in title case, drops
a text that only repeats the headline (a summary would say it twice), and replaces a title that is a photo credit, a site name (the article's own, or a masthead such as
"BBC News") or empty with a headline derived from the lead sentence (a title that runs on past
TITLE_MAX is cut, or taken as the text when there is none). Everything dropped is listed in
`CleanText.removed`, so a wrong removal can be explained. Raises news.errors.EmptyArticleError when
no headline can be had (a digest item needs one) or nothing is left at all.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import ftfy

from news.boilerplate import is_boilerplate, is_credit, is_known_site, is_site_name, split_glued, strip_site_suffix
from news.errors import EmptyArticleError
from news.html import html_to_text
from news.models import CleanText
from news.sentences import split_sentences

__all__ = ["clean_article", "headline_from_lead", "html_to_text", "shorten", "strip_dateline"]

NO_HEADLINE = ("no headline: none was given (or only a photo credit or a site's name) and the text has no sentence "
               "long enough to make one of")
HEADLINE_MAX = 110  # characters: a headline a phone shows on one or two lines
TITLE_MAX = 200  # characters: a given title longer than this is cut (real headlines stay well under it)
_MIN_CLAUSE = 40  # a clause shorter than this is too little to stand as a headline

# What UTF-8 read as Windows-1252/Latin-1 leaves behind ("Ã©", "â€™", "Â£"), C1 controls, entities:
# ftfy is only worth its cost when one of these is present. The pattern opens with one character class
# (every sign's first character), so the regex engine skips ahead in C to the few places worth a look;
# as an alternation of the three signs it tried each at every character, ten times slower on long text.
_MAYBE_BROKEN = re.compile(
    "[\u0080-\u009f\u00c2-\u00f4&]"
    "(?:(?<=[\u00c2-\u00f4])[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|(?<=[\u0080-\u009f])"
    "|(?<=&)#?\\w+;)"
)
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
# Half of a character: a UTF-16 surrogate alone, as JSON can carry ("\ud83d", a broken emoji). No UTF-8
# text (the database, Telegram) can hold one.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# "WASHINGTON, Feb 26 - ", "LONDON (Reuters) - ", "PARIS, Sept 8 (AFP) — "
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'&/-]{1,40}(?:,\s+[A-Z][A-Za-z.]*\.?(?:\s+\d{1,2})?)*(?:,\s*\d{4})?\s*"
    r"(?:\((?:Reuters|AP|AFP|IANS|PTI|ANI|UPI|dpa)\)\s*)?[-–—]+\s+"
)
# Trailing attributions a headline does without: ", according to AFP", ", officials said Wednesday".
_ATTRIBUTION = re.compile(
    r"(?:,?\s+according to [^,]{1,60}"
    r"|,\s+(?:[^,]{1,50}\s)?(?:said|says|told [\w ]{1,30}|reported|reports|announced|confirmed)"
    r"(?:\s+(?:on\s+)?(?:\w+day|today|yesterday|tonight|this week|last week|in a statement))?)$"
)
# What a feed puts where it cut its text short: "… It’s two hours […]", "operations members. [...]".
_CUT_MARKER = re.compile(r"\s*[\[(](?:\.\.\.|…)[\])]$")
_SENTENCE_ENDS = ".!?…"
# Entities that lost their "&" on some earlier trip ("Islamic group #39;s armed wing", " quot;Aeolus"), as text
# scraped from old feeds (AG News) has them; a real "&#39;" is ftfy's.
_AMPERSANDLESS_ENTITY = re.compile(
    r"(?:\s(?=#39;(?:s|t|re|ve|ll|d|m)\b))?(?<![&\w])(?:#(\d{2,4})|(quot|amp|apos));"  # "group #39;s" -> "group's"
)
_ENTITY_SIGNS = ("#", "quot;", "amp;", "apos;")  # looked for first: the regex tries every position of a text
_NAMED_ENTITY = {"quot": '"', "amp": "&", "apos": "'"}
# Words an all-capitals headline keeps in capitals once it is recased, and those it writes in lower case.
_ACRONYMS = frozenset(
    "US UK UN EU UAE USA NATO FBI CIA NSA NHS IMF GDP CEO AI TV BBC CNN NASA OPEC IPO EV ICC IOC FIFA UEFA NBA NFL "
    "MLB NHL UFC BRICS ASEAN ECB SEC FTC FDA CDC DOJ IDF LGBTQ PM MP".split()  # not WHO, IT, FED: words too
)
_LOWER_IN_TITLES = frozenset("a an and as at but by for in nor of on or per the to vs via with from into".split())
_CLAUSE_BREAK = re.compile(r",\s|;\s|:\s|\s[-–—]\s")
_WEAK_ENDINGS = frozenset("a an the of to in on at for and or but with by from as that which who its their".split())


def clean_article(
    title: str, text: str, *, is_html: bool = False, sites: Sequence[str] = (), typed_title: bool = False
) -> CleanText:
    """The article's headline and body, cleaned; see the module docstring for what is removed.

    `sites`: the names the article's publisher goes by (news.boilerplate.site_names), a title or a title's suffix
    that is one of them is no headline. `typed_title`: a person typed the title (an admin's /breaking), so it is
    kept unless it is a photo credit or a name no headline is ("BBC"): a short headline such as "Storm Watch
    News" is theirs to choose, where a feed's is more likely its masthead.
    """
    removed: list[str] = []
    title, text = _whole_characters(title), _whole_characters(text)
    body = html_to_text(text) if is_html else _unwrap(text)
    body = _drop_boilerplate(_fix(body), removed)
    body, marker = _without_cut_marker(body)
    if marker:
        removed.append(marker)
    headline = _recased(" ".join(_fix(html_to_text(title) if is_html and "<" in title else title).split()))
    headline, site = strip_site_suffix(headline, sites)
    if site:
        removed.append(site)
    only_a_name = is_known_site if typed_title else is_site_name
    if not headline or is_credit(headline) or only_a_name(headline, sites):
        if headline:
            removed.append(headline)
        headline = headline_from_lead(body)
    elif body.startswith(headline + "\n"):
        removed.append(headline)  # feeds often repeat the headline as the first line of the text
        body = body[len(headline) :].lstrip()
    elif body.rstrip(_SENTENCE_ENDS) == headline.rstrip(_SENTENCE_ENDS):
        removed.append(body)  # a feed whose description is its title (WSJ): a summary would say it twice
        body = ""
    if len(headline) > TITLE_MAX:  # no headline: a feed that put its text in the title, or a runaway CMS
        if body:
            headline = shorten(headline, TITLE_MAX)
        else:
            body, headline = headline, headline_from_lead(headline)
    if not headline and not body:
        raise EmptyArticleError(f"nothing left after cleaning article titled {title[:80]!r}")
    if not headline:  # a digest item with a blank headline: nothing to click, nothing to tell it by
        raise EmptyArticleError(NO_HEADLINE)
    return CleanText(title=headline, body=body, removed=tuple(removed))


def strip_dateline(text: str) -> str:
    """`text` without a leading wire dateline ("WASHINGTON, Feb 26 - ")."""
    return _DATELINE.sub("", text, count=1)


def headline_from_lead(body: str) -> str:
    """A headline made from the first real sentence: attribution dropped, cut at a clause or word."""
    sentences = split_sentences(strip_dateline(body))
    # A line of three words or less is more often a byline or a label than a lead; a text of nothing else has its
    # headline there all the same ("Quake hits Morocco.").
    lead = (next((s for s in sentences if len(s.split()) >= 4), "")
            or next((s for s in sentences if len(s.split()) >= 2), ""))
    lead = lead.strip().rstrip(".!").strip()
    while (shorter := _ATTRIBUTION.sub("", lead)) != lead and len(shorter) >= _MIN_CLAUSE // 2:
        lead = shorter
    if len(lead) > HEADLINE_MAX:
        lead = shorten(lead, HEADLINE_MAX)
    return lead[:1].upper() + lead[1:]


def shorten(sentence: str, limit: int, *, always_mark: bool = False) -> str:
    """`sentence` cut to at most `limit` characters at a clause break, else at a word with "…".

    A headline cut at a clause reads whole; text shown as a summary (`always_mark`) gets "…" either way.
    """
    room = limit - 1 if always_mark else limit
    clause_ends = [m.start() for m in _CLAUSE_BREAK.finditer(sentence, 0, room + 1)]
    usable = [end for end in clause_ends if _MIN_CLAUSE <= end <= room]
    if usable:
        return sentence[: usable[-1]].rstrip(" ,;:") + ("…" if always_mark else "")
    words = sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—").split(" ")
    while len(words) > 1 and words[-1].lower() in _WEAK_ENDINGS:
        words.pop()
    return " ".join(words) + "…"


def _without_cut_marker(body: str) -> tuple[str, str]:
    """The body without the "[…]" a feed ends a cut text with, and the marker ("" when there is none): the summary
    ends such a text in "…" itself (news.summarise)."""
    match = _CUT_MARKER.search(body) if body.endswith(("...]", "…]", "...)", "…)")) else None
    return (body, "") if match is None else (body[: match.start()], match.group().strip())


def _recased(headline: str) -> str:
    """An all-capitals headline ("GOOGLE FIXED THE FOURTH CHROME ZERO-DAY OF 2023") in title case, as a reader
    expects one to look: "Google Fixed the Fourth Chrome Zero-Day of 2023"; acronyms (US, NATO) and "U.S." stay."""
    if headline.upper() != headline or sum(1 for c in headline if c.isalpha()) < 8 or len(headline.split()) < 3:
        return headline
    words = []
    for index, word in enumerate(headline.split(" ")):
        core = word.strip("\"'“”‘’()[],:;!?")
        if core in _ACRONYMS or "." in core.rstrip(".") or (core.isalnum() and any(c.isdigit() for c in core)):
            words.append(word)
        elif index > 0 and core.lower() in _LOWER_IN_TITLES:
            words.append(word.lower())
        else:
            words.append("-".join(part[:1] + part[1:].lower() for part in word.split("-")))
    return " ".join(words)


def _whole_characters(text: str) -> str:
    return text if text.isascii() else _LONE_SURROGATE.sub("", text)


def _fix(text: str) -> str:
    """Mojibake and HTML entities repaired by ftfy, when a quick look finds a sign of either."""
    if ";" in text and any(map(text.__contains__, _ENTITY_SIGNS)):
        text = _AMPERSANDLESS_ENTITY.sub(_entity_text, text)
    if (text.isascii() and "&" not in text) or not _MAYBE_BROKEN.search(text):
        return text  # plain ASCII without "&" cannot hold mojibake or an entity: the quickest look of all
    return ftfy.fix_text(text, uncurl_quotes=False, fix_character_width=False, normalization="NFC")


def _entity_text(match: re.Match[str]) -> str:
    number, name = match.groups()
    return chr(int(number)) if number else _NAMED_ENTITY[name]


def _unwrap(text: str) -> str:
    """Plain text with hard-wrapped lines joined: paragraphs stay, one line each."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = _ZERO_WIDTH.sub("", text)
    lines = text.split("\n")
    lengths = sorted(len(line) for line in lines if line.strip())
    wrapped = len(lengths) >= 3 and lengths[int(len(lengths) * 0.9)] <= 80 and sum(lengths) / len(lengths) >= 35
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        words = line.split()  # also collapses tabs, no-break and other Unicode spaces
        if (not words or not wrapped or line[:1].isspace()) and paragraphs[-1]:
            paragraphs.append([])
        if words:
            paragraphs[-1].append(" ".join(words))
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def _drop_boilerplate(body: str, removed: list[str]) -> str:
    """Body without boilerplate lines or glued prompts; keeps blank-line paragraph breaks."""
    paragraphs = []
    for paragraph in body.split("\n\n"):
        kept = []
        for line in paragraph.split("\n"):
            if is_boilerplate(line):
                removed.append(line.strip())
                continue
            line, glued = split_glued(line)
            if glued:
                removed.append(glued)
            if line.strip():
                kept.append(line.strip())
        if kept:
            paragraphs.append("\n".join(kept))
    return "\n\n".join(paragraphs)
