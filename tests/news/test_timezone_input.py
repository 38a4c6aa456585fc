"""What readers type for a time zone: "Paris, France", "Paris France", fixed offsets and Etc/GMT names."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from news.places import fixed_offset_notes, timezone_for_place, utc_offset, zone_label
from news.zone_abbreviations import zone_abbreviation
from news.zone_match import match_zone


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
    assert zone_label("Etc/GMT+1") == "UTC−1" and zone_label("Etc/GMT-3") == "UTC+3" and zone_label("Europe/Paris") == "Europe/Paris"
    [inverted, daylight] = fixed_offset_notes("Etc/GMT+1", "Etc/GMT+1")
    assert "Etc/GMT+1 means UTC−1" in inverted and "daylight saving" in daylight
    [daylight] = fixed_offset_notes("Etc/GMT-2", "UTC+2")
    assert "does not follow daylight saving time" in daylight
    assert fixed_offset_notes("Europe/Paris", "Paris") == [] and fixed_offset_notes("UTC", "UTC") == []


@pytest.mark.parametrize(("typed", "zone"), [
    pytest.param("BST", "Europe/London", id="bst-not-kabul"), pytest.param("IST", "Asia/Kolkata", id="ist-not-istanbul"),
    pytest.param("JST", "Asia/Tokyo", id="jst"), pytest.param("KST", "Asia/Seoul", id="kst-not-khartoum"),
    pytest.param("HKT", "Asia/Hong_Kong", id="hkt-not-bangkok"), pytest.param("EAT", "Africa/Nairobi", id="eat"),
    pytest.param("ART", "America/Argentina/Buenos_Aires", id="art"), pytest.param("AST", "Asia/Riyadh", id="ast"),
    pytest.param("PST", "America/Los_Angeles", id="pst"), pytest.param("pdt", "America/Los_Angeles", id="lower-case"),
    pytest.param("CST", "America/Chicago", id="cst"), pytest.param("EDT", "America/New_York", id="edt"),
    pytest.param("EST", "America/New_York", id="est-follows-new-york"), pytest.param("MST", "America/Denver", id="mst"),
    pytest.param("CEST", "Europe/Paris", id="cest"), pytest.param("CET", "Europe/Paris", id="cet"),
    pytest.param("MSK", "Europe/Moscow", id="msk"), pytest.param("AEST", "Australia/Sydney", id="aest"),
    pytest.param("SGT", "Asia/Singapore", id="sgt"), pytest.param("NZST", "Pacific/Auckland", id="nzst"),
    pytest.param("SAST", "Africa/Johannesburg", id="sast"), pytest.param("GMT", "UTC", id="gmt"),
    pytest.param("UTC", "UTC", id="utc"),
])
def test_zone_abbreviations_name_their_zone_not_an_airport(typed: str, zone: str) -> None:
    assert timezone_for_place(typed) == zone


@pytest.mark.parametrize(("typed", "zone", "place"), [
    pytest.param("LAX", "America/Los_Angeles", "Los Angeles, United States", id="los-angeles-airport"),
    pytest.param("SFO", "America/Los_Angeles", "San Francisco, United States", id="san-francisco-airport"),
    pytest.param("DXB", "Asia/Dubai", "Dubai, United Arab Emirates", id="dubai-airport"),
    pytest.param("HCMC", "Asia/Ho_Chi_Minh", "Ho Chi Minh City, Vietnam", id="city-initials"),
    pytest.param("NYC", "America/New_York", "New York City, United States", id="nyc"),
    pytest.param("MAN", "Europe/London", "Manchester, United Kingdom", id="code-before-a-smaller-town-of-that-name"),
])
def test_a_big_citys_code_names_the_city(typed: str, zone: str, place: str) -> None:
    found = match_zone(typed, datetime(2026, 12, 3, tzinfo=timezone.utc))
    assert found is not None and (found.zone, found.place) == (zone, place)
    assert found.notes[0] == f"{typed} taken as the code for {place.split(',')[0]}."


@pytest.mark.parametrize("typed", [pytest.param("XYZ", id="unknown-abbreviation"),
                                   pytest.param("ALV", id="a-small-towns-code"),
                                   pytest.param("lax", id="lower-case-is-a-word-not-a-code")])
def test_codes_of_small_places_and_unknown_codes_are_no_places(typed: str) -> None:
    assert timezone_for_place(typed) is None


def test_cat_with_a_cedilla_is_still_the_town_in_turkey() -> None:
    assert timezone_for_place("Çat") == "Europe/Istanbul" and timezone_for_place("CAT") == "Africa/Maputo"


def test_ambiguous_abbreviation_says_how_to_get_the_others() -> None:
    ist = zone_abbreviation("ist")
    assert ist is not None and ist.note() == (
        "IST taken as India Standard Time (Asia/Kolkata); for Ireland or Israel, /timezone Dublin or /timezone Jerusalem. "
        "Naming your city is surer: a city keeps its own daylight saving dates.")
    cst = zone_abbreviation("CST")
    assert cst is not None and "for China Standard Time, /timezone Beijing" in cst.note()
    pdt = zone_abbreviation("PDT")
    assert pdt is not None and pdt.note().startswith("PDT taken as US Pacific time (America/Los_Angeles). Naming")
    assert zone_abbreviation("Paris") is None and zone_abbreviation("Çat") is None


WHEN = datetime(2026, 11, 25, tzinfo=timezone.utc)


@pytest.mark.parametrize(("typed", "zone", "place"), [
    pytest.param("Nice", "Europe/Paris", "Nice, France", id="city"),
    pytest.param("paris france", "Europe/Paris", "Paris, France", id="city-and-country"),
    pytest.param("Hoorn, Netherlands", "Europe/Amsterdam", "Hoorn, Netherlands", id="town-we-do-not-know"),
    pytest.param("Bombay", "Asia/Kolkata", "Mumbai, India", id="alternate-name"),
    pytest.param("USA", "America/New_York", "United States", id="country"),
    pytest.param("Москва", "Europe/Moscow", "Москва", id="other-script"),
    pytest.param("PST", "America/Los_Angeles", "", id="abbreviation"),
    pytest.param("UTC+3", "Etc/GMT-3", "", id="offset"), pytest.param("europe/paris", "Europe/Paris", "", id="zone-name"),
])
def test_match_names_the_place_the_words_were_taken_as(typed: str, zone: str, place: str) -> None:
    match = match_zone(typed, WHEN)
    assert match is not None and (match.zone, match.place) == (zone, place)


def test_match_notes_what_the_reader_should_know() -> None:
    springfield = match_zone("Springfield", WHEN)
    assert springfield is not None and springfield.notes == (
        "Another Springfield keeps other times: if yours is not this one, /timezone New York or /timezone Los Angeles "
        "sets its clock.",)
    paris = match_zone("Paris", WHEN)  # Paris, Texas has about 1% of its people: not worth a word
    assert paris is not None and paris.notes == ()
    georgia = match_zone("Georgia", WHEN)
    assert georgia is not None and georgia.notes[0] == "Georgia the country; for the US state, /timezone Atlanta."
    ist = match_zone("IST", WHEN)
    assert ist is not None and ist.notes[0].startswith("IST taken as India Standard Time (Asia/Kolkata)")
    russia = match_zone("Russia", WHEN)
    assert russia is not None and russia.notes[0].startswith("Russia has more than one time zone")
    assert match_zone("Atlantis-on-Sea", WHEN) is None
