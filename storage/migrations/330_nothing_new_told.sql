-- Whether the chat was told "Nothing new" since its last digest with news (digests.compose): an hourly digest says
-- it once, then nothing until news comes, instead of every hour all night.
alter table chats add column nothing_new_told integer not null default 0;
