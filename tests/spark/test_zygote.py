"""The zygote (``claimgraph.spark.zygote``) as the JVM sees it, without a JVM: this test
plays the JVM's part, starting claimgraph's daemon with pipes for its standard input and
output, reading the port from its output, connecting for a worker (which first sends its
pid), and stopping it as Spark does (SIGTERM, or closing its input).

With a zygote that can take over, the workers are the zygote's children, and the zygote
ends with the daemon; without one (none, a dead one, one loaded for another environment),
the daemon runs PySpark's daemon itself and the workers are its own children.  No
extractor is loaded here (the environment names none): what is tested is the hand-over."""

from __future__ import annotations

import os
import signal
import socket
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed")

from claimgraph.spark import zygote  # noqa: E402
from claimgraph.spark.daemon import PRELOAD  # noqa: E402

ENV = {**{k: v for k, v in os.environ.items() if k not in (PRELOAD, zygote.SOCKET)},
       "OMP_NUM_THREADS": "1", "PYTHONUNBUFFERED": "YES"}


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes a test starts, killed at its end if they are still there."""
    procs: list[subprocess.Popen[bytes]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _zygote(started: list[subprocess.Popen[bytes]], **env: str) -> zygote.Zygote:
    z = zygote.start({**ENV, **env})
    assert z is not None
    started.append(z.process)
    return z


def _daemon(started: list[subprocess.Popen[bytes]], path: str | None) -> tuple[subprocess.Popen[bytes], int]:
    """claimgraph's daemon started as Spark's worker factory starts it; its port."""
    env = {**ENV, "PYTHON_WORKER_FACTORY_SECRET": "secret", **({zygote.SOCKET: path} if path else {})}
    proc = subprocess.Popen([sys.executable, "-m", "claimgraph.spark.daemon", "pyspark.worker"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    started.append(proc)
    assert proc.stdout is not None
    port = struct.unpack("!i", proc.stdout.read(4))[0]
    return proc, port


def _worker_parent(port: int) -> int:
    """The parent of the Python worker forked for a connection to the daemon's port."""
    with socket.create_connection(("127.0.0.1", port)) as conn:
        pid = struct.unpack("!i", conn.recv(4))[0]
        parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        conn.sendall(struct.pack("!i", len(b"secret")) + b"secret")  # as the JVM authenticates
        assert conn.recv(6) == struct.pack("!i", 2) + b"ok"
    return parent


@pytest.mark.parametrize("stop", ["sigterm", "end of input"])
def test_the_zygote_runs_the_daemon_and_ends_with_it(started, stop):
    z = _zygote(started)
    daemon, port = _daemon(started, z.path)
    assert _worker_parent(port) == z.process.pid
    assert z.serving()
    assert not Path(z.folder).exists()  # one daemon start: no other finds it
    if stop == "sigterm":  # Spark's stopDaemon: Process.destroy
        daemon.send_signal(signal.SIGTERM)
    else:  # the JVM going away closes the daemon's pipes
        assert daemon.stdin is not None
        daemon.stdin.close()
    z.process.wait(60)
    daemon.wait(60)
    z.close()


@pytest.mark.parametrize("case", ["no socket", "dead zygote", "another environment"])
def test_without_a_zygote_to_take_over_the_daemon_runs_itself(started, tmp_path, case):
    if case == "no socket":
        z, path = None, str(tmp_path / "missing.sock")
    elif case == "dead zygote":
        z = _zygote(started)
        z.process.send_signal(signal.SIGKILL)
        z.process.wait()
        path = z.path
    else:  # loaded with other thread settings than the daemon's
        z = _zygote(started, OMP_NUM_THREADS="2")
        path = z.path
    daemon, port = _daemon(started, path)
    assert _worker_parent(port) == daemon.pid
    if z is not None:
        assert not z.serving()
        assert z.process.wait(60) is not None  # it refused, or was dead: it does not stay
        z.close()
        assert not Path(z.folder).exists()
    daemon.send_signal(signal.SIGTERM)
    daemon.wait(60)


def test_a_waiting_zygote_ends_when_the_driver_goes(started):
    """The driver's pipe to the zygote closes when the driver ends, however it ends."""
    z = _zygote(started)
    assert z.process.stdin is not None
    z.process.stdin.close()
    assert z.process.wait(60) == 0
    assert not Path(z.folder).exists()
    z.close()


def test_close_ends_a_waiting_zygote(started):
    z = _zygote(started)
    z.close()
    assert z.process.poll() is not None and not Path(z.folder).exists()
