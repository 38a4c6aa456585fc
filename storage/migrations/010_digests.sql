-- Digests as sent, so a "More ▸" button can re-render its message with one item expanded.
create table digests (
    id integer primary key,
    chat_id integer not null references chats(id) on update cascade on delete cascade,
    created_at text not null
);

create table digest_items (
    digest_id integer not null references digests(id) on delete cascade,
    part integer not null,
    number integer not null,
    article_id integer not null references articles(id) on delete cascade,
    primary key (digest_id, number)
);

-- Which channel a user is managing from their private chat (/manage @channel), across restarts.
create table managing (
    user_id integer primary key,
    channel_id integer not null references chats(id) on update cascade on delete cascade
);
