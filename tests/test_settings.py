"""Settings are validated at start-up with an error that names the bad setting; the token never shows."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from settings import SettingsError, load_settings

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize(
    ("name", "value"),
    [
        pytest.param("DEFAULT_TIMEZONE", "Mars/Olympus", id="unknown-zone"),
        pytest.param("ADMIN_USER_IDS", "12,bob", id="non-numeric-admin"),
        pytest.param("LOG_LEVEL", "LOUD", id="unknown-level"),
        pytest.param("TELEGRAM_API_BASE_URL", "ftp://example", id="not-http"),
    ],
)
def test_bad_setting_is_named(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        load_settings(_env_file=None)


def test_admin_ids_and_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_USER_IDS", "12, 34")
    settings = load_settings(_env_file=None)
    assert settings.admin_user_ids == {12, 34}
    assert settings.token is None
    assert settings.telegram_api_base_url == "https://api.telegram.org"


def test_token_is_not_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:SECRET-value")
    settings = load_settings(_env_file=None)
    assert "SECRET" not in repr(settings) and "SECRET" not in str(settings.model_dump())
    assert settings.token == "123:SECRET-value"


def test_bot_refuses_to_start_with_a_clear_message(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), "run"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "DEFAULT_TIMEZONE": "Nowhere/Land", "TELEGRAM_BOT_TOKEN": "1:SECRET"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "DEFAULT_TIMEZONE" in result.stderr
    assert "SECRET" not in result.stderr + result.stdout
