"""Story clustering evaluation: do edited copies of an article land in its story, and others not?

The set is built from BBC articles (bbc_articles.jsonl.gz, exact duplicates dropped), seeded:
- ORIGINALS articles, each with COPIES lightly edited copies. Every copy gets two or three edits out
  of: a sentence dropped, a few words changed, two paragraphs swapped, a publisher line appended,
  a different headline (taken from the lead sentence).
- Negatives for the pair scores are the pairs of different articles of the same category (same topic,
  same vocabulary, different story); the cluster scores count every pair.
Every text goes through clean_article and is fingerprinted as the pipeline does (simhash of the
distinct content words of the title and the summariser's sentences). Reported: pairwise precision/recall/F1 of same_story; the same for the clusters that
storage would build (articles arrive in random order, each joins the first candidate story that
has a band key among its probe keys and passes same_story); and exact re-posts (same text, other
whitespace/quotes, served as HTML) caught by content_hash, with hash collisions between different articles.
Also, unlabelled: the pairs of real feed entries (feed_entries_2023-09-08_11) that same_story joins
although their titles differ, cross-source pairs first, for a reader to judge.
"""
from __future__ import annotations

import random
import sys
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np

from bench.common import DATA, read_jsonl
from news.clean import clean_article, headline_from_lead
from news.errors import EmptyArticleError
from news.pipeline import fingerprint
from news.sentences import split_sentences
from news.stories import MAX_DISTANCE, band_keys, content_hash, hamming, probe_keys, same_story

SEED = 8  # MAX_DISTANCE was chosen on the draw with seed 7; this report is a fresh draw
ORIGINALS = 300
COPIES = 2
_APPENDED = (
    "Follow us on Twitter for the latest updates.",
    "Additional reporting by our correspondents.",
    "This story has been updated.",
    "Read more: the full story on our website.",
)


@dataclass(frozen=True)
class Item:
    story: int  # index of the original article
    category: str
    title: str
    body: str


def build_set(records: list[dict[str, str]], rng: random.Random) -> list[Item]:
    """Originals and their edited copies, see the module docstring."""
    unique = list({r["text"]: r for r in records}.values())
    originals = rng.sample(unique, ORIGINALS)
    items: list[Item] = []
    for story, record in enumerate(originals):
        items.append(Item(story, record["category"], record["title"], record["text"]))
        for _ in range(COPIES):
            title, body = record["title"], record["text"]
            for edit in rng.sample(_EDITS, rng.choice((2, 3))):
                title, body = edit(title, body, rng)
            items.append(Item(story, record["category"], title, body))
    return items


def _drop_sentence(title: str, body: str, rng: random.Random) -> tuple[str, str]:
    paragraphs = body.split("\n\n")
    i = rng.randrange(len(paragraphs))
    sentences = split_sentences(paragraphs[i])
    if len(sentences) > 1:
        sentences.pop(rng.randrange(len(sentences)))
        paragraphs[i] = " ".join(sentences)
    elif len(paragraphs) > 2:
        paragraphs.pop(i)
    return title, "\n\n".join(paragraphs)


