-- Whether a chat gets breaking pushes (🚨 Breaking news: on/off in /settings, /breaking_alerts off): 1 by default,
-- as before; a chat that turns them off keeps its digests (storage.push_audience leaves it out of every push).
alter table chats add column breaking_alerts integer not null default 1;
-- The length of the headline an admin typed for a draft, when it was over news.clean.TITLE_MAX and so cut: the
-- draft's controls say so at every look (handlers.breaking_items.cut_headline_note). Null: not cut, or not typed.
alter table broadcasts add column typed_headline_chars integer;
