-- Search matches word forms: "earthquakes" finds "earthquake", "flooded" finds "floods". The porter
-- stemmer (built into FTS5) runs over unicode61's tokens, so accents are still ignored as before.
-- A tokenizer cannot be changed in place: the index is made again and filled from the articles.
-- The update and delete triggers stay as they are; they name the table, not its tokenizer.
drop table articles_fts;
create virtual table articles_fts using fts5(
    title, body, content='articles', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
insert into articles_fts(articles_fts) values ('rebuild');
