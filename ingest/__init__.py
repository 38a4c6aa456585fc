"""Turning raw articles into stored ones: the news pipeline, then storage, with story clustering."""
