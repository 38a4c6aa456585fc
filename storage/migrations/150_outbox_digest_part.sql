-- Which digest message an outbox row is (the digest and its part), so that one failing for good (the reader
-- blocked the bot as it went out, Telegram refused it) gives its stories back to the chat's next digest
-- instead of leaving them marked delivered. Rows queued before this have neither. No foreign key: a digest
-- goes only with its chat, which takes its outbox rows along.
alter table outbox add column digest_id integer;
alter table outbox add column digest_part integer;
-- Where each digest's news began (the chat's previous digest, or its first one's look-back): a digest part
-- given back moves the chat's last digest time back there, so that the next digest reaches those stories.
alter table digests add column covers_from text;
