"""RSS/Atom polling: fetch (hostile web, capped), parse (feedparser, entity bombs refused), poll (schedule)."""
