"""Keyword layer for topics that no labelled dataset here covers (science, health, conflict, climate,
disaster, crime), a nudge for politics beyond British politics (BBC's only politics) and for world affairs, and the
words of sport and of technology that the classifier's sport and technology need beside them (see news.topics).

Terms are in the classifier's token form (lower-case words, bigrams joined by one space). A topic's
lexicon score grows with the distinct terms found, title terms counting double: see `lexicon_scores`.
These lists are judgement, not data: keep them to words that mostly mean the topic in news copy.
"""
from __future__ import annotations

from itertools import chain

LEXICON: dict[str, frozenset[str]] = {
    "science": frozenset("""
scientists scientist researchers astronomers physicists biologists nasa esa spacecraft telescope asteroid
comet galaxies mars moon lunar orbit rocket astronaut astronauts fossil fossils dinosaur
dinosaurs species evolution genome dna gene genes physics chemistry particle quantum archaeologists
archaeological excavation study published laboratory experiment
""".split()) | {"science journal", "space station", "new species", "the study"},
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
    # Floods, droughts, heatwaves and wildfires are weather and disasters first: they count for climate only
    # beside a climate term (SUPPORTING), so a flood report is Disasters, not Climate too.
    "climate": frozenset("""
climate emissions carbon warming renewable renewables deforestation biodiversity pollution
environmental cop28 glaciers extinction conservation wildlife
""".split()) | {"climate change", "global warming", "net zero", "fossil fuels", "sea level", "greenhouse gas",
                "greenhouse gases", "solar power", "solar energy", "solar panel", "solar panels", "solar farm",
                "wind farm", "wind power", "clean energy"},
    # Words that news copy also uses figuratively ("storms to victory", the Carolina Hurricanes, "disaster
    # recovery" software) are here only in forms that are mostly literal: a plural, a bigram.
    "disaster": frozenset("""
earthquake earthquakes quake quakes aftershock aftershocks richter tsunami tsunamis flood floods flooding flooded
floodwater floodwaters hurricane typhoon typhoons supertyphoon cyclone tornado tornadoes landfall wildfire
wildfires bushfire bushfires landslide landslides landslip mudslide mudslides avalanches volcano volcanoes
eruption lava capsized capsizes shipwreck derailment
""".split()) | {"natural disaster", "natural disasters", "boat accident", "plane crash", "train crash",
                "building collapse", "mine collapse", "gas explosion", "tropical storm", "storm surge", "winter storm",
                "severe storms", "powerful storm", "deadly storm", "storm kills", "storm killed", "storm warning",
                "heaviest rain", "heaviest rainfall", "record rainfall", "flash flood", "flash floods",
                "forest fire", "forest fires", "dam collapse", "dam collapses", "dam collapsed", "dams collapse",
                "dams burst", "dam burst", "dam bursts", "dam breach", "dam breaches", "dam failure", "burst dam",
                "burst dams", "avalanche warning",
                "volcanic eruption", "volcanic ash", "ash cloud"},
    # Sport is the classifier's, which learned it from how sport reports are told ("after", "today", "break",
    # "match", "charged") as much as from sport: a prison break, a court case or a concert review came out
    # Sport. Its terms here are sport's own, the ambiguous ones left out (match, game, season, title, victory,
    # break, goal, record), and sport without any of them counts for less (news.topics). "s open" is the
    # U.S. Open, as the tokens read it.
    "sport": frozenset("""
sport sports sporting sportsman sportswoman football footballer footballers soccer tennis golf golfer golfers
cricket cricketer cricketers rugby baseball basketball hockey boxing boxer athletics athlete athletes olympic
olympics olympian paralympic paralympics nba nfl nhl mlb nascar fifa uefa iaaf wnba ncaa pga atp wta f1 motogp
sprinter swimmer gymnast gymnastics wrestler ufc snooker darts jockey racecourse league leagues premiership
bundesliga serie liga championship championships tournament tournaments cup trophy coach coaches coaching squad
striker midfielder midfield winger goalkeeper goalie quarterback quarterbacks linebacker shortstop pitcher
pitchers inning innings batsman batsmen batter bowler wicket wickets touchdown touchdowns referee umpire
semifinal semifinals quarterfinal quarterfinals finals stadium medal medals medallist medalist teammate
teammates unbeaten playoff playoffs postseason qualifier qualifiers qualifying fixture fixtures odi t20
afl nrl mls footy doping peloton vuelta wimbledon volleyball cornerback lineman
""".split()) | {"world cup", "grand slam", "grand prix", "premier league", "champions league", "super bowl",
                "world series", "home run", "free kick", "extra time", "gold medal", "semi final", "quarter final",
                "formula one", "red sox", "white sox", "test match", "davis cup", "ryder cup", "six nations",
                "tour de", "us open", "s open", "french open", "australian open", "commonwealth games", "asian games",
                "invictus games", "break point", "match point", "set point", "hat trick", "personal best",
                "world number", "tight end", "running back", "wide receiver"},
    # Crime and the courts that try it. Words that sport, politics and business also use ("charged", "court", "judge",
    # "trial", "jury", "police", "assault", "robbed", "shot") count only beside one of these (SUPPORTING).
    "crime": frozenset("""
crime crimes criminal criminals murder murders murdered murderer murderers homicide homicides manslaughter stabbing
stabbings stabbed shootings gunman arrested arrest arrests detectives prosecutors prosecutor prosecution prosecuted
convicted convictions sentenced sentencing jailed jail prison prisons prisoner prisoners inmate inmates acquitted
indicted indictment fraud fraudster fraudsters theft thefts thief thieves burglary burglaries burglar burglars
robbery robberies robbers kidnapping kidnappings kidnapped kidnappers abducted abduction rape raped raping rapist
assaulted smuggling smugglers trafficking traffickers fugitive manhunt suspect suspects parole extradition
extradited laundering embezzlement bribery felony felon offender offenders courtroom scam scams scammer scammers
shoplifting shoplifters carjacking paedophile paedophiles pedophile crooks
""".split()) | {"sexual assault", "pleaded guilty", "pleads guilty", "found guilty", "not guilty", "mass shooting",
                "fatal shooting", "school shooting", "fatally shot", "fatally stabbed", "crown court",
                "magistrates court", "grand jury", "life sentence", "prison sentence", "jail term", "serial killer",
                "money laundering", "organised crime", "organized crime", "drug cartel", "drug cartels", "drug dealer",
                "drug dealers", "in custody", "on bail", "court heard", "court hears", "pleading guilty",
                "sexual abuse", "child abuse", "assault charge", "assault charges", "assault allegations",
                "accused killer", "cold case", "stand trial", "stands trial", "face trial", "faces trial",
                "escaped killer", "convicted killer", "suspected killer", "alleged killer"},
    # Technology is the classifier's, and with no topic of its own for lifestyle, recipes, puzzles or a disaster's
    # human story it gave them Technology: these are the words that confirm it (news.topics, NEEDS_KEYWORDS).
    # Words news copy uses for other things are left out ("phone", "website", "online", "digital", "data", "amazon",
    # "battery", "game", "cameras", "python"), are here in a bigram ("windows 11", "video game") or have their
    # figures of speech (FIGURATIVE: "one chip challenge").
    "technology": frozenset("""
technology technologies tech software hardware computer computers computing internet web browser browsers firefox
broadband app apps device devices smartphone smartphones iphone iphones ipad android ios macos macbook laptop
laptops desktop chromebook gadget pc pcs gadgets smartwatch smartwatches wearable wearables earbuds headphones
airpods headset headsets apple google alphabet microsoft meta reddit openai chatgpt anthropic nvidia intel amd
qualcomm tsmc samsung huawei xiaomi oneplus lenovo ibm cisco spacex starlink musk zuckerberg semiconductor
semiconductors chipmaker chipmakers microchip microchips processor processors cpu gpu gpus ai chatbot chatbots
algorithm algorithms deepfake deepfakes llm llms robot robots robotics driverless robotaxi robotaxis tesla ev evs
crypto cryptocurrency cryptocurrencies bitcoin blockchain ethereum nft nfts 5g wifi bluetooth usb oled cyber
cyberattack cyberattacks cybersecurity cybercrime hacker hackers hacked hacking malware ransomware spyware phishing
encryption password passwords firmware linux unix github programmer programmers coding javascript servers startup
startups metaverse gaming gamer gamers videogame videogames console consoles playstation ps5 xbox nintendo esports
gameplay multiplayer dlc modders chip chips keyboard keyboards webcam webcams logitech roomba vpn vpns npc npcs rpg
rpgs mods modding
""".split()) | {"artificial intelligence", "machine learning", "language model", "language models", "silicon valley",
                "big tech", "tech giant", "tech giants", "tech firm", "tech firms", "tech company", "data breach",
                "data centre", "data centres", "data center", "data centers", "cloud computing", "open source",
                "electric vehicle", "electric vehicles", "electric car", "electric cars", "self driving",
                "virtual reality", "augmented reality", "video game", "video games", "quantum computer",
                "quantum computers", "quantum computing", "social network", "search engine", "windows 11",
                "programming language", "programming languages", "streaming service", "streaming services",
                "social networks", "robot vacuum", "game pass", "ps plus", "steam deck", "indie game", "open beta",
                "lithium ion", "3d printer", "3d printers", "3d printing"},
    "politics": frozenset("""
election elections elected vote votes voter voters voting ballot campaign senate senator senators congress
congressional parliament parliamentary lawmaker lawmakers legislation republicans republican democrat democrats
democratic governor mp mps minister ministers labour tory tories conservatives opposition referendum impeachment
presidential
""".split()) | {"prime minister", "white house", "supreme court"},
    "world": frozenset("""
diplomat diplomats diplomatic embassy ambassador summit foreign sanctions un treaty refugees
""".split()) | {"united nations", "foreign minister", "foreign secretary"},
}

