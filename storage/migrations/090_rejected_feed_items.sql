-- feed_items.article_id may be null: the feed delivered the item, and the pipeline rejected it (cleaning
-- left nothing readable). The poller then skips it like any item it has seen, until the feed changes it;
-- before, it was processed, and its page fetched, again on every poll that found the feed changed.
-- SQLite cannot drop a NOT NULL in place, so the table is rebuilt with its rows.
create table feed_items_new (
    feed_id integer not null references feeds(id) on delete cascade,
    item_key text not null,
    item_hash text not null,
    article_id integer references articles(id) on delete cascade,
    seen_at text not null,
    primary key (feed_id, item_key)
) without rowid;

insert into feed_items_new (feed_id, item_key, item_hash, article_id, seen_at)
select feed_id, item_key, item_hash, article_id, seen_at from feed_items;

drop table feed_items;
alter table feed_items_new rename to feed_items;
-- For the cascade when an article is deleted (a foreign key's child column needs its own index).
create index feed_items_by_article on feed_items(article_id);
