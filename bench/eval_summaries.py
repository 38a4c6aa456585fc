"""Summary evaluation: ROUGE of news.summarise against Lead, Lead-3, TextRank and LexRank.

Data: bbc_summary.jsonl.gz. Re-posts are removed (records with `duplicate_of`, and texts equal after
normalisation), then each article goes to TEST or TRAIN by its content hash (~30% test), so an
article and its re-post never straddle the split. bench/train_summariser.py learns the weights on
TRAIN only; every figure here is on TEST. Reference: the article's summary sentences joined.
ROUGE-1/2/L F1 from rouge-score with stemming. Every system gets the same sentences (our splitter);
sumy's TextRank and LexRank rank them (sumy's own splitter needs NLTK punkt data, not available
here), then the best-ranked sentences are taken while they fit the budget and shown in article order.
"""
from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import DATA, read_jsonl
from news.clean import shorten, strip_dateline
from news.sentences import split_sentences
from news.stories import content_hash
from news.summarise import summarise

BUDGET = 300
TEST_SHARE = 3  # tenths of the articles
TARGETS = {"Lead": (0.349, 0.289, 0.293), "TextRank": (0.329, 0.268, 0.279)}  # data README baselines


def default_data_dir() -> Path:
    return DATA


def load_split(data_dir: Path) -> tuple[list[dict], list[dict]]:
    """(train, test) records of bbc_summary.jsonl.gz, re-posts removed, split by content hash."""
    train, test, seen = [], [], set()
    for record in read_jsonl(data_dir / "bbc_summary.jsonl.gz"):
        digest = content_hash(record["title"], record["text"])
        if record["duplicate_of"] or digest in seen:
            continue
        seen.add(digest)
        (test if int(digest[:8], 16) % 10 < TEST_SHARE else train).append(record)
    return train, test


def _sentences(record: dict) -> list[str]:
    return split_sentences(strip_dateline(record["text"]))


def _fit(ranked: list[int], sentences: list[str], budget: int) -> str:
    """Best-ranked sentences while they fit, in article order; the best one cut if none fits."""
    chosen, used = [], 0
    for i in ranked:
        cost = len(sentences[i]) + (1 if chosen else 0)
        if used + cost <= budget:
            chosen.append(i)
            used += cost
    if not chosen:
        return shorten(sentences[ranked[0]], budget)
    return " ".join(sentences[i] for i in sorted(chosen))


def lead(record: dict) -> str:
    sentences, chosen, used = _sentences(record), [], 0
    for sentence in sentences:
        cost = len(sentence) + (1 if chosen else 0)
        if used + cost > BUDGET:
            break
        chosen.append(sentence)
        used += cost
    return " ".join(chosen) if chosen else shorten(sentences[0], BUDGET)


def lead3(record: dict) -> str:
    return " ".join(_sentences(record)[:3])


class _Words:
    """A word tokenizer for sumy's document model (its default one needs NLTK data)."""

    _WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['-])*")
    language = "english"

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(self._WORD.findall(sentence))


def _sumy_system(kind: str) -> Callable[[dict], str]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    summarizer = (TextRankSummarizer if kind == "TextRank" else LexRankSummarizer)(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    words = _Words()

    def run(record: dict) -> str:
        sentences = _sentences(record)
        document = ObjectDocumentModel([Paragraph([Sentence(s, words) for s in sentences])])
        if kind == "TextRank":
            ratings = summarizer.rate_sentences(document)
        else:  # LexRankSummarizer.__call__ without its final top-N cut
            sets = [summarizer._to_words_set(s) for s in document.sentences]
            matrix = summarizer._create_matrix(
                sets, summarizer.threshold, summarizer._compute_tf(sets), summarizer._compute_idf(sets)
            )
            ratings = dict(zip(document.sentences, summarizer.power_method(matrix, summarizer.epsilon)))
        scores = [ratings[s] for s in document.sentences]
        return _fit(sorted(range(len(sentences)), key=lambda i: -scores[i]), sentences, BUDGET)

    return run


def rouge_table(records: list[dict], systems: dict[str, Callable[[dict], str]]) -> dict[str, tuple[float, ...]]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    results = {}
    for name, system in systems.items():
        totals, chars = [0.0, 0.0, 0.0], 0
        for record in records:
            reference = " ".join(record["summary_sentences"] or [record["summary"]])
            candidate = system(record)
            chars += len(candidate)
            scores = scorer.score(reference, candidate)
            for k, key in enumerate(("rouge1", "rouge2", "rougeL")):
                totals[k] += scores[key].fmeasure
        results[name] = (*(t / len(records) for t in totals), chars / len(records))
    return results


def splitter_section(records: list[dict]) -> list[str]:
    """How often a reference summary sentence is one whole sentence of the split, and the speed."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)

    def pysbd_split(text: str) -> list[str]:
        return [s.strip() for line in text.splitlines() if line.strip() for s in segmenter.segment(line) if s.strip()]

    sample = [r for r in records if r["summary_sentences"]][:300]
    rows = []
    for name, split in (("news.sentences", split_sentences), ("pysbd 0.3.4", pysbd_split)):
        start = time.perf_counter()
        splits = [set(split(r["text"])) for r in sample]
        ms = (time.perf_counter() - start) * 1000 / len(sample)
        found = sum(s.strip() in got for r, got in zip(sample, splits) for s in r["summary_sentences"])
        total = sum(len(r["summary_sentences"]) for r in sample)
        rows.append(f"| {name} | {found / total:.3f} | {ms:.2f} |")
    return [
        "",
        f"Sentence splitting on {len(sample)} test articles: share of reference summary sentences that come out "
        "as exactly one sentence, and time per article.",
        "",
        "| splitter | reference sentences recovered | ms / article |",
        "|---|---|---|",
        *rows,
    ]


def evaluate(data_dir: Path) -> str:
    train, test = load_split(data_dir)
    systems: dict[str, Callable[[dict], str]] = {
        "news.summarise": lambda r: summarise(r["title"], r["text"], BUDGET),
        "Lead": lead,
        "TextRank": _sumy_system("TextRank"),
        "LexRank": _sumy_system("LexRank"),
        "Lead-3 (no budget)": lead3,
    }
    results = rouge_table(test, systems)
    lines = [
        "## Summaries (news/summarise.py)",
        "",
        f"bbc_summary.jsonl.gz without re-posts: {len(train)} train / {len(test)} test articles (split by content "
        f"hash; weights learned on train only). Budget {BUDGET} characters. ROUGE F1, rouge-score with stemming.",
        "",
        "| system | ROUGE-1 | ROUGE-2 | ROUGE-L | mean chars |",
        "|---|---|---|---|---|",
    ]
    for name, (r1, r2, rl, chars) in results.items():
        lines.append(f"| {name} | {r1:.3f} | {r2:.3f} | {rl:.3f} | {chars:.0f} |")
    ours = results["news.summarise"][:3]
    lines.append("")
    for name, target in TARGETS.items():
        same_run = results[name][:3]
        passed = all(o > t for o, t in zip(ours, target)) and all(o >= s for o, s in zip(ours, same_run))
        deltas = ", ".join(f"{m} {o - s:+.3f}" for m, o, s in zip(("R1", "R2", "RL"), ours, same_run))
        lines.append(
            f"- {'PASS' if passed else 'FAIL'}: at least {name} as run here on the same sentences ({deltas}), "
            f"and above the README's {name} figures ({'/'.join(f'{t:.3f}' for t in target)})."
        )
    lines += splitter_section(test)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(evaluate(Path(sys.argv[1]) if len(sys.argv) > 1 else default_data_dir()))
