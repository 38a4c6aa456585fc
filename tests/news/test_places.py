"""Time zones for named places and shared locations."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from news.places import clock_name, country_clocks, timezone_for_location, timezone_for_place


@pytest.mark.parametrize(("name", "zone"), [
    ("Rabat", "Africa/Casablanca"), ("New York", "America/New_York"), ("Morocco", "Africa/Casablanca"),
    ("London", "Europe/London"), ("africa/casablanca", "Africa/Casablanca"), ("Europe/London", "Europe/London"),
    ("Tokyo", "Asia/Tokyo"), ("sao paulo", "America/Sao_Paulo"), ("Kiev", "Europe/Kyiv"),
    ("USA", "America/New_York"), ("Côte d'Ivoire", "Africa/Abidjan"), ("  Paris ", "Europe/Paris"),
])
def test_timezone_for_place(name: str, zone: str) -> None:
    assert timezone_for_place(name) == zone


@pytest.mark.parametrize("name", ["narnia", "", "   "])
def test_unknown_place_has_no_zone(name: str) -> None:
    assert timezone_for_place(name) is None


@pytest.mark.parametrize(("lat", "lon", "zone"), [
    (34.02, -6.84, "Africa/Casablanca"), (40.71, -74.0, "America/New_York"), (51.5, -0.12, "Europe/London"),
    (35.68, 139.69, "Asia/Tokyo"),
])
def test_timezone_for_location_uses_the_nearest_city(lat: float, lon: float, zone: str) -> None:
    assert timezone_for_location(lat, lon) == zone


def test_location_mid_ocean_or_impossible_has_no_zone() -> None:
    assert timezone_for_location(0.0, -140.0) is None
    assert timezone_for_location(91.0, 0.0) is None


def test_country_clocks_name_other_times_but_no_zone_the_tz_database_gives_two_countries() -> None:
    when = datetime(2026, 11, 25, tzinfo=timezone.utc)
    spain = country_clocks("Spain", when)
    assert spain is not None and (spain.zone, spain.elsewhere) == ("Europe/Madrid", ("Las Palmas de Gran Canaria",))
    assert spain.note() == ("Spain has more than one time zone: this is Madrid's. "
                            "Elsewhere there? Name your city, like /timezone Las Palmas de Gran Canaria.")
    assert country_clocks("Ukraine", when) is None  # Europe/Simferopol is "RU,UA" in zone1970.tab
    assert country_clocks("Morocco", when) is None and country_clocks("Rabat", when) is None


@pytest.mark.parametrize(("zone", "name"), [
    ("Europe/Paris", "Paris time"), ("America/New_York", "New York time"),
    ("America/Argentina/Buenos_Aires", "Buenos Aires time"), ("UTC", "UTC"), ("Etc/GMT", "UTC"), ("Etc/GMT-2", "UTC+2"),
])
def test_a_zone_is_named_by_whose_clock_it_is(zone: str, name: str) -> None:
    assert clock_name(zone) == name