def _change_words(title: str, body: str, rng: random.Random) -> tuple[str, str]:
    words = body.split(" ")
    replacements = ("said", "told", "reported", "new", "latest", "major", "also", "now")
    for _ in range(max(2, len(words) // 50)):  # about 2% of the words
        words[rng.randrange(len(words))] = rng.choice(replacements)
    return title, " ".join(words)


def _swap_paragraphs(title: str, body: str, rng: random.Random) -> tuple[str, str]:
    paragraphs = body.split("\n\n")
    if len(paragraphs) > 2:
        i, j = rng.sample(range(1, len(paragraphs)), 2)
        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
    return title, "\n\n".join(paragraphs)


def _append_line(title: str, body: str, rng: random.Random) -> tuple[str, str]:
    return title, f"{body}\n\n{rng.choice(_APPENDED)}"


def _new_title(title: str, body: str, rng: random.Random) -> tuple[str, str]:
    return headline_from_lead(body), body


_EDITS = (_drop_sentence, _change_words, _swap_paragraphs, _append_line, _new_title)


def fingerprints(items: list[Item]) -> list[int]:
    cleaned = [clean_article(item.title, item.body) for item in items]
    return [fingerprint(c.title, c.body) for c in cleaned]


def pair_scores(items: list[Item], prints: list[int], threshold: int) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for (a, fa), (b, fb) in combinations(zip(items, prints), 2):
        if a.category != b.category:
            continue  # negatives are same-category pairs: same vocabulary, different story
        predicted, actual = hamming(fa, fb) <= threshold, a.story == b.story
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
    return _prf(tp, fp, fn)


def cluster(prints: list[int], order: list[int]) -> dict[int, int]:
    """Story id per item, assigned as storage does: band-key candidates confirmed by same_story."""
    index: dict[int, list[int]] = defaultdict(list)
    story_of: dict[int, int] = {}
    for i in order:
        candidates = {j for key in probe_keys(prints[i]) for j in index[key]}
        match = next((j for j in sorted(candidates) if same_story(prints[j], prints[i])), None)
        story_of[i] = story_of[match] if match is not None else i
        for key in band_keys(prints[i]):
            index[key].append(i)
    return story_of


def cluster_scores(items: list[Item], story_of: dict[int, int]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for a, b in combinations(range(len(items)), 2):
        predicted, actual = story_of[a] == story_of[b], items[a].story == items[b].story
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
    return _prf(tp, fp, fn)


def repost_scores(records: list[dict[str, str]], rng: random.Random) -> tuple[int, int, list[list[str]]]:
    """(re-posts caught, re-posts made, ids of BBC texts sharing a hash) for content_hash."""
    unique = list({r["text"]: r for r in records}.values())
    caught = 0
    sample = rng.sample(unique, ORIGINALS)
    for record in sample:
        clean = clean_article(record["title"], record["text"])
        body = record["text"].replace("'", "’").replace("\n\n", "\n\n  ").replace(" ", "  ", 3)
        html = "<p>" + "</p>\n<p>".join(body.split("\n\n")) + "</p>"
        repost = clean_article(f" {record['title']} ", html, is_html=True)
        caught += content_hash(clean.title, clean.body) == content_hash(repost.title, repost.body)
    by_hash: dict[str, list[str]] = defaultdict(list)
    for record in unique:
        by_hash[content_hash(record["title"], record["text"])].append(record["id"])
    return caught, len(sample), [ids for ids in by_hash.values() if len(ids) > 1]


def feed_pairs(data_dir: Path) -> tuple[int, list[tuple[int, str, str, str, str]]]:
    """(items, pairs judged the same story but titled differently) among the real feed entries."""
    items = []
    for record in read_jsonl(data_dir / "feed_entries_2023-09-08_11.jsonl.gz"):
        description = record["description"] or ""
        try:
            clean = clean_article(record["title"] or "", description, is_html="<" in description)
        except EmptyArticleError:
            continue
        items.append((record["source"], clean.title, fingerprint(clean.title, clean.body)))
    prints = np.array([fingerprint for _, _, fingerprint in items], dtype=np.uint64)
    pairs = []
    for i, (source, title, _) in enumerate(items):
        distances = np.unpackbits((prints[i] ^ prints[i + 1 :]).view(np.uint8).reshape(-1, 8), axis=1).sum(axis=1)
        for j in np.nonzero(distances <= MAX_DISTANCE)[0]:
            other_source, other_title, _ = items[i + 1 + j]
            if other_title != title:
                pairs.append((int(distances[j]), source, title, other_source, other_title))
    return len(items), sorted(pairs)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(data_dir: Path) -> str:
    records = list(read_jsonl(data_dir / "bbc_articles.jsonl.gz"))
    rng = random.Random(SEED)
    items = build_set(records, rng)
    prints = fingerprints(items)
    order = list(range(len(items)))
    rng.shuffle(order)
    lines = [
        "## Story fingerprints (news/stories.py)",
        "",
        f"{ORIGINALS} BBC articles, each with {COPIES} copies carrying 2-3 light edits (sentence dropped, ~2% of "
        "words changed, paragraphs swapped, a line appended, a new headline); negatives are all pairs of "
        f"different articles of the same category. SimHash over distinct content words, same story at Hamming distance ≤ {MAX_DISTANCE}.",
        "",
        "| threshold (bits) | pair precision | pair recall | pair F1 |",
        "|---|---|---|---|",
    ]
    for threshold in (3, 6, MAX_DISTANCE, 10, 12):
        p, r, f = pair_scores(items, prints, threshold)
        mark = " (chosen)" if threshold == MAX_DISTANCE else ""
        lines.append(f"| {threshold}{mark} | {p:.3f} | {r:.3f} | {f:.3f} |")
    p, r, f = cluster_scores(items, cluster(prints, order))
    caught, made, shared = repost_scores(records, rng)
    lines += [
        "",
        f"Clusters built as storage does (band-key candidates, then same_story; random arrival order): "
        f"pairwise precision {p:.3f}, recall {r:.3f}, F1 {f:.3f}.",
        "",
        f"Exact re-posts (same article with curly quotes, extra spaces, served as HTML): content_hash caught "
        f"{caught}/{made}. Among the BBC texts that differ byte for byte, {len(shared)} groups share a hash: "
        f"{', '.join(' = '.join(ids) for ids in shared)} (the BBC's own re-posts, differing only in "
        "whitespace or letter case).",
    ]
    count, pairs = feed_pairs(data_dir)
    cross = [p for p in pairs if p[1] != p[3]]
    lines += [
        "",
        f"Real feeds (feed_entries_2023-09-08_11, {count} items, title + cleaned description): {len(pairs)} pairs "
        f"with different titles fall within {MAX_DISTANCE} bits, {len(cross)} of them across sources. There are no "
        "labels here, so judge them yourself; short templated items from one source (session videos, live blogs, "
        "puzzle hints) are the typical false merge, and the same event rewritten by two outlets is mostly not "
        "caught: SimHash finds copies, not paraphrases (storage joins those by headline: see the next section, "
        "news/events.py).",
        "",
        "| bits | source | title | source | title |",
        "|---|---|---|---|---|",
        *(f"| {d} | {sa} | {ta[:70]} | {sb} | {tb[:70]} |" for d, sa, ta, sb, tb in (cross + pairs)[:12]),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(evaluate(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA))
