"""A private PostgreSQL cluster in a temporary folder, for a test that stops its database.

Never the machine's shared server: initdb makes a new cluster listening on a free loopback
port with its socket in its own folder; everything is removed afterwards. As root, the
server runs as the `postgres` OS user (PostgreSQL refuses to run as root).
"""

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.scale.servers import free_port

BIN_DIR = Path(os.environ.get("POSTGRES_BIN_DIR", "/usr/lib/postgresql/15/bin"))
SERVER_USER = "postgres"


class ClusterUnavailable(Exception):
    """PostgreSQL's server programs are missing here."""


class PrivateCluster:
    def __init__(self):
        if not (BIN_DIR / "initdb").exists():
            raise ClusterUnavailable(f"initdb not found in {BIN_DIR} (apt-get install postgresql-15)")
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="alscare-pg-"))
        self.data = self.folder / "data"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            account = pwd.getpwnam(SERVER_USER)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        self.folder.chmod(0o700)
        self._run("initdb", "-D", self.data, "-U", SERVER_USER, "--auth=trust", "-E", "UTF8")

    def _run(self, program, *args, check=True):
        command = [str(BIN_DIR / program), *map(str, args)]
        if self.as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def start(self):
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.folder} -c fsync=off"
        )
        self._run("pg_ctl", "start", "-D", self.data, "-l", self.folder / "server.log", "-w", "-o", options)

    def stop(self):
        """Stop at once, ending every connection, as an outage does."""
        self._run("pg_ctl", "stop", "-D", self.data, "-m", "fast", "-w")

    def create_database(self, name):
        self._run(
            "psql", "-h", "127.0.0.1", "-p", self.port, "-U", SERVER_USER, "-c", f'CREATE DATABASE "{name}"'
        )
        return f"postgres://{SERVER_USER}@127.0.0.1:{self.port}/{name}"

    def remove(self):
        self._run("pg_ctl", "stop", "-D", self.data, "-m", "immediate", "-w", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)
