-- When a queued message is no longer worth sending: set for a reply queued as the bot stopped
-- (storage.outbox.queue_reply, REPLY_SHELF_LIFE), which is dropped rather than sent later; null for every other
-- message (digests, pushes, notices), which waits as long as it must.
alter table outbox add column expires_at text;
-- The sender looks for expired rows every round: only the few that can expire are in this index.
create index outbox_expiring on outbox(expires_at) where expires_at is not null;
