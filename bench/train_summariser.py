"""Learn the summariser's sentence weights from the BBC summary set's labels.

    python -m bench.train_summariser [DATA_DIR]

Trains logistic regression (scikit-learn, from the [eval] extra) on the TRAIN part of
bbc_summary.jsonl.gz (bench/eval_summaries.py `load_split`: re-posts removed, split by content hash
so no story is on both sides). A sentence is positive when the reference summary contains it.
Features are standardised for training and the weights folded back, so news/summarise.py needs only
a dot product. Writes news/summariser_weights.json; deterministic for the same data.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from bench.eval_summaries import default_data_dir, load_split
from news.summarise import _WEIGHTS_FILE, FEATURES, score_sentences


def training_rows(records: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    features, labels = [], []
    for record in records:
        if not record["summary_sentences"]:
            continue  # 2 records whose summary could not be matched to sentences
        wanted = {s.strip() for s in record["summary_sentences"]}
        for sentence in score_sentences(record["title"], record["text"]):
            features.append(sentence.features)
            labels.append(sentence.text in wanted)
    return np.array(features), np.array(labels)


def train(data_dir: Path) -> dict:
    train_records, _ = load_split(data_dir)
    x, y = training_rows(train_records)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=1.0, max_iter=1000).fit((x - mean) / scale, y)
    coefficients = model.coef_[0] / scale
    intercept = float(model.intercept_[0] - (coefficients * mean).sum())
    return {
        "trained_on": f"bbc_summary.jsonl.gz train split: {len(train_records)} articles, {len(y)} sentences",
        "features": list(FEATURES),
        "coefficients": {name: round(float(c), 6) for name, c in zip(FEATURES, coefficients)},
        "intercept": round(intercept, 6),
    }


if __name__ == "__main__":
    weights = train(Path(sys.argv[1]) if len(sys.argv) > 1 else default_data_dir())
    _WEIGHTS_FILE.write_text(json.dumps(weights, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(weights, indent=2))
