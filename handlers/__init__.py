"""Telegram-facing code: one module per feature, each with `register(app)`."""
