"""Recognising the lines publishers wrap around a story: share and follow prompts, sign-up boxes,
cookie notices, "Read more", copyright lines, photo credits and site names.

Each test looks at one whole line (or a title). A line is judged boilerplate only when it is short
enough to be a prompt, so a real paragraph that mentions a newsletter or Reuters is kept.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

_MAX_PROMPT = 200  # characters; boilerplate lines are prompts, not paragraphs

_AGENCIES = (
    r"Reuters|AFP|AP|Associated Press|Getty(?: Images)?|EPA(?:-EFE)?|EFE|Shutterstock|Flash ?90|Xinhua|"
    r"Anadolu(?: Agency)?|Bloomberg|Alamy|PA(?: Media| Wire| Images)?|Sipa(?: USA)?|ZUMA(?: Press| Wire)?|"
    r"dpa|Kyodo|Yonhap|TASS|Sputnik|NurPhoto|Pool|File|Handout|WENN|REX(?: Features| Shutterstock)?|"
    r"Imago|Wikimedia Commons|Unsplash|iStock(?:photo)?|AAP|ANI|PTI|IANS|SOPA Images|LightRocket"
)
_AGENCY = re.compile(rf"(?:{_AGENCIES})", re.IGNORECASE)
# "Morocco Flash 90", "AFP/Getty Images", "John Smith / Reuters", "Photo: Reuters", "(Photo by X/AFP)".
_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}"  # a place or a photographer: up to 3 capitalised words
_CREDIT = re.compile(
    r"\(?(?:(?i:photo(?:graph)?|image|picture|pic|credit|video|illustration)s?\s*"
    r"(?i:credit|by|courtesy(?:\s+of)?)?\s*[:|/\-–—]?\s*)?"
    rf"(?:{_NAME}\s*[/|,\-–—]?\s*)?(?:{_AGENCIES})(?:\s*[/|,]\s*(?:{_AGENCIES}|{_NAME}))*\.?\)?"
)
_LABELLED_CREDIT = re.compile(
    r"\(?(?:photo(?:graph)?|image|picture|pic|credit|illustration)s?(?:\s+(?:credit|copyright|caption|by|courtesy(?:\s+of)?))?\s*[:|]\s*\S.{0,80}",
    re.IGNORECASE,
)
# A masthead: up to three capitalised words ending in a word that names a publication ("Morocco World News",
# "The Guardian", "DAILY MAIL"). Case matters: "Forum storm news" or "Markets rally today" is a headline, and words
# that end headlines as often as names ("Today", "World", "Online", "TV") name a site only as the article's own
# (`sites` below: "USA Today" from its feed).
_MASTHEAD_WORDS = (
    "News", "Times", "Post", "Journal", "Herald", "Tribune", "Gazette", "Telegraph", "Guardian", "Independent",
    "Express", "Mirror", "Chronicle", "Observer", "Mail", "Insider", "Monitor", "Magazine", "Daily", "Weekly", "Digest",
)
_MASTHEAD = re.compile(
    r"(?:The\s+|THE\s+)?(?:[A-Z][\w&'.-]*\s+){0,2}(?:"
    + "|".join(form for word in _MASTHEAD_WORDS for form in (word, word.upper()))
    + ")"
)
# Names no headline is, whoever typed them: well-known sites, a domain, a CMS's placeholder or a section.
_KNOWN_SITE = re.compile(
    r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|info|news|co\.uk|co|io|tv|uk|us|in|au|ca)|"
    r"BBC|CNN|NPR|NBC|ABC|CBS|Al Jazeera|Politico|Axios|Vox|Gizmodo|The Verge|TechCrunch|Wired|Engadget|"
    r"Ars Technica|Le Monde|USA Today|Untitled|No title|Home(?:page)?|Latest(?: news)?|Top (?:stories|headlines)|"
    r"Headlines|Breaking(?: news)?",
    re.IGNORECASE,
)
_SITE_PART = re.compile(r"\s+[|\-–—]\s+")  # "The Guardian - International": the site, then its section

_PROMPT_PATTERNS = [
    r"(?:share|tweet|email|print|pin|save)(?:\s+(?:this|the))?(?:\s+(?:article|story|post|page|link))?(?:\s+(?:on|via)\s+\w+)?",
    r"(?:share|follow|like|join|find|connect with|chat with|message)\s+(?:us|me|our|on|the)\b.{0,120}"
    r"\b(?:facebook|twitter|instagram|whatsapp|telegram|linkedin|youtube|tiktok|threads|x|channel|group|page|newsletter|socials?|google news|community)\b.{0,60}",
    r"(?:subscribe|sign up|sign-up|signup|register)\b.{0,150}\b(?:newsletters?|emails?|inbox|alerts?|app|podcasts?|updates|channel|subscription|free|today|now|here)\b.{0,80}",
    r"(?:get|download|try)\s+(?:our|the)\b.{0,150}\b(?:newsletters?|emails?|app|podcasts?|alerts?)\b.{0,80}",
    r"(?:subscribe|sign up)(?:\s+(?:now|here|today))?",
    r"(?:we|this (?:site|website)|our (?:site|website)|by (?:using|continuing))\b.{0,100}\bcookies?\b.{0,120}",
    r"(?:read|see|watch|listen)\s+(?:more|next|also|on|all|the full (?:story|article|report)|here|now|live)\b.{0,150}",
    r"(?:continue|keep) read(?:ing|in|i)?\b.{0,150}",  # also cut short by a feed: "Continue read"
    r"(?:click|tap|go) here\b.{0,150}",
    r"(?:more on this story|related(?: articles| stories| coverage| content)?|see also|advertisement|sponsored(?: content)?|ad|also read|trending|recommended)\b[:.…]*",
    r"(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4})).{0,150}",
    r"image (?:copyright|caption)\b.{0,150}",
    r"the post .{1,300} appeared first on .{1,100}",
    r"(?:article|comments) url:\s*\S+",
    r"#?\s*(?:points|comments):\s*\d+",
    r"https?://\S+",
]
_PROMPT = re.compile("|".join(f"(?:{p})" for p in _PROMPT_PATTERNS), re.IGNORECASE | re.DOTALL)
# How the _PROMPT_PATTERNS open, lower-cased: a line that starts with none of these is no prompt. A new
# pattern's opening must be added here (tests/news/test_boilerplate.py checks the patterns' examples).
_PROMPT_OPENINGS = (
    "share", "tweet", "email", "print", "pin", "save", "follow", "like", "join", "find", "connect with",
    "chat with", "message", "subscribe", "sign up", "sign-up", "signup", "register", "get", "download", "try",
    "we", "this site", "this website", "our site", "our website", "by using", "by continuing", "read", "see",
    "watch", "listen", "continue read", "keep read", "click here", "tap here", "go here",
    "more on this story", "related", "advertisement", "sponsored", "ad", "also read", "trending", "recommended",
    "©", "(c)", "copyright", "image ", "the post ", "article url:", "comments url:", "#", "points", "comments",
    "http",
)
_OPENINGS_BY_CHAR = {o[0]: tuple(p for p in _PROMPT_OPENINGS if p[0] == o[0]) for o in _PROMPT_OPENINGS}
# A prompt glued to the end of a paragraph: "...for Western Sahara.Join our official WhatsApp group".
_GLUED = re.compile(
    r"""(?:(?<=[.!?"”’)\]])|\s)\s*
        ((?:join\s+our|follow\s+us|subscribe\s+to|sign\s+up|read\s+more|continue\s+reading|click\s+here|
           the\s+post\s.{1,300}\sappeared\s+first\s+on|all\s+rights\s+reserved|©|copyright).{0,200})$""",
    re.IGNORECASE | re.VERBOSE,
)
_GLUED_HINTS = ("join", "follow", "subscribe", "sign", "read more", "continue", "click", "appeared", "©", "copyright")
_HAS_WORD = re.compile(r"[^\W_]")
_END_TRIM = " .…:;|-–—>»"


def is_boilerplate(line: str) -> bool:
    """True when the whole line is a publisher prompt, notice or credit rather than news."""
    line = line.strip()
    if not line or len(line) > _MAX_PROMPT:
        return False
    if not (line[0].isalnum() or _HAS_WORD.search(line)):  # isalnum: the regex's answer without a call
        return True  # residue of an embed or a divider: "— (@)", "* * *"
    line = line.strip(_END_TRIM[1:]).strip()
    lowered = line.lower()
    return (
        (_may_be_prompt(line, lowered) and bool(_PROMPT.fullmatch(line)))
        or "all rights reserved" in lowered
        or is_credit(line)
    )


def _may_be_prompt(line: str, lowered: str) -> bool:
    """False when `line` cannot be a _PROMPT, seen from how it opens; True when it may be one.

    The case-insensitive _PROMPT regex is costly on every ordinary sentence the summariser checks. For
    ASCII text, case-insensitive means lower-case, so a line opening with none of _PROMPT_OPENINGS cannot
    match; other text may hold letters the regex also folds (İ, ſ, the Kelvin sign), so it is always tried.
    (rank: 2.91M -> 2.74M Ir/article.)
    """
    if not line.isascii():
        return True
    openings = _OPENINGS_BY_CHAR.get(lowered[0])
    return openings is not None and lowered.startswith(openings)


def split_glued(line: str) -> tuple[str, str]:
    """(text, glued prompt) when a prompt is stuck to the end of real text; else (line, "")."""
    tail = line[-320:]
    lowered = tail.lower()
    match = any(word in lowered for word in _GLUED_HINTS) and _GLUED.search(tail)
    if match and match.start(1) > 0 and is_boilerplate(match.group(1)):
        cut = len(line) - len(tail) + match.start(1)
        return line[:cut].rstrip(), match.group(1).strip()
    return line, ""


def is_credit(text: str) -> bool:
    """True for a photo credit or caption credit: "Morocco Flash 90", "AFP/Getty Images", "Photo: X".

    A label before a sentence is a gallery's headline, not a credit: "Photos: Hundreds dead after powerful earthquake
    rocks Morocco" names no one; credits name people and agencies, in capitals.
    """
    text = text.strip()
    if not text or len(text) > 100:
        return False
    if _CREDIT.fullmatch(text):
        return True
    return bool(_LABELLED_CREDIT.fullmatch(text)) and not _reads_as_sentence(text.split(":", 1)[-1])


def _reads_as_sentence(text: str) -> bool:
    """Whether `text` has the lower-case words of a sentence (four or more), as no credit does."""
    return sum(1 for word in text.split() if word[:1].islower()) >= 4


def is_known_site(title: str, sites: Iterable[str] = ()) -> bool:
    """True when a title is a name no headline is: a well-known site ("BBC"), a domain, a placeholder or section
    ("Untitled", "Home"), or one of `sites`, the names the article's own publisher goes by (site_names)."""
    title = title.strip()
    if len(title.split()) > 4:
        return False
    if _KNOWN_SITE.fullmatch(title):
        return True
    key = _name_key(title)
    return bool(key) and any(key == _name_key(site) for site in sites)


def is_site_name(title: str, sites: Iterable[str] = ()) -> bool:
    """True when a title is only a site or section name: a known one (is_known_site) or a masthead
    ("Morocco World News", "The Guardian")."""
    title = title.strip()
    return (len(title.split()) <= 4 and bool(_MASTHEAD.fullmatch(title))) or is_known_site(title, sites)


def site_names(source: str) -> tuple[str, ...]:
    """The names an article's publisher goes by, from its feed's or page's site name: the whole, and its parts
    ("The Guardian" of "The Guardian - International")."""
    return tuple(name for name in (source, *_SITE_PART.split(source)) if name.strip()) if source else ()


def _name_key(name: str) -> str:
    """A name as sites are compared: "The Morocco World News" and "moroccoworldnews" alike."""
    key = name.strip().casefold()
    key = key[4:] if key.startswith("the ") else key
    return "".join(c for c in key if c.isalnum())


def strip_site_suffix(title: str, sites: Iterable[str] = ()) -> tuple[str, str]:
    """("Headline", "BBC News") for "Headline - BBC News"; (title, "") when there is no such suffix.
    `sites`: the article's own site names (site_names), stripped too ("Headline | Hespress")."""
    sites = tuple(sites)
    for separator in (" | ", " - ", " – ", " — "):
        head, found, tail = title.rpartition(separator)
        if found and len(head) >= 15 and (is_site_name(tail, sites) or _AGENCY.fullmatch(tail.strip())):
            return head.strip(), tail.strip()
    return title, ""
