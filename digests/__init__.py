"""Scheduled digests: find the chats that are due, compose each digest, queue it in the outbox."""
