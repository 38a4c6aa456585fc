-- A draft its correction replaced (✏️ Edit): cancelled like any other, and pointing at the push that took its place,
-- so that its old preview and every answer about it can say so. No foreign key: pushes are never deleted.
alter table broadcasts add column replaced_by integer;

-- An admin's next message in a chat is the breaking item they were asked for (after a bare /breaking or ✏️ Edit),
-- until `until` or another command (handlers.breaking). Kept here, not in memory, so that a restart in between loses
-- no correction. One wait per admin; `replacing` is the draft a correction replaces.
create table breaking_waits (
    user_id integer primary key,
    chat_id integer not null,
    replacing integer references broadcasts(id),
    until text not null
);