# Terms that count for a topic only beside one of its own: rescuers, the dead and the damage come with
# earthquakes and floods, and with wars, crashes and the Melbourne Storm too; floods and heatwaves come with
# climate change, and with the weather of any year.
SUPPORTING: dict[str, frozenset[str]] = {
    "disaster": frozenset("""
rescuers rescue rescued evacuated evacuate evacuating evacuation evacuations evacuees rubble debris ruins
survivors victims killed kills dead deaths toll missing injured trapped stranded homeless displaced shelters
devastated devastating devastation destroyed damage damaged collapsed catastrophic deadly aftermath relief aid
emergency disaster disasters magnitude epicentre epicenter tremor tremors seismic storm storms rain rains
rainfall torrential downpours deluge swamped submerged inundated thunderstorm thunderstorms rainstorm
rainstorms winds fire fires firefighters blaze
""".split()) | {"death toll", "feared dead", "rescue teams", "rescue workers", "emergency services",
                "first responders", "heavy rain", "heavy rains"},
    # Stories of every kind quote what someone posted on Instagram or YouTube: a platform is technology news beside
    # a word of technology ("TikTok's new AI labels"), not alone.
    "technology": frozenset("""
facebook instagram whatsapp tiktok youtube twitter snapchat linkedin spotify netflix
""".split()),
    "crime": frozenset("""
police officers detective charged charges court courts judge trial jury verdict guilty assault robbed shooting
killer victim victims detained investigation investigators lawyer lawyers attorney attorneys custody bail cartel
cartels conviction corruption fbi cops cop gang gangs gangster gangsters stolen
""".split()) | {"shot dead"},
    # Samsung's Galaxy phones, the planets of the Starfield game and a funding black hole are no science
    # without an astronomer or a telescope.
    "science": frozenset({"galaxy", "planet", "planets", "black hole"}),
    "climate": frozenset("""
drought droughts heatwave heatwaves floods flooding wildfire wildfires hottest temperatures
""".split()) | {"extreme weather", "record heat"},
}

