-- Alerts the feed poller has sent, so the watchdog tells admins once per outage, not every minute.
create table feed_alerts (
    kind text primary key,
    alerted_at text not null
);
