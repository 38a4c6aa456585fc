"""A web page an admin links to (/breaking <link>), read as a raw article."""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from news.boilerplate import strip_site_suffix
from news.models import RawArticle

# Where a page names its headline, best first: what a site writes for sharing (og:, twitter:) is the headline
# alone, where its <title> often carries " | Site" too.
_TITLE_META = (("property", "og:title"), ("name", "twitter:title"), ("property", "twitter:title"))
_SITE_META = (("property", "og:site_name"), ("name", "application-name"))
_NOT_A_NAME = frozenset({"www", "amp", "com", "org", "net", "gov", "edu"})  # host labels that name no site


def parse_page(body: bytes, url: str) -> RawArticle:
    """The page's headline without its site's name ("Flooding in Derna | Libya Review"), its HTML, and the site
    as its source: the name it gives itself, else its host ("libyareview.com"; none for a bare address)."""
    page = BeautifulSoup(body, "lxml")
    title = _meta(page, _TITLE_META) or (page.title.get_text(" ", strip=True) if page.title else "")
    site = _meta(page, _SITE_META)
    title, _ = strip_site_suffix(title, (site, *_host_names(url)))
    return RawArticle(title=title, text=body.decode("utf-8", "replace"), url=url, source=site or _host(url), is_html=True)


def _meta(page: BeautifulSoup, names: tuple[tuple[str, str], ...]) -> str:
    for attribute, value in names:
        tag = page.find("meta", attrs={attribute: value})
        content = " ".join(str(tag.get("content") or "").split()) if tag is not None else ""
        if content:
            return content
    return ""


def _host(url: str) -> str:
    """The host a reader knows the site by, without "www."; "" for an IP address."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host
    return ""


def _host_names(url: str) -> list[str]:
    """What a site's host calls it: "libyareview" of www.libyareview.com (the top-level domain left out)."""
    labels = (urlsplit(url).hostname or "").split(".")[:-1]
    return [label for label in labels if len(label) > 2 and not label.isdigit() and label not in _NOT_A_NAME]
