"""Canonical URLs: the same page reached with tracking parameters is stored once."""
from __future__ import annotations

import pytest

from news.errors import InvalidURLError
from news.urls import canonical_url, is_http_url


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        pytest.param(
            "https://www.theguardian.com/world/2023/sep/09/russia-ukraine?utm_source=twitter&utm_medium=social",
            "https://www.theguardian.com/world/2023/sep/09/russia-ukraine",
            id="utm",
        ),
        pytest.param(
            "https://abcnews.go.com/US/story?id=103041811&fbclid=IwAR0abc&gclid=xyz",
            "https://abcnews.go.com/US/story?id=103041811",
            id="click-ids-dropped-page-id-kept",
        ),
        pytest.param("HTTPS://WWW.BBC.CO.UK/news/World-123", "https://www.bbc.co.uk/news/World-123", id="host-case"),
        pytest.param("https://example.com:443/a", "https://example.com/a", id="default-port"),
        pytest.param("http://example.com:8080/a", "http://example.com:8080/a", id="other-port-kept"),
        pytest.param("https://example.com/a/b/#comments", "https://example.com/a/b", id="fragment-and-slash"),
        pytest.param("https://example.com", "https://example.com/", id="root"),
        pytest.param("https://example.com/s?b=2&a=1", "https://example.com/s?a=1&b=2", id="query-sorted"),
        pytest.param(
            "https://www.theguardian.com/email-newsletters?CMP=cvau_sfl",
            "https://www.theguardian.com/email-newsletters",
            id="guardian-campaign",
        ),
        pytest.param("  https://example.com/a  ", "https://example.com/a", id="spaces"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("example.com/a", id="no-scheme"),
        pytest.param("ftp://example.com/a", id="ftp"),
        pytest.param("javascript:alert(1)", id="javascript"),
        pytest.param("https://", id="no-host"),
        pytest.param("http://[::1", id="broken-ipv6"),
    ],
)
def test_non_http_urls_are_refused(url: str) -> None:
    assert not is_http_url(url)
    with pytest.raises(InvalidURLError):
        canonical_url(url)
