"""OPML 2.0, the feed list RSS readers import and export: written with xml.etree, read with defusedxml.

A feed is an `<outline type="rss" text=… title=… xmlUrl=…>`, anywhere under `<body>` (readers nest them in
categories, outlines with no xmlUrl). What other readers have no word for, a paused feed and a feed's country,
goes in attributes of our own namespace, which OPML 2.0 allows and other readers ignore; an import reads them back.

    OpmlError      the file is no OPML we can read (str(e) says why, for the admin)
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

import defusedxml
import defusedxml.ElementTree as DefusedET

NAMESPACE = "https://github.com/newsdigest/opml"  # attributes only newsdigest reads
STATUS = f"{{{NAMESPACE}}}status"
COUNTRY = f"{{{NAMESPACE}}}country"
ET.register_namespace("newsdigest", NAMESPACE)


class OpmlError(ValueError):
    """Not an OPML file we can read; str(e) is the reason, in words for the admin."""


@dataclass(frozen=True)
class OpmlFeed:
    url: str  # xmlUrl, as written (stripped)
    name: str  # text, else title; "" when it has neither
    paused: bool = False
    country: str | None = None  # an ISO code, as our export writes it


def write_opml(feeds: list[OpmlFeed], title: str, created: datetime) -> bytes:
    """The feed list as an OPML 2.0 document, UTF-8 with its XML declaration."""
    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(created)
    body = ET.SubElement(opml, "body")
    for feed in feeds:
        text = feed.name or feed.url  # OPML 2.0 requires text
        outline = ET.SubElement(body, "outline", type="rss", text=text, title=text, xmlUrl=feed.url)
        if feed.paused:
            outline.set(STATUS, "paused")
        if feed.country:
            outline.set(COUNTRY, feed.country)
    ET.indent(opml)
    return ET.tostring(opml, encoding="utf-8", xml_declaration=True) + b"\n"


@dataclass(frozen=True)
class OpmlList:
    feeds: list[OpmlFeed]  # the outlines with an xmlUrl, in document order
    # The names of outlines that are no folder (they hold no outline) and have no xmlUrl, such as a link to a web
    # page: no feed to add, but the admin who sent the file would miss them
    no_address: list[str]


def read_opml(data: bytes) -> OpmlList:
    """Every outline with an xmlUrl, at any depth under <body>, in document order, and the others that are no folder.
    Entity declarations are refused (defusedxml), so a file cannot expand into gigabytes; OpmlError for what is no
    OPML."""
    try:
        root = DefusedET.fromstring(data)
    except defusedxml.DefusedXmlException as e:
        raise OpmlError("it declares XML entities, which I don't read (a safety rule)") from e
    except ET.ParseError as e:
        line, _ = e.position
        raise OpmlError(f"it is not well-formed XML (line {line})") from e
    if root.tag != "opml":
        if root.tag.rsplit("}", 1)[-1] in {"rss", "feed", "RDF"}:
            raise OpmlError("it is a feed itself, not a list of feeds: add it with /addfeed URL")
        raise OpmlError(f"it is XML but not OPML (it starts with <{root.tag.rsplit('}', 1)[-1][:40]}>)")
    body = root.find("body")
    if body is None:
        raise OpmlError("it has no <body>, where OPML lists feeds")
    feeds, no_address = [], []
    for outline in body.iter("outline"):
        if (feed := _feed(outline)) is not None:
            feeds.append(feed)
        elif outline.find("outline") is None:
            no_address.append(_name(outline) or _attributes(outline).get("url", "").strip())
    return OpmlList(feeds, no_address)


def _attributes(outline: ET.Element) -> dict[str, str]:
    # Attribute names are case-sensitive in XML, but some exporters write "xmlurl" or "XMLURL".
    return {name.lower(): value for name, value in outline.attrib.items() if not name.startswith("{")}


def _name(outline: ET.Element) -> str:
    attributes = _attributes(outline)
    return " ".join((attributes.get("text") or attributes.get("title") or "").split())


def _feed(outline: ET.Element) -> OpmlFeed | None:
    url = _attributes(outline).get("xmlurl", "").strip()
    if not url:
        return None  # a category, or a link to a web page
    country = outline.get(COUNTRY)
    return OpmlFeed(url, _name(outline), paused=outline.get(STATUS) == "paused",
                    country=country.strip() if country else None)
