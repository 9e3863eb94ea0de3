"""Settings: where the database lives, who the user is, and a court's own rules.

Settings are resolved once, at the edge (CLI or TUI start-up), and passed down
explicitly, so tests can point everything at a temporary database. Order of
precedence: command-line option, environment variable, config file, default.

Environment variables:
  COURTSCREEN_DATABASE_URL   SQLAlchemy URL (sqlite:///… or postgresql+psycopg://…)
  COURTSCREEN_USER           name recorded on imports and screenings (default: OS user)
  COURTSCREEN_CONFIG         path to a config.toml (default: user config dir)
  COURTSCREEN_DATA_DIR       where the default SQLite file and mapping profiles live
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "courtscreen"


class ConfigError(Exception):
    """The config file is unreadable or says something we cannot use."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    user: str
    data_dir: Path
    config_path: Path | None = None
    default_court: str = ""
    # Extra classification rules from the court's config file ([[case_types.*]] tables).
    case_type_rules: dict = field(default_factory=dict)
    # Extra triage charge rules ([[triage.charge]] tables).
    triage_rules: dict = field(default_factory=dict)

    @property
    def profiles_dir(self) -> Path:
        return self.data_dir / "profiles"


def default_data_dir() -> Path:
    env = os.environ.get("COURTSCREEN_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'courtscreen.sqlite'}"


def current_os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers; still record something honest
        return "unknown user"


def _config_path() -> Path:
    env = os.environ.get("COURTSCREEN_CONFIG")
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def _read_config(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}). Fix or remove the file.") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror}).") from exc


def load_settings(database_url: str | None = None, user: str | None = None) -> Settings:
    """Resolve settings from options, environment and the config file."""
    path = _config_path()
    cfg = _read_config(path)
    data_dir = default_data_dir()
    url = (
        database_url
        or os.environ.get("COURTSCREEN_DATABASE_URL")
        or cfg.get("database_url")
        or default_database_url(data_dir)
    )
    name = user or os.environ.get("COURTSCREEN_USER") or cfg.get("user") or current_os_user()
    rules = cfg.get("case_types", {})
    if not isinstance(rules, dict):
        raise ConfigError(f"{path}: [case_types] must be a table of rule lists.")
    return Settings(
        database_url=url,
        user=name,
        data_dir=data_dir,
        config_path=path if path.exists() else None,
        default_court=str(cfg.get("default_court", "")),
        case_type_rules=rules,
        triage_rules=cfg.get("triage", {}) if isinstance(cfg.get("triage", {}), dict) else {},
    )
