-- When a push's report was first shown to its admin: once every recipient has been tried and the only messages
-- left are waiting to retry after a temporary error (a timeout, a 5xx), which may take up to a day. The push
-- stays 'sending' until those settle, so that its progress watcher is resumed after a restart and then updates
-- the same report; this tells it the report is already showing (not the progress line) and when it was made.
alter table broadcasts add column reported_at text;
