"""A strict local Telegram Bot API server, with a chat page for people and a control API for tests."""
