-- Articles, their countries and topics, stories (near-duplicate clusters) and full-text search.
create table feeds (
    id integer primary key,
    url text not null unique,
    name text not null default '',
    country text,
    status text not null default 'active' check (status in ('active', 'paused')),
    etag text,
    last_modified text,
    interval_seconds integer not null default 900,
    next_poll_at text,
    last_polled_at text,
    last_success_at text,
    last_error text,
    last_error_at text,
    consecutive_failures integer not null default 0,
    flagged_at text,
    items_total integer not null default 0,
    added_by integer,
    created_at text not null
);

create table articles (
    id integer primary key,
    url text,
    guid text,
    feed_id integer references feeds(id) on delete set null,
    content_hash text not null,
    title text not null,
    body text not null,
    summary text not null,
    long_summary text not null default '',
    source text not null default '',
    story_id integer,
    fingerprint integer not null default 0,
    published_at text not null,
    ingested_at text not null,
    updated_at text
);
create unique index articles_by_url on articles(url) where url is not null;
create unique index articles_by_hash on articles(content_hash);
create unique index articles_by_guid on articles(feed_id, guid) where guid is not null;
create index articles_by_published on articles(published_at);
create index articles_by_story on articles(story_id);

create table article_countries (
    article_id integer not null references articles(id) on delete cascade,
    country_code text not null,
    salience real not null,
    primary key (article_id, country_code)
);
create index article_countries_by_code on article_countries(country_code, salience);

create table article_topics (
    article_id integer not null references articles(id) on delete cascade,
    topic text not null,
    score real not null,
    primary key (article_id, topic)
);
create index article_topics_by_topic on article_topics(topic, score);

-- LSH bands of each article's SimHash fingerprint, to find near-duplicate candidates.
create table article_bands (
    band_key integer not null,
    article_id integer not null references articles(id) on delete cascade,
    primary key (band_key, article_id)
) without rowid;

create virtual table articles_fts using fts5(
    title, body, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
create trigger articles_fts_insert after insert on articles begin
    insert into articles_fts(rowid, title, body) values (new.id, new.title, new.body);
end;
create trigger articles_fts_delete after delete on articles begin
    insert into articles_fts(articles_fts, rowid, title, body) values ('delete', old.id, old.title, old.body);
end;
create trigger articles_fts_update after update of title, body on articles begin
    insert into articles_fts(articles_fts, rowid, title, body) values ('delete', old.id, old.title, old.body);
    insert into articles_fts(rowid, title, body) values (new.id, new.title, new.body);
end;

-- Chats (private, group, supergroup, channel) and how each wants its digests.
create table chats (
    id integer primary key,
    type text not null check (type in ('private', 'group', 'supergroup', 'channel')),
    title text not null default '',
    status text not null default 'active' check (status in ('active', 'deactivated')),
    deactivated_reason text,
    timezone text not null,
    digest_times text not null default '08:00',
    cadence text not null default 'daily',
    quiet_start text,
    quiet_end text,
    paused_until text,
    send_empty integer not null default 0,
    items_per_section integer,
    next_digest_at text,
    last_digest_at text,
    created_at text not null,
    updated_at text not null
);
create index chats_by_next_digest on chats(next_digest_at) where status = 'active';

create table subscriptions (
    id integer primary key,
    chat_id integer not null references chats(id) on update cascade on delete cascade,
    kind text not null check (kind in ('country', 'topic')),
    value text not null,
    include_keywords text not null default '[]',
    exclude_keywords text not null default '[]',
    created_at text not null,
    unique (chat_id, kind, value)
);
create index subscriptions_by_value on subscriptions(kind, value);

-- Which stories each chat has received: a story is never sent to a chat twice.
create table deliveries (
    chat_id integer not null references chats(id) on update cascade on delete cascade,
    story_id integer not null,
    article_id integer not null,
    delivered_at text not null,
    via text not null check (via in ('digest', 'breaking')),
    primary key (chat_id, story_id)
) without rowid;

-- Channels a user manages from a private chat with the bot.
create table managed_channels (
    user_id integer not null,
    channel_id integer not null references chats(id) on update cascade on delete cascade,
    primary key (user_id, channel_id)
);

-- The durable outbox: every scheduled or broadcast message is queued here before it is sent.
create table broadcasts (
    id integer primary key,
    admin_user_id integer not null,
    article_id integer references articles(id) on delete set null,
    audience text not null,
    text text not null,
    status text not null default 'sending' check (status in ('draft', 'sending', 'done', 'cancelled')),
    total integer not null default 0,
    progress_chat_id integer,
    progress_message_id integer,
    created_at text not null,
    started_at text,
    finished_at text
);

create table outbox (
    id integer primary key,
    chat_id integer not null references chats(id) on update cascade on delete cascade,
    kind text not null check (kind in ('digest', 'breaking', 'notice')),
    priority integer not null default 0,
    payload text not null,
    status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    attempts integer not null default 0,
    last_error text,
    not_before text not null,
    broadcast_id integer references broadcasts(id) on delete set null,
    telegram_message_id integer,
    created_at text not null,
    sent_at text
);
create index outbox_due on outbox(priority desc, not_before, id) where status in ('pending', 'sending');
create index outbox_by_broadcast on outbox(broadcast_id, status);

create table admins (
    user_id integer primary key,
    added_by integer,
    added_at text not null
);
