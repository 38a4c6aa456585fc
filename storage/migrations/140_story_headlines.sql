-- The rarest words of the headline of each story's first report (news.events.key_terms), to find the story
-- another outlet's report of the same news belongs to. Looked up by word and time: only the last hours'
-- stories are candidates. Rows are useful for hours, so retention prunes them after two days; an article
-- that is deleted (a discarded breaking draft) takes its rows along, as its id may be given again.
-- Stories opened before this migration have no rows: they are older than the hours a match may span.
create table story_headlines (
    term text not null,
    published_at text not null,
    article_id integer not null,
    primary key (term, published_at, article_id)
) without rowid;
create trigger story_headlines_delete after delete on articles begin
    delete from story_headlines where article_id = old.id;
end;
