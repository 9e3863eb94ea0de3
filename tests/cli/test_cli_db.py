"""`courtscreen db …`, database errors, and the program as a real process."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.dockets import docket_csv

from courtscreen.store import migrate
from courtscreen.store.migrate import alembic_head

UNREACHABLE = "postgresql://x@127.0.0.1:1/none"
REPO = Path(__file__).resolve().parents[2]


def stamp_sqlite(path: Path, revision: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES (?)", (revision,))


def test_db_current_on_a_new_database(courtscreen, cli_db):
    result = courtscreen("db", "current")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (f"{cli_db}: schema none (empty database), newest {alembic_head()} "
                                     "(out of date: run courtscreen db upgrade).")


def test_db_upgrade_then_current(courtscreen, cli_db):
    head = alembic_head()
    result = courtscreen("db", "upgrade")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{cli_db} upgraded from empty to {head}."

    again = courtscreen("db", "upgrade")
    assert again.exit_code == 0
    assert again.stdout.strip() == f"{cli_db} is already at the newest schema ({head})."

    current = courtscreen("db", "current")
    assert current.stdout.strip() == f"{cli_db}: schema {head}, newest {head} (up to date)."


def test_out_of_date_database_stops_import_and_cases_with_the_command(courtscreen, cli_db, tmp_path,
                                                                      monkeypatch):
    # Only one migration exists so far: pretend an older one did, so 0000_old is "old", not unknown.
    monkeypatch.setattr(migrate, "KNOWN_REVISIONS", ("0000_old", *migrate.KNOWN_REVISIONS))
    stamp_sqlite(Path(cli_db.removeprefix("sqlite:///")), "0000_old")
    current = courtscreen("db", "current")
    assert current.exit_code == 0
    assert "schema 0000_old" in current.stdout
    assert "(out of date: run courtscreen db upgrade)" in current.stdout
    for args in (["cases"], ["import", docket_csv(tmp_path / "d.csv")]):
        result = courtscreen(*args)
        assert result.exit_code == 5, result.output
        assert "is at schema 0000_old" in result.output
        assert "Run: courtscreen db upgrade" in result.output


def test_db_upgrade_on_an_unknown_revision_is_a_database_error(courtscreen, cli_db):
    stamp_sqlite(Path(cli_db.removeprefix("sqlite:///")), "0000_old")
    result = courtscreen("db", "upgrade")
    assert result.exit_code == 5
    assert "0000_old" in result.output
    assert "newer" in result.output and "nothing was changed" in result.output


@pytest.mark.parametrize("args", [["db", "current"], ["db", "upgrade"], ["cases"], ["import", "DOCKET"]],
                         ids=["db-current", "db-upgrade", "cases", "import"])
def test_unreachable_postgresql_exits_5_with_a_readable_message(courtscreen, tmp_path, args):
    args = [str(docket_csv(tmp_path / "d.csv")) if a == "DOCKET" else a for a in args]
    result = courtscreen(*args, db=UNREACHABLE)
    assert result.exit_code == 5, result.output
    assert isinstance(result.exception, SystemExit)
    message = result.output.strip()
    assert message.startswith("Error: cannot open the database postgresql+psycopg://x@127.0.0.1:1/none:")
    assert "Connection refused" in message or "connection failed" in message
    assert "Check COURTSCREEN_DATABASE_URL / --db, that the server is running, and the password." in message
    assert "Traceback" not in message


def test_password_is_hidden_in_database_errors(courtscreen):
    result = courtscreen("cases", db="postgresql://clerk:s3cret-pw@127.0.0.1:1/docket")
    assert result.exit_code == 5
    assert "s3cret-pw" not in result.output
    assert "clerk:***@127.0.0.1:1/docket" in result.output


def test_invalid_url(courtscreen):
    result = courtscreen("cases", db="not a url")
    assert result.exit_code == 5
    assert "is not valid: use sqlite:///path/to/file.sqlite or postgresql://" in result.output


def test_database_url_from_the_environment(courtscreen, monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'from-env.sqlite'}"
    monkeypatch.setenv("COURTSCREEN_DATABASE_URL", url)
    result = courtscreen("db", "upgrade", db=None)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{url} upgraded from empty")
    assert (tmp_path / "from-env.sqlite").is_file()


def test_default_database_lives_in_the_data_dir(courtscreen, data_dir):
    result = courtscreen("db", "upgrade", db=None)
    assert result.exit_code == 0, result.output
    assert (data_dir / "courtscreen.sqlite").is_file()


def _run_module(*args, env_home: Path):
    import os

    env = {**os.environ, "COURTSCREEN_DATA_DIR": str(env_home / "data"),
           "COURTSCREEN_CONFIG": str(env_home / "config.toml")}
    env.pop("COURTSCREEN_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "courtscreen", *args], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=120)


def test_python_m_courtscreen_help(tmp_path):
    done = _run_module("--help", env_home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: python -m courtscreen [OPTIONS]")
    for command in ("import", "cases", "db", "demo"):
        assert f"  {command} " in done.stdout
    assert "Screen a court docket for stalking." in done.stdout


def test_python_m_courtscreen_import_exit_code_in_a_real_process(tmp_path):
    bad = tmp_path / "garbage.csv"
    bad.write_bytes(bytes(range(256)))
    done = _run_module("--db", f"sqlite:///{tmp_path / 'x.sqlite'}", "import", str(bad), env_home=tmp_path)
    assert done.returncode == 4
    assert "Nothing was imported." in done.stderr
    assert done.stdout == ""
