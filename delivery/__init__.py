"""The outbox sender: every queued message goes out once, within Telegram's limits, errors mapped to actions.

Exceptions from Telegram are mapped, one action each, in delivery/policy.py.
"""
