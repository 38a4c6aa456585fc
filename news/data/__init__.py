"""Data files the news package loads at import: fitted model weights (see bench/train_*.py)."""
