-- A feed whose permanent redirect leads to the address another feed already has (feeds.poller): same_as is that
-- feed, and the poller no longer fetches the copy; /feeds tells the admins to remove it. Removing the other feed
-- clears it (storage.feeds.remove_feed), and the copy is polled again, moving to the address now free.
alter table feeds add column same_as integer;
