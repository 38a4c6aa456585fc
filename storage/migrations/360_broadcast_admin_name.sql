-- The name of the admin who drafted a push, as Telegram gave it then: /broadcasts says who sent each push, and an
-- admin who never started a private chat with the bot has no chat row to take it from. Null for older pushes.
alter table broadcasts add column admin_name text;
