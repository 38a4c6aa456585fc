"""Country names in other languages, and flag emoji, for what readers type: /news Maroc, /subscribe Marokko,
"المغرب" or "Марокко" in a private chat, 🇲🇦.

The names are ISO 3166's own translations, the gettext catalogues pycountry ships, in LANGUAGES (the languages
of most news readers on Telegram), and the few short names they lack (SHORT_NAMES: "Россия"). Tagging articles stays with the English gazetteer (news.gazetteer): these
only name a country a reader asks for.
"""
from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Iterable

import pycountry

LANGUAGES = ("ar", "de", "es", "fa", "fr", "he", "hi", "id", "it", "ja", "ko", "nl", "pl", "pt", "ru", "tr", "uk",
             "zh_CN", "zh_TW")
# A Latin-script name this short is more likely a word (Turkish "Fas" is Morocco, "Çin" China): left out.
MIN_LATIN_KEY = 4
# Names everyone uses that no catalogue has: ISO 3166 calls Russia only "Russian Federation", and most catalogues
# follow ("Российская Федерация", "Russie, Fédération de"); Arabic and Persian have Iran only inverted ("إيران،
# الجمهوريّة الإسلاميّة الإيرانيّة"). Checked against pycountry's catalogues: none of these is in them.
SHORT_NAMES = {"RU": ("Россия", "Росія", "روسيا", "روسیه", "רוסיה", "俄羅斯", "ロシア", "러시아", "रूस", "Rusya",
                      "Russland", "Rusia", "Russie", "Rosja"),
               "IR": ("إيران", "ایران")}
_REGIONAL_A = 0x1F1E6  # REGIONAL INDICATOR SYMBOL LETTER A: a flag is two of them, spelling the ISO code
_FLAG = re.compile("[\U0001F1E6-\U0001F1FF]{2}")


def name_key(text: str) -> str:
    """The form names are compared in: letters and digits only, case and accents (and Arabic or Hebrew vowel
    marks) dropped, so "États-Unis", "etats unis" and "ÉTATS-UNIS" meet."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch.isalnum()).casefold()


def flag_code(text: str) -> str | None:
    """"🇲🇦" → "MA"; None for anything else."""
    text = text.strip()
    if len(text) != 2 or not all(_REGIONAL_A <= ord(ch) < _REGIONAL_A + 26 for ch in text):
        return None
    return "".join(chr(ord(ch) - _REGIONAL_A + ord("A")) for ch in text)


def separate_flags(text: str) -> str:
    """Flags typed side by side ("🇲🇦🇮🇱", as emoji keyboards put them) with a space between each."""
    return _FLAG.sub(lambda m: m.group(0) + " ", text).rstrip() if _FLAG.search(text) else text


def translated_names(codes: Iterable[str]) -> dict[str, str]:
    """name_key → ISO code for each country's names in LANGUAGES and its SHORT_NAMES; a key two countries share
    is left out."""
    found: dict[str, str] = {}
    shared: set[str] = set()
    catalogues = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language]) for language in LANGUAGES]
    for code in codes:
        entry = pycountry.countries.get(alpha_2=code)
        if entry is None:
            continue
        english = {getattr(entry, field, None) for field in ("name", "common_name", "official_name")} - {None}
        names = [catalogue.gettext(name) for catalogue in catalogues for name in english]
        for key in map(name_key, [*names, *SHORT_NAMES.get(code, ())]):
            if len(key) < (MIN_LATIN_KEY if key.isascii() else 2):
                continue
            if found.setdefault(key, code) != code:
                shared.add(key)
    return {key: code for key, code in found.items() if key not in shared}
