-- What the quiet-feed check (feeds.poller, feeds.quiet) found when it last read a feed's history, so that it reads
-- it once per new item rather than at every good poll: quiet_checked_for is the time of the feed's last new item
-- then, quiet_due_at when the feed is quiet if nothing new comes (null: never, the feed brings too few items).
alter table feeds add column quiet_checked_for text;
alter table feeds add column quiet_due_at text;
