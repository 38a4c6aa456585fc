"""Time-zone abbreviations readers type ("PST", "IST", "CEST"), each taken as one representative IANA zone.

An abbreviation names a clock, not a place, and several are shared: CST is US Central and China, IST is
India, Ireland and Israel. Each is taken as the reading most people mean, and the reader is told how to get
the others. Standard and summer names ("PST", "PDT") give the same place's zone, which follows daylight
saving time itself: someone who types "PST" in winter still wants Los Angeles time in July.

Without this table geonames' alternate names answered: they hold IATA airport codes, so "BST" was Kabul
and "IST" Istanbul.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATION = re.compile(r"[A-Za-z]{2,4}")  # ASCII only: "Çat" is a town in Turkey, "CAT" Central Africa Time


@dataclass(frozen=True)
class ZoneAbbreviation:
    abbreviation: str  # as the table spells it: "IST"
    zone: str  # "Asia/Kolkata"
    meaning: str  # what it is taken as: "India Standard Time"
    others: str = ""  # how to get the other readings, a sentence fragment: "for Ireland or Israel, /timezone Dublin …"

    def note(self) -> str:
        """What the reader should know, as plain sentences."""
        others = f"; {self.others}" if self.others else ""
        return (f"{self.abbreviation} taken as {self.meaning} ({self.zone}){others}. "
                "Naming your city is surer: a city keeps its own daylight saving dates.")


def _table(*rows: tuple[str, str, str, str]) -> dict[str, ZoneAbbreviation]:
    """Rows of (abbreviations, zone, meaning, others); several abbreviations (standard, summer, generic) may
    share a row, and only the first of them gets its `others`."""
    table: dict[str, ZoneAbbreviation] = {}
    for names, zone, meaning, others in rows:
        first, *rest = names.split()
        table[first] = ZoneAbbreviation(first, zone, meaning, others)
        table.update((name, ZoneAbbreviation(name, zone, meaning)) for name in rest)
    return table


_ABBREVIATIONS = _table(
    ("PST PDT PT", "America/Los_Angeles", "US Pacific time", "for the Philippines, /timezone Manila"),
    ("MST MDT MT", "America/Denver", "US Mountain time", "for Arizona, which keeps MST all year, /timezone Phoenix"),
    ("CST CDT CT", "America/Chicago", "US Central time", "for China Standard Time, /timezone Beijing"),
    ("EST EDT ET", "America/New_York", "US Eastern time", ""),
    ("AKST AKDT", "America/Anchorage", "Alaska time", ""),
    ("HST", "Pacific/Honolulu", "Hawaii time", ""),
    ("AST", "Asia/Riyadh", "Arabia Standard Time",
     "for Atlantic time (Halifax, Puerto Rico), /timezone Halifax or /timezone San Juan"),
    ("ADT", "America/Halifax", "Atlantic time", ""),
    ("NST NDT", "America/St_Johns", "Newfoundland time", ""),
    # GMT is UTC all year, as in Accra and Dakar; the UK keeps it only in winter and says BST in summer.
    ("GMT", "UTC", "Greenwich Mean Time, UTC all year", "for the UK's clock, GMT in winter and BST in summer, "
     "/timezone London"),
    ("BST", "Europe/London", "British Summer Time", "for Bangladesh, /timezone Dhaka"),
    ("IST", "Asia/Kolkata", "India Standard Time", "for Ireland or Israel, /timezone Dublin or /timezone Jerusalem"),
    ("WET WEST", "Europe/Lisbon", "Western European time", ""),
    ("CET CEST", "Europe/Paris", "Central European time", ""),
    ("EET EEST", "Europe/Athens", "Eastern European time", ""),
    ("MSK", "Europe/Moscow", "Moscow time", ""),
    ("TRT", "Europe/Istanbul", "Turkey time", ""),
    ("WAT", "Africa/Lagos", "West Africa Time", ""),
    ("CAT", "Africa/Maputo", "Central Africa Time", ""),
    ("EAT", "Africa/Nairobi", "East Africa Time", ""),
    ("SAST", "Africa/Johannesburg", "South Africa Standard Time", ""),
    ("GST", "Asia/Dubai", "Gulf Standard Time", ""),
    ("IRST", "Asia/Tehran", "Iran Standard Time", ""),
    ("PKT", "Asia/Karachi", "Pakistan time", ""),
    ("NPT", "Asia/Kathmandu", "Nepal time", ""),
    ("ICT", "Asia/Bangkok", "Indochina Time", ""),
    ("WIB", "Asia/Jakarta", "Western Indonesia Time", ""),
    ("WITA", "Asia/Makassar", "Central Indonesia Time", ""),
    ("WIT", "Asia/Jayapura", "Eastern Indonesia Time", ""),
    ("PHT PHST", "Asia/Manila", "Philippine time", ""),
    ("SGT", "Asia/Singapore", "Singapore time", ""),
    ("MYT", "Asia/Kuala_Lumpur", "Malaysia time", ""),
    ("HKT", "Asia/Hong_Kong", "Hong Kong time", ""),
    ("JST", "Asia/Tokyo", "Japan Standard Time", ""),
    ("KST", "Asia/Seoul", "Korea Standard Time", ""),
    ("AEST AEDT", "Australia/Sydney", "Australian Eastern time",
     "for Queensland, which keeps AEST all year, /timezone Brisbane"),
    ("ACST ACDT", "Australia/Adelaide", "Australian Central time",
     "for the Northern Territory, which keeps ACST all year, /timezone Darwin"),
    ("AWST", "Australia/Perth", "Australian Western time", ""),
    ("NZST NZDT", "Pacific/Auckland", "New Zealand time", ""),
    ("ART", "America/Argentina/Buenos_Aires", "Argentina time", ""),
    ("BRT", "America/Sao_Paulo", "Brasília time", ""),
    ("CLT CLST", "America/Santiago", "Chile time", ""),
    ("COT", "America/Bogota", "Colombia time", ""),
    ("PET", "America/Lima", "Peru time", ""),
    ("VET", "America/Caracas", "Venezuela time", ""),
)


def zone_abbreviation(text: str) -> ZoneAbbreviation | None:
    """The zone a typed abbreviation ("PST", "ist") is taken as; None for anything else."""
    query = text.strip()
    return _ABBREVIATIONS.get(query.upper()) if _ABBREVIATION.fullmatch(query) else None


def looks_like_a_code(text: str) -> bool:
    """Two to four capitals ("BST", "XYZ"): an abbreviation or a code. Geonames' alternate names hold airport
    codes ("IST" is Istanbul's, "BST" a town's near Kabul), so such an alternate name is never matched."""
    return _ABBREVIATION.fullmatch(text) is not None and text.isupper()
