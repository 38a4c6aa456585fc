-- What 🔕 Unfollow all removed (/unsubscribe all, /stop), each subscription as it was with its keyword filters, so
-- its message's ↩️ Undo can follow them all again (storage.unfollowed). The button carries the set's token, a random
-- word: unlike a row id it is never handed out again, so an old button cannot bring back another set. The rows go
-- UNDO_PERIOD (7 days) after their removal (storage.retention).
create table unfollowed (
    chat_id integer not null references chats(id) on update cascade on delete cascade,
    token text not null,
    kind text not null check (kind in ('country', 'topic')),
    value text not null,
    include_keywords text not null,
    exclude_keywords text not null,
    followed_at text not null,
    -- The id it had: its place in the list among those followed at the same moment (subscriptions.list_for_chat).
    subscription_id integer not null,
    removed_at text not null,
    restored_at text,
    primary key (chat_id, token, kind, value)
);
create index unfollowed_by_removal on unfollowed(removed_at);
