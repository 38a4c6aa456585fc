-- A feed gone quiet (feeds.quiet): its polls still succeed, but it has brought no new item for much longer than it
-- usually goes without one. quiet_since is the time of its last new item while it is quiet (null otherwise),
-- usual_per_day the new items a day it brought before; the poller sets both when the feed goes quiet (and tells the
-- admins, once) and clears them when a new item comes.
alter table feeds add column quiet_since text;
alter table feeds add column usual_per_day real;
-- The poller reads a feed's latest items and those of the two weeks before them after each poll: in time order,
-- not the whole feed's record.
create index feed_items_by_feed_time on feed_items(feed_id, seen_at);
