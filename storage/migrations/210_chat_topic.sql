-- The forum topic a supergroup's digests and breaking pushes go to, chosen with /digest here inside it (null:
-- the General topic, and every chat that is no forum). Its name as the topic's creation said, to show in /settings.
alter table chats add column topic_id integer;
alter table chats add column topic_name text;
