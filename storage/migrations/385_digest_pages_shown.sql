-- The pages of a digest's leftovers each chat has been shown ("🇲🇦 Morocco: 14 more ▸", then "6 more ▸"): a second
-- tap, in a group often another member's on the same button, answers "Shown above ↑" instead of posting the page
-- again. A channel's leftovers are read in each reader's own chat, hence the chat.
create table digest_pages_shown (
    digest_id integer not null references digests(id) on delete cascade,
    number integer not null,  -- the item whose "and N more" line the leftovers follow (digest_leftovers.number)
    start integer not null,  -- the page's first story, counted from 0 in the section's leftovers
    chat_id integer not null,
    shown_at text not null,
    primary key (digest_id, number, start, chat_id)
);
