-- A /search whose results go on past one reply, by number: its "More results ▸" button carries the number, as the
-- words themselves may not fit Telegram's 64 bytes of callback data (storage.searches). Ids grow with time.
create table searches (
    id integer primary key,
    text text not null,
    created_at text not null
);
