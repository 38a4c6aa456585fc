-- A new article is indexed for search by storage.articles.save_article, not by a trigger. Inside a
-- trigger FTS5 writes its pending terms out at the end of every statement: one index segment per
-- article, merged again later. Measured on 3-5 kB articles stored 50 per transaction, that made
-- indexing take 0.20 ms an article against 0.09 ms when save_article inserts the row itself.
-- Edits and removals still reach the index through the update and delete triggers.
drop trigger articles_fts_insert;
