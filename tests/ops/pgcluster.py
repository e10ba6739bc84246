"""A private PostgreSQL cluster in a temporary folder, for tests that stop and start a database.

Never the machine's shared server: `initdb` makes a new cluster on a free loopback port, with
its unix socket inside its own folder, and everything is removed afterwards. As root, the
server runs as the `postgres` OS user (PostgreSQL refuses to run as root).
"""

import os
import pwd
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from tests.production_portal import free_port

BIN_DIR = Path(os.environ.get("POSTGRES_BIN_DIR", "/usr/lib/postgresql/15/bin"))
SERVER_USER = "postgres"


class ClusterUnavailable(Exception):
    """PostgreSQL's server programs are missing, so no private cluster can be made here."""


class PostgresCluster:
    """initdb, start, stop and remove one cluster; `url(name)` is a DATABASE_URL for it."""

    def __init__(self):
        if not (BIN_DIR / "initdb").exists():
            raise ClusterUnavailable(f"initdb not found in {BIN_DIR} (apt-get install postgresql-15)")
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="alscare-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            account = pwd.getpwnam(SERVER_USER)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        self.folder.chmod(0o700)
        self._run(
            "initdb",
            "--pgdata",
            self.data,
            "--username",
            SERVER_USER,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--no-instructions",
        )

    def _run(self, program, *args, check=True):
        command = [str(BIN_DIR / program), *map(str, args)]
        if self.as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def start(self, wait=True):
        """Start the server; with `wait`, return once it accepts connections."""
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.folder} -c fsync=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl",
            "start",
            "--pgdata",
            self.data,
            "--log",
            self.log,
            "--wait" if wait else "--no-wait",
            "-o",
            options,
        )

    def stop(self, mode="fast"):
        """Stop the server: "fast" ends every connection at once, as an outage does."""
        self._run("pg_ctl", "stop", "--pgdata", self.data, "--mode", mode, "--wait")

    def accepts_connections(self, database="postgres"):
        import psycopg2

        try:
            psycopg2.connect(self.url(database), connect_timeout=1).close()
        except psycopg2.OperationalError:
            return False
        return True

    def is_running(self):
        return self._run("pg_ctl", "status", "--pgdata", self.data, check=False).returncode == 0

    def psql(self, sql, database="postgres"):
        result = self._run(
            "psql", "-h", "127.0.0.1", "-p", self.port, "-U", SERVER_USER, "-d", database, "-Atqc", sql
        )
        return result.stdout.strip()

    def create_database(self, name):
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def url(self, name):
        return f"postgres://{SERVER_USER}@127.0.0.1:{self.port}/{name}"

    def remove(self):
        if self.is_running():
            self._run("pg_ctl", "stop", "--pgdata", self.data, "--mode", "immediate", "--wait", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def server_log(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@contextmanager
def started_private_cluster():
    """A started private cluster for a test, removed afterwards. Where none can be made here
    the test is skipped, or fails when ALSCARE_REQUIRE_REAL_SERVICES=1 demands real parts."""
    import pytest

    from tests.conftest import REQUIRE_REAL_SERVICES

    try:
        cluster = PostgresCluster()
    except ClusterUnavailable as missing:
        if REQUIRE_REAL_SERVICES:
            pytest.fail(f"ALSCARE_REQUIRE_REAL_SERVICES=1 but {missing}", pytrace=False)
        pytest.skip(str(missing))
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()
