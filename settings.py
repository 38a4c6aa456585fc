"""Settings from the environment and `.env`, validated once at start-up.

A bad value stops the bot with a message naming the setting; the token is a SecretStr so it
never appears in a repr or a log line.
"""
from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from typing import Annotated

TELEGRAM_API = "https://api.telegram.org"


class SettingsError(Exception):
    """A setting is missing or invalid; the message names it."""

FREE_BROADCAST_RATE = 30.0  # msg/s Telegram allows without allow_paid_broadcast


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = TELEGRAM_API
    admin_user_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    database_path: Path = Path("data/newsdigest.db")
    default_timezone: str = "UTC"
    log_level: str = "INFO"
    sandbox_port: int = Field(default=8081, ge=0, le=65535)
    global_rate_per_second: float = Field(default=30.0, gt=0)
    private_chat_interval: float = Field(default=1.0, ge=0)
    group_messages_per_minute: int = Field(default=20, ge=1)
    delivery_concurrency: int = Field(default=16, ge=1, le=512)
    digest_items_per_section: int = Field(default=5, ge=1, le=50)
    summary_budget: int = Field(default=300, ge=80, le=1000)
    allow_private_feed_hosts: bool = False
    fetch_full_text: bool = False
    feed_watchdog_hours: float = Field(default=6.0, gt=0)
    poll_feeds: bool = True

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError as e:
                raise ValueError("must be a comma-separated list of numeric Telegram user ids") from e
        return value

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValueError(f"unknown IANA time zone {value!r} (try Europe/London)") from e
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("telegram_api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @property
    def token(self) -> str | None:
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None

    @property
    def paid_broadcast(self) -> bool:
        """Above Telegram's free 30 msg/s a bot must opt in to paid broadcasts (Stars per message)."""
        return self.global_rate_per_second > FREE_BROADCAST_RATE

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.default_timezone)


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning pydantic's report into one line per bad setting."""
    try:
        return Settings(**overrides)
    except ValidationError as e:
        lines = [f"{'.'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in e.errors()]
        raise SettingsError("invalid settings:\n  " + "\n  ".join(lines)) from None
