-- The chats with a digest message still waiting (storage.outbox.chats_with_digest_waiting, read by each digest
-- tick): without it the tick walked every queued row through outbox_due, 88 ms with 300,000 rows queued, on the
-- connection every handler shares. Only the rows that can hold back a digest are in it, so it stays small.
create index outbox_digest_waiting on outbox(chat_id) where kind = 'digest' and status in ('pending', 'sending');
