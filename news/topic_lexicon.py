"""Keyword layer for topics that no labelled dataset here covers (science, health, conflict, climate), and a
nudge for politics beyond British politics (BBC's only politics) and for world affairs.

Terms are in the classifier's token form (lower-case words, bigrams joined by one space). A topic's
lexicon score grows with the distinct terms found, title terms counting double: see `lexicon_scores`.
These lists are judgement, not data: keep them to words that mostly mean the topic in news copy.
"""
from __future__ import annotations

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


def lexicon_scores(title_grams: set[str], body_grams: set[str]) -> dict[str, float]:
    """Per topic, min(1, (2 × distinct title terms + min(distinct body terms, 4)) / 8)."""
    scores = {}
    for topic, terms in LEXICON.items():
        hits = TITLE_WEIGHT * len(terms & title_grams) + min(BODY_CAP, len(terms & body_grams))
        scores[topic] = min(1.0, hits / SATURATION)
    return scores
