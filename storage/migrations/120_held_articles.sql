-- Articles held from readers: a breaking item an admin is previewing is stored (the preview shows it as
-- it will go out), but no list, search or digest shows it, and no other article joins its story, until
-- the push is confirmed; a draft that is cancelled or replaced by an edit takes its article with it.
-- Before, an unconfirmed draft, typos and all, was news at once.
create table held_articles (
    article_id integer primary key references articles(id) on delete cascade
);
