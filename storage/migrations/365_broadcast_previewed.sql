-- How many chats a push's preview counted when its admin tapped Confirm: Confirm counts them again, and when fewer
-- are left (a reader blocked the bot meanwhile) the tap's answer and the report say why the count went down.
-- Null for older pushes and for controls made before Confirm carried the count.
alter table broadcasts add column previewed integer;
