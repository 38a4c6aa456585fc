"""A linked page's source: the name the site gives itself, else the host a reader knows it by."""
from __future__ import annotations

import pytest

from ingest.pages import parse_page

PAGE = b"<html><head><title>Flood toll rises in Derna</title>%s</head><body><p>The toll rose.</p></body></html>"


@pytest.mark.parametrize(("head", "url", "source"), [
    pytest.param(b'<meta property="og:site_name" content="The Libya Review">', "https://www.libyareview.com/1",
                 "The Libya Review", id="its-own-name"),
    pytest.param(b"", "https://www.libyareview.com/1", "libyareview.com", id="host-without-www"),
    pytest.param(b"", "http://127.0.0.1:8080/1", "", id="no-name-for-an-address"),
])
def test_a_linked_page_names_its_site_as_the_source(head: bytes, url: str, source: str) -> None:
    assert parse_page(PAGE % head, url).source == source
