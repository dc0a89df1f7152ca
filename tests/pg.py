"""A throwaway PostgreSQL server for the tests: initdb into a temp dir, a free loopback
port, torn down after the session; skipped only when PostgreSQL is not installed.  As root
it runs as 'nobody' (PostgreSQL refuses to run as root)."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_ROOTS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def _pg_bin() -> Path | None:
    for candidate in PG_ROOTS:
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A throwaway PostgreSQL server that a test may stop and start again (same port)."""

    url: str
    data: Path
    options: str
    log: Path
    bindir: Path
    as_user: list[str]

    def stop(self, mode: str = "fast") -> None:
        """``fast`` ends the sessions and shuts down; ``immediate`` is a crash (no shutdown)."""
        subprocess.run([*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "stop"],
                       check=True, capture_output=True)

    def start(self) -> None:
        subprocess.run([*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", self.options,
                        "-l", str(self.log), "-w", "start"], check=True, capture_output=True)


@contextmanager
def controlled_server() -> Iterator[Server | None]:
    """A PostgreSQL server in a temp dir for as long as the block runs (its URL: the
    'postgres' user), or None when PostgreSQL is not installed."""
    bindir = _pg_bin()
    if bindir is None:
        yield None
        return
    # PostgreSQL refuses to run as root: as root, run it as 'nobody', which must own the folder
    as_user = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
    tmp = Path(tempfile.mkdtemp(prefix="claimgraph-pg-"))
    if as_user:
        shutil.chown(tmp, "nobody")
    data, port = tmp / "data", _free_port()
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                    "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
    options = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    server = Server(f"postgresql://postgres@127.0.0.1:{port}", data, options, tmp / "log", bindir, as_user)
    server.start()
    try:
        yield server
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def throwaway_server() -> Iterator[str | None]:
    """A PostgreSQL server in a temp dir for as long as the block runs: its URL (the
    'postgres' user), or None when PostgreSQL is not installed."""
    with controlled_server() as server:
        yield server.url if server is not None else None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server that lives for the test session (its 'postgres' user)."""
    with throwaway_server() as url:
        if url is None:
            pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        yield url


_databases = itertools.count(1)


def new_pg_database(server: str) -> str:
    """A new, empty database on the session's PostgreSQL server; its URL."""
    import psycopg

    name = f"claims_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"
