"""Errors raised by the news pipeline.

    NewsError
     ├── EmptyArticleError (ValueError)   nothing readable is left after cleaning: no title and no body
     └── InvalidURLError (ValueError)     a URL that is not absolute http(s) was given to canonical_url
"""
from __future__ import annotations


class NewsError(Exception):
    """Base class for errors from news/."""


class EmptyArticleError(NewsError, ValueError):
    """Cleaning left neither a headline nor any body text."""


class InvalidURLError(NewsError, ValueError):
    """The URL is not an absolute http:// or https:// URL."""
