-- A channel's title as /manage <title> compares titles (storage.chats.title_key: spaces collapsed, case folded), so that
-- it finds the channels of a title by this index instead of reading every channel the bot is in. upsert_chat keeps it;
-- here it is filled for the titles SQLite folds as Python does (printable ASCII, single spaces), the others get theirs
-- when their channel is next heard from and are compared in Python until then.
alter table chats add column title_key text;
update chats set title_key = lower(title)
where type = 'channel'
  and title not glob '*[^ -~]*'
  and title not like '%  %'
  and title = trim(title);
create index chats_channels_by_title_key on chats(title_key) where type = 'channel' and status = 'active';
