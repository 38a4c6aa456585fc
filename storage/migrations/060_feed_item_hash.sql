-- feed_item_hash: a hash of a feed item exactly as its feed delivered it (title, text and URL, before any
-- full-text fetch), kept on the article stored from it. The poller looks a poll's items up by it and skips
-- those stored unchanged, before fetching their pages or processing them again. Articles from files or
-- admins, and feed articles stored before this migration, have none: the next poll processes those once
-- more and fills it in.
alter table articles add column feed_item_hash text;
create index articles_by_feed_item on articles(feed_id, feed_item_hash) where feed_item_hash is not null;
