-- request_started: set just before a message's HTTP request to Telegram, cleared when an answer comes.
-- A row still 'sending' with it set after a crash may have reached the chat: it is sent again (never
-- lost) and flagged in_doubt, so a push's report can say how many may have arrived twice.
alter table outbox add column request_started integer not null default 0;
alter table outbox add column in_doubt integer not null default 0;
