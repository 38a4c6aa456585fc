"""Pointers for what readers type that is no country or topic of ours, or more than one country.

The bot follows countries and twelve broad topics, with keyword filters to narrow either. A sport, a disease, an
election, a kind of disaster or of crime, an army or a tech company is a keyword within a topic ("football" →
/subscribe sport +football, "earthquakes" → /subscribe disasters +earthquake +quake), which /search also finds in
every topic; a region is its countries, or a keyword within World ("europe" → a few of its countries, or
/subscribe world +europe). A name two countries share ("Congo", "Korea") is followed as the one most readers mean,
and the reply says how to get the other.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from news.countries import country_by_code
from news.topics import topic_by_key

def _pointing(topic: str, words: str, *keywords: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each of the comma-separated `words` → the topic and the keywords that filter its stories (the word itself
    when none are given). A keyword finds its plural and singular too (news.digest), not a longer word: +quake
    misses "earthquake", so an earthquake's words get both."""
    return {word: (topic, keywords or (word,)) for word in words.split(", ")}


def _with_plurals(topic: str, words: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each of the comma-separated `words` and its plural ("tornadoes") → the topic and the word as its keyword."""
    return {form: (topic, (word,)) for word in words.split(", ")
            for form in (word, word + ("es" if word.endswith("o") else "s"))}


# A word → (the topic whose stories it is in, the keywords to filter them by).
_WITHIN_TOPIC: dict[str, tuple[str, tuple[str, ...]]] = {
    **_pointing("sport", "football, soccer, cricket, tennis, rugby, basketball, baseball, golf, boxing, cycling, "
                         "athletics, olympics, nfl, nba, formula 1, f1, world cup"),
    **_pointing("health", "covid, covid-19, coronavirus, vaccine, vaccines, pandemic, cancer, mpox, flu, nhs, "
                          "dementia, diabetes, obesity, malaria, measles, hiv, dengue, cholera, mental health"),
    **_pointing("health", "covid19", "covid-19"), **_pointing("health", "corona", "coronavirus"),
    **_pointing("health", "alzheimer's, alzheimers", "alzheimer"), **_with_plurals("health", "hospital"),
    **_pointing("politics", "election, elections, vote, voting, polls", "election"),
    **_pointing("business", "stocks, shares, stock market, oil, crypto, bitcoin, inflation"),
    **_pointing("business", "stock", "stocks"),
    **_pointing("disaster", "earthquake, earthquakes, quake, quakes", "earthquake", "quake"),
    **_pointing("disaster", "flood, floods, flooding", "flood", "flooding"),
    **_pointing("disaster", "volcano, volcanoes, eruption, eruptions", "volcano", "eruption"),
    **_with_plurals("disaster", "hurricane, typhoon, cyclone, tornado, wildfire, bushfire, tsunami, storm, landslide, "
                                "avalanche"),
    **_pointing("conflict", "army, military, troops, ceasefire, nato, invasion"),
    **_with_plurals("conflict", "missile"),
    **_pointing("conflict", "terrorism, terror, terrorist, terrorists", "terrorism", "terrorist", "terror"),
    **_pointing("technology", "apple, google, microsoft, amazon, meta, samsung, tesla, nvidia, openai, chatgpt, "
                              "twitter, spacex, android, social media"),
    **_with_plurals("technology", "iphone, smartphone"), **_pointing("technology", "musk, elon musk", "musk"),
    **_pointing("technology", "artificial intelligence", "ai", "artificial intelligence"),
    **_pointing("technology", "cybersecurity, cyberattack, cyberattacks, hacking, hackers", "cyberattack", "hackers",
                "cybersecurity"),
    **_pointing("technology", "gaming, video games", "gaming", "video games"),
    **_pointing("technology", "robots, robotics", "robot", "robotics"),
    **_pointing("technology", "chips, semiconductors", "chips", "semiconductors"),
    **_with_plurals("crime", "murder, shooting, stabbing, scam"),
    **_pointing("crime", "fraud, homicide, theft, robbery, burglary, kidnapping, trafficking, smuggling"),
    **_pointing("crime", "prison, jail", "prison", "jail"),
    **_pointing("climate", "emissions, carbon, pollution, deforestation, biodiversity, cop28, net zero"),
    **_with_plurals("climate", "heatwave, drought"),
    **_pointing("climate", "renewables, renewable energy", "renewable"),
    **_pointing("science", "nasa, astronomy, physics, chemistry, biology, archaeology, mars, moon"),
    **_with_plurals("science", "dinosaur, fossil"),
}

# A region → a few of its countries, as /subscribe reads them, and the keyword its stories say.
_REGIONS: dict[str, tuple[str, str]] = {
    "europe": ("France, Germany, Italy, Spain, United Kingdom, Ukraine", "europe"),
    "eu": ("France, Germany, Italy, Spain, Poland, Netherlands", "eu"),
    "european union": ("France, Germany, Italy, Spain, Poland, Netherlands", "eu"),
    "africa": ("Nigeria, South Africa, Kenya, Egypt, Ethiopia, DR Congo", "africa"),
    "north africa": ("Morocco, Algeria, Tunisia, Libya, Egypt", "north africa"),
    "maghreb": ("Morocco, Algeria, Tunisia, Libya, Mauritania", "maghreb"),
    "asia": ("China, India, Japan, South Korea, Indonesia, Pakistan", "asia"),
    "east asia": ("China, Japan, South Korea, North Korea, Taiwan", "asia"),
    "south asia": ("India, Pakistan, Bangladesh, Sri Lanka, Nepal, Afghanistan", "south asia"),
    "southeast asia": ("Indonesia, Philippines, Vietnam, Thailand, Malaysia, Myanmar", "southeast asia"),
    "middle east": ("Israel, Palestine, Iran, Iraq, Syria, Lebanon, Saudi Arabia", "middle east"),
    "gulf": ("Saudi Arabia, United Arab Emirates, Qatar, Kuwait, Oman, Bahrain", "gulf"),
    "latin america": ("Brazil, Mexico, Argentina, Colombia, Chile, Venezuela", "latin america"),
    "south america": ("Brazil, Argentina, Colombia, Chile, Peru, Venezuela", "south america"),
    "central america": ("Guatemala, Honduras, El Salvador, Nicaragua, Costa Rica, Panama", "central america"),
    "caribbean": ("Cuba, Haiti, Dominican Republic, Jamaica, Puerto Rico", "caribbean"),
    "north america": ("United States, Canada, Mexico", "north america"),
    "oceania": ("Australia, New Zealand, Papua New Guinea, Fiji", "pacific"),
    "balkans": ("Serbia, Bosnia and Herzegovina, Kosovo, Albania, North Macedonia, Croatia", "balkans"),
    "scandinavia": ("Sweden, Norway, Denmark, Finland, Iceland", "scandinavia"),
}

def _describe(kind: str, value: str) -> str:
    """"🇨🇬 Republic of the Congo", "⚽ Sport" (as handlers.subscription_names.describe, which reads this module)."""
    found = country_by_code(value) if kind == "country" else topic_by_key(value)
    return f"{found.flag} {found.name}" if kind == "country" else f"{found.emoji} {found.name}"  # type: ignore[union-attr]


def plain_name(kind: str, value: str) -> str:
    """The name /subscribe reads back: "South Korea", "tech"."""
    found = country_by_code(value) if kind == "country" else topic_by_key(value)
    if found is None:
        return value
    return found.name if kind == "country" else found.command  # type: ignore[union-attr]


HINTED = frozenset(_WITHIN_TOPIC) | frozenset(_REGIONS)  # read as one phrase: "latin america" is not "america"


def topic_within(phrase: str) -> str | None:
    """The topic whose stories a word within it ("football" → sport) is in; None for any other phrase."""
    found = _WITHIN_TOPIC.get(" ".join(phrase.lower().split()))
    return found[0] if found else None


def hint_for(phrase: str) -> str | None:
    """The pointer for a phrase that is no country or topic but says what the reader wants; None otherwise."""
    key = " ".join(phrase.lower().split())
    if key in _WITHIN_TOPIC:
        topic, keywords = _WITHIN_TOPIC[key]
        shown = [html.escape(f'"{keyword}"' if " " in keyword else keyword) for keyword in keywords]
        them = "it" if len(shown) == 1 else "either" if len(shown) == 2 else "any of them"
        name, command = html.escape(_describe("topic", topic)), plain_name("topic", topic)
        filters = " ".join(f"+{keyword}" for keyword in shown)
        return (f"“{html.escape(phrase)}” is no topic of its own: /subscribe {command} {filters} follows the {name} "
                f"stories that mention {them} (/subscribe {command} alone follows them all); "
                f"/search {' OR '.join(shown)} finds the latest that mention {them}, in every topic.")
    if key in _REGIONS:
        countries, keyword = _REGIONS[key]
        shown = f'"{keyword}"' if " " in keyword else keyword
        return (f"“{html.escape(phrase)}” is a region, and I follow countries: /subscribe {countries} follows some of "
                f"its countries; /subscribe world +{html.escape(shown)} follows the 🌍 World &amp; diplomacy stories that "
                "mention it.")
    return None


@dataclass(frozen=True)
class Shared:
    """A name two countries share: the one it is taken as, and how to get the other."""
    taken: str  # ISO code
    other: str
    other_command: str  # what /subscribe reads as the other
    taken_command: str  # what /unsubscribe reads as this one only


_SHARED_NAMES = {
    "congo": Shared("CG", "CD", "DR Congo", "Congo-Brazzaville"),
    "korea": Shared("KR", "KP", "North Korea", "South Korea"),
}


def shared_name(phrase: str) -> Shared | None:
    return _SHARED_NAMES.get(" ".join(phrase.lower().split()))


def shared_name_line(phrase: str, shared: Shared) -> str:
    """'“Congo” is two countries: this is 🇨🇬 Republic of the Congo. For 🇨🇩 … instead: /subscribe DR Congo …'"""
    return (f"“{html.escape(phrase)}” can mean two countries: I took it as {html.escape(_describe('country', shared.taken))}. "
            f"For {html.escape(_describe('country', shared.other))} instead: /subscribe {shared.other_command}, "
            f"then /unsubscribe {shared.taken_command}.")


def excluded_name_line(keyword: str, kind: str, value: str) -> str:
    """A -keyword that names what is followed: it leaves out nearly all of it."""
    name, typed = html.escape(_describe(kind, value)), html.escape(plain_name(kind, value))
    return (f"⚠️ -{html.escape(keyword)} leaves out every story that says “{html.escape(keyword)}”, and nearly every "
            f"{name} story does: its section of the digest will be almost empty. To leave out a subject, name it "
            f"(/subscribe {typed} -football); /subscribe {typed} + clears the filters.")
