-- In a group, an admin's awaited breaking item or correction is their reply to the bot's message that asked for it
-- (handlers.breaking_waits), not to any of its messages: yesterday's digest gets replies that are talk. The wait keeps
-- the message that asked (the "Reply to this message" prompt after /breaking, the draft's controls for ✏️ Edit) and,
-- for a correction, the draft's preview, which broadcasts now keep. Null: a private chat's wait, or none was sent.
alter table breaking_waits add column prompt_message_id integer;
alter table breaking_waits add column preview_message_id integer;
alter table broadcasts add column preview_message_id integer;
