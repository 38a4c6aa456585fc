-- What each section of a digest left for its "and 14 more": the button (a channel's link) under the digest shows these,
-- not the section's latest, which the digest has just shown. One row per section that left any, its article ids in
-- order in one text column: a digest tick writes one row per section, not one per story left.
create table digest_leftovers (
    digest_id integer not null references digests(id) on delete cascade,
    number integer not null,  -- the item whose "and N more" line they follow
    heading text not null,  -- the section's heading: "🇲🇦 Morocco"
    article_ids text not null,  -- space-separated, in the section's order
    primary key (digest_id, number)
);
