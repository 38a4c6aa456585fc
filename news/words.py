"""Content words: the tokens that carry an article's meaning, shared by summaries and fingerprints.

A token is lower-cased, stripped of surrounding punctuation and a possessive "'s", and folded from a
crude plural ("talks" -> "talk"); stop words are dropped. Each distinct token is worked out once and
remembered, because the same few thousand words make up almost every article.
"""
from __future__ import annotations

PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~‘’“”–—…«»·•"
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own said same
    say says she should so some such than that the their theirs them themselves then there these they
    this those through to too under until up very was we were what when where which while who whom why
    will with would you your yours yourself yourselves mr mrs ms one two new""".split()
)
_CACHE_LIMIT = 200_000


class _WordForms(dict[str, str]):
    """Token -> content word ("" for a stop word), computed on first sight."""

    def __missing__(self, token: str) -> str:
        word = token.strip(PUNCTUATION)
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if word in STOPWORDS:
            word = ""
        if len(self) < _CACHE_LIMIT:
            self[token] = word
        return word


_WORD_FORMS = _WordForms()


def content_word(token: str) -> str:
    """The content word of one lower-cased whitespace-separated token, "" for a stop word."""
    return _WORD_FORMS[token]


def content_words(text: str) -> list[str]:
    """The content words of `text`, in order, repeats kept."""
    return list(filter(None, map(_WORD_FORMS.__getitem__, text.lower().split())))