# Figures of speech and names that take back the hit their word gives in the headline or the body ("a flood of
# orders", "Star Wars").
FIGURATIVE: dict[str, frozenset[str]] = {
    "conflict": frozenset({"star wars", "culture war", "culture wars", "price war", "price wars", "bidding war",
                           "console war", "console wars"}),
    # A film, a novel, a game (Grand Theft Auto), a heart attack, a war or a prisoner of war is no crime story.
    "crime": frozenset({"war crimes", "crimes against", "crime drama", "crime dramas", "crime thriller", "crime series",
                        "crime fiction", "crime novel", "crime novels", "crime writer", "true crime", "murder mystery",
                        "murder mysteries", "only murders", "cardiac arrest", "prisoner swap", "prisoner exchange",
                        "prisoner of", "prisoners of", "theft auto", "crime film", "crime films", "crime movie",
                        "crime movies", "gangster film", "gangster films", "gangster movie", "gangster movies"}),
    # A bomb is no gadget, New York no phone maker and a tortilla chip no processor.
    "technology": frozenset({"big apple", "apple pie", "apple cider", "apple podcasts", "explosive device", "explosive devices",
                             "incendiary device", "incendiary devices", "destructive device", "destructive devices",
                             "chip challenge", "chip on", "tortilla chip", "tortilla chips", "potato chips",
                             "blue chip", "blue chips", "chip count"}),
    "disaster": frozenset({"flood of", "flooded with", "political earthquake", "financial tsunami",
                           "market tsunami", "tech tsunami", "silver tsunami"}),
}

# Words that are a figure of speech in a story that also says one of these words: a landslide beside an election,
# a vote or a win is a victory ("Bukele re-elected in a landslide", "Labour wins by a landslide"). A literal
# landslide's story says none of them; "landslides" stays literal.
FIGURATIVE_BESIDE: dict[str, dict[str, frozenset[str]]] = {
    "disaster": {"landslide": frozenset("""
election elections electoral elected reelected reelection vote votes voters voting ballot ballots polls seats
majority victory victories win wins won winning mandate
""".split())},
}

