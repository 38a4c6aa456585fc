"""What readers type for a time zone: "Paris, France", "Paris France", fixed offsets and Etc/GMT names."""
from __future__ import annotations

import pytest

from news.places import fixed_offset_notes, timezone_for_place, utc_offset, zone_label


@pytest.mark.parametrize(("name", "zone"), [
    pytest.param("Paris, France", "Europe/Paris", id="city-comma-country"),
    pytest.param("Paris France", "Europe/Paris", id="city-space-country"),
    pytest.param("Paris, USA", "America/Chicago", id="the-other-paris"),
    pytest.param("New York United States", "America/New_York", id="two-word-city-and-country"),
    pytest.param("São Paulo, Brazil", "America/Sao_Paulo", id="accents"),
    pytest.param("Hoorn, Netherlands", "Europe/Amsterdam", id="unknown-town-one-zone-country"),
])
def test_city_and_country(name: str, zone: str) -> None:
    assert timezone_for_place(name) == zone


@pytest.mark.parametrize("name", [
    pytest.param("Paris, Texas", id="not-a-country"),
    pytest.param("Smalltown, USA", id="unknown-town-many-zone-country"),
])
def test_city_and_country_not_found(name: str) -> None:
    assert timezone_for_place(name) is None


@pytest.mark.parametrize(("typed", "zone"), [
    pytest.param("UTC+2", "Etc/GMT-2", id="utc-plus"), pytest.param("GMT+1", "Etc/GMT-1", id="gmt-plus"),
    pytest.param("+01:00", "Etc/GMT-1", id="iso"), pytest.param("UTC-5", "Etc/GMT+5", id="utc-minus"),
    pytest.param("utc −3", "Etc/GMT+3", id="typographic-minus"), pytest.param("UTC+14", "Etc/GMT-14", id="kiribati"),
    pytest.param("UTC-12", "Etc/GMT+12", id="baker-island"), pytest.param("UTC+0", "UTC", id="zero"),
])
def test_fixed_offsets_map_to_etc_gmt_with_the_sign_inverted(typed: str, zone: str) -> None:
    assert timezone_for_place(typed) == zone


@pytest.mark.parametrize("typed", [pytest.param("UTC+5:30", id="half-hour"), pytest.param("UTC+15", id="too-far"),
                                   pytest.param("UTC-13", id="too-far-west")])
def test_offsets_without_a_fixed_zone(typed: str) -> None:
    assert utc_offset(typed) is not None and timezone_for_place(typed) is None


def test_notes_for_fixed_offsets() -> None:
    assert zone_label("Etc/GMT+1") == "Etc/GMT+1 (UTC−1)" and zone_label("Europe/Paris") == "Europe/Paris"
    [inverted, daylight] = fixed_offset_notes("Etc/GMT+1", "Etc/GMT+1")
    assert "Etc/GMT+1 means UTC−1" in inverted and "daylight saving" in daylight
    [daylight] = fixed_offset_notes("Etc/GMT-2", "UTC+2")
    assert "does not follow daylight saving time" in daylight
    assert fixed_offset_notes("Europe/Paris", "Paris") == [] and fixed_offset_notes("UTC", "UTC") == []
