"""Fit the country-salience weights and the "about" threshold on Reuters-21578, write news/data/country_salience.json.

    .venv/bin/pip install -e ".[eval]" && python -m bench.train_countries

Only the tune part of the training file is used (NEWID not divisible by 4; see bench.reuters_places), so
bench.eval_countries can report on the held-out quarter. A candidate is every country the matcher finds
in a story (or its dateline names); it is positive when Reuters lists it in PLACES. The threshold is the
one that maximises micro-F1 on the tune part. The fit is deterministic (lbfgs, fixed data order).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from sklearn.linear_model import LogisticRegression

from bench.common import DATA
from bench.reuters_places import REUTERS_FILE, Story, load_stories
from news.mentions import find_mentions
from news.salience import FEATURES, MODEL_PATH, SalienceModel, feature_rows

THRESHOLDS = [t / 100 for t in range(20, 81, 2)]


def candidates(story: Story) -> dict[str, tuple[float, ...]]:
    dateline_code, story_start, mentions = find_mentions(story.title, story.body)
    return feature_rows(mentions, dateline_code, story_start, len(story.body))


def micro_f1(predicted: list[set[str]], gold: list[frozenset[str]]) -> tuple[float, float, float]:
    tp = sum(len(p & g) for p, g in zip(predicted, gold))
    n_pred = sum(len(p) for p in predicted)
    n_gold = sum(len(g) for g in gold)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def fit(stories: list[Story]) -> SalienceModel:
    rows = [candidates(s) for s in stories]
    x = [row for per_story in rows for row in per_story.values()]
    y = [code in s.places for s, per_story in zip(stories, rows) for code in per_story]
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    weights = tuple(round(float(w), 4) for w in model.coef_[0])
    bias = round(float(model.intercept_[0]), 4)

    def f1_at(threshold: float) -> float:
        scorer = SalienceModel(weights, bias, threshold)
        predicted = [{c for c, r in per.items() if scorer.score(r) >= threshold} for per in rows]
        return micro_f1(predicted, [s.places for s in stories])[2]

    best = max(THRESHOLDS, key=f1_at)
    return SalienceModel(weights, bias, best)


def main() -> None:
    if not (DATA / REUTERS_FILE).exists():
        sys.exit(f"{DATA / REUTERS_FILE} is absent: training reads the team's shared data in ../shared/data")
    tune = [s for s in load_stories(DATA) if not s.held_out]
    model = fit(tune)
    payload = {
        "features": list(FEATURES), "weights": list(model.weights), "bias": model.bias,
        "threshold": model.threshold,
        "trained_on": f"{REUTERS_FILE}, {len(tune)} stories with NEWID % 4 != 0 (held-out: NEWID % 4 == 0)",
    }
    Path(MODEL_PATH).write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_PATH}: threshold {model.threshold}, weights {dict(zip(FEATURES, model.weights))}")


if __name__ == "__main__":
    main()