TITLE_WEIGHT = 2  # a term in the headline counts as much as two in the body
BODY_CAP = 4  # long bodies hit many terms by chance: the body alone can give at most half the score
SATURATION = 8.0  # this many weighted hits give a lexicon score of 1: TITLE_WEIGHT × 2 + BODY_CAP
# A short body has no room for BODY_CAP terms: for the topics in ROOM_TOPICS it has room for one term per this many
# words, and the saturation shrinks by the room it lacks (see lexicon_scores).
WORDS_PER_TERM = 10
# Disasters only: a breaking earthquake in two lines ("Earthquake hits Marrakesh again", "A magnitude 5.1 aftershock
# struck near Marrakesh ...") scored 0.5 and came out World. For the other keyword topics it changed 150 of 6,236
# feed entries of September 2023, as often for the worse ("Men of War 2" came out Conflict) as for the better.
ROOM_TOPICS = frozenset({"disaster"})


# Each term's topics and how it counts there (_OWN, _SUPPORTING, _FIGURATIVE), the key of a bigram term being
# its word pair: a document's terms are then found in one pass over its words and word pairs, with no bigram
# string built. Terms and words are matched without a possessive 's (see _without_possessives).
_OWN, _SUPPORTING, _FIGURATIVE = range(3)
_TERM_TOPICS: dict[str | tuple[str, ...], list[tuple[str, int]]] = {}
for _kind, _lists in enumerate((LEXICON, SUPPORTING, FIGURATIVE)):
    for _topic, _terms in _lists.items():
        for _term in _terms:
            _words = tuple(_word.removesuffix("'s") for _word in _term.split(" "))
            if len(_words) > 2:  # _hits looks up words and word pairs only: a longer term would never count
                raise ValueError(f"topic term {_term!r} has more than two words")
            _term = " ".join(_words)
            _TERM_TOPICS.setdefault(_words if len(_words) > 1 else _term, []).append((_topic, _kind))
_NO_HITS = (0, 0, 0)


def lexicon_scores(title_words: list[str], body_words: list[str]) -> dict[str, float]:
    """Per topic, min(1, (2 × distinct title terms + min(distinct body terms, 4)) / 8), where a figure of
    speech takes back its word's hit and supporting terms count only beside one of the topic's own.

    For ROOM_TOPICS a body of under 40 words has room for one term per WORDS_PER_TERM words, and the 8 becomes
    4 + that room: three disaster terms in a 25-word item are as clear as seven in an article. The body alone
    still gives at most half the score."""
    title_hits = _hits(_without_possessives(title_words))
    body_hits = _hits(_without_possessives(body_words))
    body_room = min(BODY_CAP, -(-len(body_words) // WORDS_PER_TERM))  # ceiling division
    scores = dict.fromkeys(LEXICON, 0.0)
    for topic in title_hits.keys() | body_hits.keys():
        title_own, title_supporting, title_figures = title_hits.get(topic, _NO_HITS)
        body_own, body_supporting, body_figures = body_hits.get(topic, _NO_HITS)
        for word, context in FIGURATIVE_BESIDE.get(topic, {}).items():
            if not (context.isdisjoint(title_words) and context.isdisjoint(body_words)):
                title_figures += word in title_words
                body_figures += word in body_words
        title_own, body_own = max(0, title_own - title_figures), max(0, body_own - body_figures)
        if title_own or body_own:
            weighted = TITLE_WEIGHT * (title_own + title_supporting) + min(BODY_CAP, body_own + body_supporting)
            saturation = SATURATION - BODY_CAP + body_room if topic in ROOM_TOPICS else SATURATION
            scores[topic] = min(1.0, weighted / saturation)
    return scores


def _without_possessives(words: list[str]) -> list[str]:
    """The words with a possessive 's dropped: "wnba's" is "wnba", "alzheimer's" "alzheimer". The classifier's
    tokens keep it (news.topic_model.words: the model was trained on them), so the lexicon drops it here."""
    return [word[:-2] if word.endswith("'s") else word for word in words]


def _hits(words: list[str]) -> dict[str, list[int]]:
    """Per topic with any, how many of its distinct terms of each kind are among `words` and their bigrams."""
    hits: dict[str, list[int]] = {}
    for term in _TERM_TOPICS.keys() & chain(words, zip(words, words[1:])):
        for topic, kind in _TERM_TOPICS[term]:
            hits.setdefault(topic, [0, 0, 0])[kind] += 1
    return hits
