-- What a digest message showed around each item: the heading of the section the item opens and the
-- "and N more: /command" line of the section it closes. "More ▸" draws the message again from these;
-- before, it lost the headings and those lines. Digests sent before this have neither.
alter table digest_items add column heading text;
alter table digest_items add column more_line text;
