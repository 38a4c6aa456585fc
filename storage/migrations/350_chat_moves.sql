-- Groups that became supergroups: the old group stays readable, buttons and all, and a tap there comes with its old
-- id, which no chat row has any more (storage.chats.migrate_chat moved it). Kept so that such a tap can be told where
-- the group went instead of making the old id a chat of defaults again.
create table chat_moves (
    old_id integer primary key,
    new_id integer not null,
    moved_at text not null
);
