"""Keyword layer for topics that no labelled dataset here covers (science, health, conflict, climate), and a
nudge for politics beyond British politics (BBC's only politics) and for world affairs.

Terms are in the classifier's token form (lower-case words, bigrams joined by one space). A topic's
lexicon score grows with the distinct terms found, title terms counting double: see `lexicon_scores`.
These lists are judgement, not data: keep them to words that mostly mean the topic in news copy.
"""
from __future__ import annotations

from itertools import chain

LEXICON: dict[str, frozenset[str]] = {
    "science": frozenset("""
scientists scientist researchers astronomers physicists biologists nasa esa spacecraft telescope asteroid
comet galaxy planet planets mars moon lunar orbit rocket astronaut astronauts fossil fossils dinosaur
dinosaurs species evolution genome dna gene genes physics chemistry particle quantum archaeologists
archaeological excavation study published laboratory experiment
""".split()) | {"science journal", "space station", "black hole", "new species", "the study"},
    "health": frozenset("""
health hospital hospitals patients patient doctors nurses nhs medical medicine disease diseases virus
vaccine vaccines vaccination covid pandemic outbreak cancer diabetes obesity dementia alzheimer's
infection infections symptoms treatment surgery cdc flu measles malaria hiv
""".split()) | {"public health", "mental health", "world health", "health care", "healthcare"},
    "conflict": frozenset("""
war wars troops military army soldiers militants insurgents rebels airstrike airstrikes missile missiles
drone drones shelling bombing bombs airstrike ceasefire invasion
offensive frontline hostages hostage terrorist terrorism terror jihadists insurgency coup gunmen
artillery tanks weapons nato pentagon defence defense
""".split()) | {"armed forces", "air strike", "air strikes", "peace talks", "war crimes"},
    "climate": frozenset("""
climate emissions carbon warming greenhouse renewable renewables solar wildfire wildfires drought
heatwave floods flooding deforestation biodiversity pollution environmental cop28 glaciers
extinction conservation wildlife
""".split()) | {"climate change", "global warming", "net zero", "fossil fuels", "sea level", "extreme weather"},
    "politics": frozenset("""
election elections elected vote votes voters voting ballot campaign senate senator senators congress
congressional parliament parliamentary lawmakers legislation republicans republican democrats democratic
governor mp mps minister ministers labour tory tories conservatives opposition referendum impeachment
presidential
""".split()) | {"prime minister", "white house", "supreme court"},
    "world": frozenset("""
diplomat diplomats diplomatic embassy ambassador summit foreign sanctions un treaty refugees
""".split()) | {"united nations", "foreign minister", "foreign secretary", "secretary of state"},
}

TITLE_WEIGHT = 2  # a term in the headline counts as much as two in the body
BODY_CAP = 4  # long bodies hit many terms by chance: the body alone can give at most half the score
SATURATION = 8.0  # this many weighted hits give a lexicon score of 1


# Each term's topics, the key of a bigram term being its word pair: a document's terms are then found in
# one pass over its words and word pairs, with no bigram string built.
_TERM_TOPICS: dict[str | tuple[str, ...], list[str]] = {}
for _topic, _terms in LEXICON.items():
    for _term in _terms:
        _words = tuple(_term.split(" "))
        _TERM_TOPICS.setdefault(_words if len(_words) > 1 else _term, []).append(_topic)


def lexicon_scores(title_words: list[str], body_words: list[str]) -> dict[str, float]:
    """Per topic, min(1, (2 × distinct title terms + min(distinct body terms, 4)) / 8)."""
    title_hits = _hits(title_words)
    body_hits = _hits(body_words)
    return {topic: min(1.0, (TITLE_WEIGHT * title_hits[topic] + min(BODY_CAP, body_hits[topic])) / SATURATION)
            for topic in LEXICON}


def _hits(words: list[str]) -> dict[str, int]:
    """Per topic, how many of its distinct terms are among `words` and their bigrams."""
    hits = dict.fromkeys(LEXICON, 0)
    for term in _TERM_TOPICS.keys() & chain(words, zip(words, words[1:])):
        for topic in _TERM_TOPICS[term]:
            hits[topic] += 1
    return hits
