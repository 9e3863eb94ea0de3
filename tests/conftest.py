"""Shared fixtures: isolated settings, SQLite and a throwaway PostgreSQL server.

PostgreSQL: the session starts its own server from the Debian `postgresql`
package binaries (/usr/lib/postgresql/*/bin) in a temporary directory on a free
loopback port, and stops it at the end. initdb refuses to run as root, so when
the tests run as root (CI does) the server runs as the `postgres` user through
`runuser`. Each test gets a fresh database on that server.

Without the binaries the PostgreSQL tests are skipped, except when CI is set or
COURTSCREEN_REQUIRE_POSTGRES=1: then they fail, so CI cannot go green having
silently tested SQLite only.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # `import helpers` under any import mode

PG_USER = "postgres"


# --------------------------------------------------------------------------- settings isolation


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory, monkeypatch):
    """Never read or write the real user folders, config or database."""
    home = tmp_path_factory.mktemp("courtscreen-home")
    monkeypatch.setenv("COURTSCREEN_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("COURTSCREEN_CONFIG", str(home / "config.toml"))
    monkeypatch.delenv("COURTSCREEN_DATABASE_URL", raising=False)
    # The sample hearings are in late 2026: order the worklist as on a fixed morning before them,
    # or "nearest hearing first" changes as the real calendar passes them (courtscreen.clock).
    monkeypatch.setenv("COURTSCREEN_TODAY", "2026-11-23")
    monkeypatch.setenv("COURTSCREEN_USER", "Test Clerk")
    return home


@pytest.fixture
def data_dir(_isolated_settings) -> Path:
    return _isolated_settings / "data"


@pytest.fixture
def config_path(_isolated_settings) -> Path:
    return _isolated_settings / "config.toml"


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


# --------------------------------------------------------------------------- PostgreSQL server


def postgres_required() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("COURTSCREEN_REQUIRE_POSTGRES") == "1"


def find_postgres_bin() -> Path | None:
    """The newest /usr/lib/postgresql/N/bin holding initdb and pg_ctl (or initdb on PATH)."""

    def version(path: str) -> tuple[int, ...]:
        part = Path(path).parent.name
        return tuple(int(x) for x in part.split(".") if x.isdigit())

    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        d = Path(candidate)
        if (d / "initdb").is_file() and (d / "pg_ctl").is_file():
            return d
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    return None


def _unavailable(reason: str):
    if postgres_required():
        pytest.fail(
            f"PostgreSQL is required for this test run (CI or COURTSCREEN_REQUIRE_POSTGRES=1) but "
            f"{reason}. Install the Debian package postgresql (apt-get install postgresql).",
            pytrace=False,
        )
    pytest.skip(f"PostgreSQL not available ({reason}); install the Debian package postgresql "
                "to run the PostgreSQL tests")


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class PostgresServer:
    port: int
    directory: Path

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{dbname}"

    def admin_connect(self):
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user=PG_USER, dbname="postgres",
                               autocommit=True, connect_timeout=10)


@pytest.fixture(scope="session")
def postgres_server():
    bindir = find_postgres_bin()
    if bindir is None:
        _unavailable("initdb/pg_ctl were not found under /usr/lib/postgresql/*/bin or on PATH")
    as_root = os.geteuid() == 0
    prefix: list[str] = []
    if as_root:
        try:
            pg = pwd.getpwnam(PG_USER)
        except KeyError:
            _unavailable(f"tests run as root and there is no {PG_USER!r} user to run initdb as")
        runuser = shutil.which("runuser")
        if runuser is None:
            _unavailable("tests run as root and runuser(1) is missing")
        prefix = [runuser, "-u", PG_USER, "--"]

    # Not under pytest's tmp dir: that is private to root (0700) and postgres could not enter it.
    directory = Path(tempfile.mkdtemp(prefix="courtscreen-pg-"))
    if as_root:
        os.chown(directory, pg.pw_uid, pg.pw_gid)
    data, log = directory / "data", directory / "server.log"
    port = free_loopback_port()

    def run(*cmd: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=timeout)

    started = False
    try:
        done = run(str(bindir / "initdb"), "-D", str(data), "--auth=trust", "-U", PG_USER,
                   "--encoding=UTF8", "--no-locale", "--no-sync")
        if done.returncode != 0:
            pytest.fail(f"initdb failed ({done.returncode}):\n{done.stdout}\n{done.stderr}", pytrace=False)
        options = (f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        done = run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w",
                   "-t", "60", "start")
        if done.returncode != 0:
            server_log = log.read_text(errors="replace") if log.exists() else ""
            pytest.fail(f"pg_ctl start failed ({done.returncode}):\n{done.stdout}\n{done.stderr}\n"
                        f"{server_log}", pytrace=False)
        started = True
        yield PostgresServer(port=port, directory=directory)
    finally:
        if started:
            run(str(bindir / "pg_ctl"), "-D", str(data), "stop", "-m", "fast", "-w")
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh, empty database on the session's server; dropped afterwards."""
    name = f"test_{uuid.uuid4().hex}"
    with postgres_server.admin_connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.url(name)
    with postgres_server.admin_connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --------------------------------------------------------------------------- both databases


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
                ids=["sqlite", "postgresql"])
