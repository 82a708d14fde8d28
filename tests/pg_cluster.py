"""A throwaway PostgreSQL/PostGIS cluster for the store tests and the store benchmark.

It runs Debian's ``initdb``/``pg_ctl`` (``/usr/lib/postgresql/*/bin``) as an unprivileged user (the
``postgres`` system user when run as root, else the current user), with its data directory and socket in a
temporary directory, listening on 127.0.0.1 only, on a free port. Every test gets a database of its own,
made from a template that already has PostGIS.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path


class Unavailable(RuntimeError):
    """PostgreSQL or PostGIS is not installed here (the reason says what is missing)."""


def _bindir() -> Path:
    for cand in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True):
        if os.access(os.path.join(cand, "initdb"), os.X_OK) and os.access(os.path.join(cand, "pg_ctl"), os.X_OK):
            return Path(cand)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise Unavailable("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; "
                      "apt-get install postgresql postgis)")


def _postgis_installed(bindir: Path) -> bool:
    share = subprocess.run([str(bindir / "pg_config"), "--sharedir"], capture_output=True, text=True).stdout.strip()
    return bool(share) and bool(glob.glob(os.path.join(share, "extension", "postgis.control")))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgCluster:
    def __init__(self) -> None:
        self.bindir = _bindir()
        if not _postgis_installed(self.bindir):
            raise Unavailable("PostGIS is not installed for this PostgreSQL (apt-get install postgis)")
        self.user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
        if os.geteuid() == 0:
            try:
                pwd.getpwnam(self.user)
            except KeyError:
                raise Unavailable("running as root and there is no 'postgres' user to run PostgreSQL as") from None
        self.tmp = Path(tempfile.mkdtemp(prefix="conflictmap-pg-"))
        self.data = self.tmp / "data"
        self.port = _free_port()
        self.started = False

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.tmp)

    def start(self) -> PgCluster:
        if os.geteuid() == 0:
            shutil.chown(self.tmp, self.user)
        os.chmod(self.tmp, 0o755)
        out = self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                        "-E", "UTF8", "--no-sync", "--locale=C")
        if out.returncode:
            raise RuntimeError(f"initdb failed: {out.stderr.strip()}")
        opts = (f"-p {self.port} -k {self.tmp} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        out = self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", opts, "-l",
                        str(self.tmp / "server.log"), "-w", "-t", "60", "start")
        if out.returncode:
            log = (self.tmp / "server.log").read_text(errors="replace")[-2000:] if (self.tmp / "server.log").exists() \
                else ""
            raise RuntimeError(f"pg_ctl start failed: {out.stderr.strip()} {log}")
        self.started = True
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE cm_template")
        with psycopg.connect(self.url("cm_template"), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")
        return self

    def url(self, db: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def new_database(self, *, postgis: bool = True) -> str:
        """A fresh, empty database (with the PostGIS extension unless asked not to); its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {'cm_template' if postgis else 'template0'}")
        return self.url(name)

    def stop(self) -> None:
        if self.started:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
            self.started = False
        shutil.rmtree(self.tmp, ignore_errors=True)
