-- The forum topic (chats.topic_id) a group was told is closed to the bot, so its digests come to General meanwhile
-- (delivery.engine): told once, with the first message moved there. Cleared when a message reaches the topic again
-- or another topic is chosen, so a topic closed again later is told again. Null: nothing told.
alter table chats add column topic_closed_told integer;