def db_url(request, sqlite_url) -> str:
    if request.param == "sqlite":
        return sqlite_url
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def engine(db_url):
    """An engine on an empty database at the newest schema."""
    from courtscreen.store.database import make_engine
    from courtscreen.store.migrate import upgrade

    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()



# --------------------------------------------------------------------------- per-person logins (issue 17)


@dataclass
class Deployment:
    """A shared PostgreSQL database at the newest schema with one login per person.

    superuser: an engine as the server's superuser (the court's IT person, who can do anything).
    people: registered name -> its login; engine(name) connects as that person's own login.
    Logins are cluster-wide, so each test's carry a suffix of its own; they are dropped afterwards.
    """

    server: PostgresServer
    dbname: str
    suffix: str
    superuser: object
    people: dict
    _engines: list

    def url(self, login: str) -> str:
        return f"postgresql+psycopg://{login}:pw-{login}@127.0.0.1:{self.server.port}/{self.dbname}"

    def login_of(self, name: str) -> str:
        return self.people[name]

    def engine(self, name: str):
        from courtscreen.store.database import make_engine

        eng = make_engine(self.url(self.people[name]))
        self._engines.append(eng)
        return eng

    def new_login(self, base: str) -> str:
        return f"{base}_{self.suffix}"


DEPLOYMENT_PEOPLE = (("Ada Ashcombe", "administrator", "ada"), ("Cal Clerkenwell", "clerk", "cal"),
                     ("Jude Justinian", "judicial_staff", "jude"))


@pytest.fixture
def pg_deployment(postgres_server):
    """Ada Ashcombe (administrator, a login with CREATEROLE), Cal Clerkenwell (clerk) and Jude Justinian
    (judicial staff), registered the way a court does it: the IT person (superuser) registers the
    administrator, who registers the others through her own login."""
    from courtscreen.domain.roles import load_roles
    from courtscreen.store.access import access_for
    from courtscreen.store.database import make_engine
    from courtscreen.store.migrate import upgrade
    from courtscreen.store.users import add_user

    suffix = uuid.uuid4().hex[:8]
    name = f"test_{uuid.uuid4().hex}"
    with postgres_server.admin_connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    su = make_engine(postgres_server.url(name))
    upgrade(su)
    dep = Deployment(postgres_server, name, suffix, su, {}, [])
    roles = load_roles()
    (admin_name, admin_role, admin_login), *others = DEPLOYMENT_PEOPLE
    add_user(su, access_for(su, admin_name), admin_name, admin_role, roles,
             login=f"{admin_login}_{suffix}", password=f"pw-{admin_login}_{suffix}")
    dep.people[admin_name] = f"{admin_login}_{suffix}"
    admin_engine = dep.engine(admin_name)
    for person, role, login in others:
        add_user(admin_engine, access_for(admin_engine, "ignored"), person, role, roles,
                 login=f"{login}_{suffix}", password=f"pw-{login}_{suffix}")
        dep.people[person] = f"{login}_{suffix}"
    try:
        yield dep
    finally:
        for eng in dep._engines:
            eng.dispose()
        su.dispose()
        with postgres_server.admin_connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            logins = [r[0] for r in conn.execute(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (f"%\\_{suffix}",))]
            for login in logins:
                conn.execute(f'DROP ROLE IF EXISTS "{login}"')
