-- Whether 🔕 Unfollow all turned the chat's breaking news off (chats.breaking_alerts) when it removed this set: its
-- ↩️ Undo turns it on again only then, not for a chat that had turned it off itself (storage.unfollowed). The same
-- on every row of a set.
alter table unfollowed add column alerts_turned_off integer not null default 0;
