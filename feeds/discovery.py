"""Feed autodiscovery: the RSS and Atom feeds a web page names in its head, as
`<link rel="alternate" type="application/rss+xml" href="/rss.xml" title="Top stories">`.

Editors paste a site's front page or a story's address more often than its feed's; browsers and RSS readers
look for these links, and so does /addfeed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})
MAX_URL = 2048  # characters, as /addfeed allows
MAX_LINKS = 20  # a page naming more (a feed per tag, say) has its first ones taken
# how an HTML page starts: an XML declaration (XHTML) and comments may come before its DOCTYPE or <html>
_HTML_START = re.compile(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
                         re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class FeedLink:
    url: str  # absolute
    title: str  # the link's title attribute, "" without one


def is_web_page(body: bytes, content_type: str) -> bool:
    """Whether a response is an HTML page: by its Content-Type, or by how it starts when that says nothing useful."""
    if "html" in content_type.lower():
        return True
    return _HTML_START.match(body[:4096].lstrip(b"\xef\xbb\xbf")) is not None


def feed_links(page: bytes, page_url: str) -> list[FeedLink]:
    """The RSS and Atom feeds the page at `page_url` names in its head, in page order, each once: hrefs resolved
    against the page's address (or its <base href>); only http(s) addresses other than the page's own."""
    try:
        root = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError):  # an empty document, or nothing lxml can make a tree of
        return []
    head = root.find("head")
    if head is None:
        return []
    base = head.find("base")
    base_url = urljoin(page_url, (base.get("href") or "").strip()) if base is not None else page_url
    links: list[FeedLink] = []
    seen = {page_url}
    for link in head.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" not in rel or kind not in FEED_TYPES or not href:
            continue
        url = urljoin(base_url, href)
        if urlsplit(url).scheme not in ("http", "https") or len(url) > MAX_URL or url in seen:
            continue
        seen.add(url)
        links.append(FeedLink(url, " ".join((link.get("title") or "").split())))
        if len(links) == MAX_LINKS:
            break
    return links
