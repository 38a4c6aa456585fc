-- feed_items: what each feed has delivered, one row per item (its GUID, or its URL when it has none) with a
-- hash of the item as the feed delivered it and the article it became or duplicated. The poller skips an
-- item whose row holds the same hash, before fetching its page or processing it.
--
-- It replaces articles.feed_item_hash (060), which only the feed that stored an article could keep: an item
-- that was a duplicate of another feed's article (a publisher's section feeds carry the same URLs, wire
-- copies repeat across outlets) was processed, and its page fetched, again whenever its own feed changed.
-- The hashes 060 kept are carried over, so no feed re-processes what it skipped before.
create table feed_items (
    feed_id integer not null references feeds(id) on delete cascade,
    item_key text not null,
    item_hash text not null,
    article_id integer not null references articles(id) on delete cascade,
    seen_at text not null,
    primary key (feed_id, item_key)
) without rowid;
-- For the cascade when an article is deleted (a foreign key's child column needs its own index).
create index feed_items_by_article on feed_items(article_id);

insert or ignore into feed_items (feed_id, item_key, item_hash, article_id, seen_at)
select feed_id, coalesce(guid, url), feed_item_hash, id, coalesce(updated_at, ingested_at)
from articles
where feed_item_hash is not null
  and coalesce(guid, url) is not null
  and feed_id in (select id from feeds);

drop index articles_by_feed_item;
alter table articles drop column feed_item_hash;
