"""A process that loads the extractor while Spark's JVM starts, then becomes the executor's
Python daemon: the "zygote" of local mode.

In local mode the JVM asks for its Python daemon (``spark/daemon.py``) only when the first
task runs, seconds after the driver started it, and the daemon then spends a few more
seconds loading the extractor.  ``local_session`` starts this process before the JVM, with
the environment an executor's daemon would have; it loads the extractor (the daemon's
``PRELOAD``), then waits on a Unix socket in a private folder, named to the executors by
``SOCKET``.  When the JVM starts the daemon, the daemon hands the zygote its standard
input, output and error (the JVM's pipes: the port is read from the output, kill requests
and the end of input arrive on the input) with its command line, folder and environment,
and the zygote runs PySpark's daemon in its place (``pyspark.daemon.manager``), forking
workers that hold the extractor already.  The daemon the JVM started stays until the
zygote ends, so that the JVM's handle on it holds, and passes on the SIGTERM with which
the JVM stops it; the zygote also ends when the JVM closes the pipes (the end of input is
PySpark's signal to stop).

The protocol, on one connection: the zygote, once loaded, sends ``R``; the daemon sends a
4-byte length with its three descriptors, then its request (JSON); the zygote answers
``!`` (it runs PySpark's daemon now) or ``N`` (it does not: another extractor, another
Python or pyspark, another hash seed or other thread settings).  Before ``!`` the zygote writes nothing on the JVM's
pipes, so whatever goes wrong before it (no socket, a dead zygote, a timeout, a refusal),
the daemon loads the extractor itself as it would without a zygote.  A zygote serves one
daemon start; it tells the driver it did by writing ``S`` on its standard output (a pipe
to the driver), which ``Zygote.close`` reads to leave a serving zygote alone.  A waiting
zygote ends when the driver goes (its standard input, a pipe from the driver, closes) and
removes its folder."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from claimgraph.spark import switched_on

SOCKET = "CLAIMGRAPH_SPARK_ZYGOTE_SOCKET"  # the executors' environment: where the zygote waits
SWITCH = "CLAIMGRAPH_SPARK_ZYGOTE"  # "0" in the driver's environment: start no zygote
# read as Python and the libraries start: a zygote's must be the daemon's
START_SETTINGS = ("PYTHONHASHSEED", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
WAIT_SECONDS = 120.0  # how long a daemon waits for the zygote to be ready, before loading for itself
ANSWER_SECONDS = 30.0  # how long the zygote waits for a connected daemon's request
HEADER = struct.Struct("!I")


def wanted() -> bool:
    """Whether the driver should start a zygote (the switch is not "0")."""
    return switched_on(SWITCH)


def fingerprint(env: Mapping[str, str]) -> dict[str, Any]:
    """What the zygote's loaded modules depend on, for a daemon with environment ``env``: the
    zygote takes a daemon's place only when the daemon's fingerprint is its own."""
    import claimgraph
    from claimgraph.spark.daemon import PRELOAD

    return {"python": sys.executable, "claimgraph": claimgraph.__file__, "pyspark": pyspark_version(),
            "preload": env.get(PRELOAD, ""), "start": {name: env.get(name) for name in START_SETTINGS}}


def pyspark_version() -> str | None:
    """The version of the pyspark this process imports, read without importing it (which
    takes a second).  The daemon the JVM starts imports it from Spark's ``pyspark.zip``
    (first on the PYTHONPATH Spark gives it), the zygote from where the driver does: the
    same release, in a pip install, and its version is what has to agree with the JVM."""
    import importlib.util
    import re

    spec = importlib.util.find_spec("pyspark")
    if spec is None or spec.origin is None or spec.loader is None or not hasattr(spec.loader, "get_data"):
        return None
    try:
        source = spec.loader.get_data(os.path.join(os.path.dirname(spec.origin), "version.py"))
    except OSError:
        return None
    found = re.search(rb"__version__[^=]*=\s*[\"']([^\"']+)", source)
    return found.group(1).decode() if found else None


# ---------------------------------------------------------------------- the driver
@dataclass
class Zygote:
    """The driver's handle on a zygote."""

    process: subprocess.Popen[bytes]
    folder: str
    served: bool = field(default=False)

    @property
    def path(self) -> str:
        return os.path.join(self.folder, "zygote.sock")

    def serving(self) -> bool:
        """Whether it took a daemon's place (then it ends with that daemon, not before)."""
        if not self.served and self.process.stdout is not None:
            out = self.process.stdout.fileno()
            if select.select([out], [], [], 0)[0]:
                self.served = os.read(out, 1) == b"S"
        return self.served

    def close(self) -> None:
        """Ends the zygote unless it serves a daemon, and removes its folder."""
        if not self.serving() and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdin is not None:
            self.process.stdin.close()
        if self.process.stdout is not None:
            self.process.stdout.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def start(env: Mapping[str, str]) -> Zygote | None:
    """Starts a zygote with environment ``env`` (the driver's, with what an executor's daemon
    gets besides: its ``PRELOAD``, its thread settings); None if it cannot start."""
    folder = tempfile.mkdtemp(prefix="claimgraph-zygote-")
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            listener.bind(os.path.join(folder, "zygote.sock"))  # there before the JVM: no race
            listener.listen(8)
            process = subprocess.Popen([sys.executable, "-m", "claimgraph.spark.zygote", str(listener.fileno())],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=dict(env),
                                       pass_fds=(listener.fileno(),), process_group=0)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return Zygote(process, folder)


# ---------------------------------------------------------------------- the daemon the JVM started
def hand_over() -> bool:
    """In the daemon the JVM started: hands the JVM's pipes to the zygote named in the
    environment, and waits until the zygote (now PySpark's daemon) ends.  False, at once or
    after ``WAIT_SECONDS``, when there is no zygote to take over: the caller runs the daemon."""
    path = os.environ.get(SOCKET)
    if not path:
        return False
    request = json.dumps({"fingerprint": fingerprint(os.environ), "env": dict(os.environ),
                          "cwd": os.getcwd(), "argv": sys.argv}).encode()
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(WAIT_SECONDS)
            conn.connect(path)
            if _read(conn, 1) != b"R":
                return False
            conn.settimeout(None)  # the zygote is loaded and answers at once, or dies (an end of input)
            socket.send_fds(conn, [HEADER.pack(len(request))], [0, 1, 2])
            conn.sendall(request)
            answer = _read(conn, 5)
    except (OSError, ValueError):
        return False
    if answer[:1] != b"!":
        return False
    _wait_for(struct.unpack("!i", answer[1:])[0])
    return True


def _wait_for(pid: int) -> None:
    """Until process ``pid`` ends, passing on SIGTERM (how the JVM stops its daemon)."""
    try:
        handle: int | None = os.pidfd_open(pid)
    except OSError:
        handle = None

    def forward(signum: int, _frame: Any) -> None:
        try:
            if handle is not None:
                signal.pidfd_send_signal(handle, signum)
            else:
                os.kill(pid, signum)
        except OSError:
            pass  # it has ended

    signal.signal(signal.SIGTERM, forward)
    if handle is not None:
        select.select([handle], [], [])
        return
    while True:  # without pidfd (Linux before 5.3)
        try:
            os.kill(pid, 0)
        except OSError:
            return
        select.select([], [], [], 1.0)


def _read(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        more = conn.recv(n - len(data))
        if not more:
            raise ValueError("connection closed")
        data += more
    return data


# ---------------------------------------------------------------------- the zygote
def serve(listener: socket.socket) -> int:
    """The zygote: loads the extractor, waits for one daemon (or for the driver to go), and
    runs PySpark's daemon in its place, or refuses it."""
    folder = os.path.dirname(listener.getsockname())
    try:
        from claimgraph.spark.daemon import PRELOAD, load

        if not load(os.environ.get(PRELOAD), report=False):
            return 1  # the daemon loads it, and reports why it fails
        from pyspark import daemon

        own = fingerprint(os.environ)
        ready = select.select([listener.fileno(), 0], [], [])[0]
        if listener.fileno() not in ready:
            return 0  # the driver has gone
        conn, _ = listener.accept()
    finally:
        listener.close()  # one daemon start: later ones find no zygote
        shutil.rmtree(folder, ignore_errors=True)
    with conn:
        try:
            conn.sendall(b"R")
            conn.settimeout(ANSWER_SECONDS)
            header, fds, _flags, _addr = socket.recv_fds(conn, HEADER.size, 3)
            if len(header) != HEADER.size or len(fds) != 3:
                return 1
            request = json.loads(_read(conn, HEADER.unpack(header)[0]))
            if request["fingerprint"] != own:
                conn.sendall(b"N")
                return 0
            os.chdir(request["cwd"])
        except (OSError, ValueError, KeyError):
            return 1
        try:
            os.write(1, b"S")  # to the driver: this zygote now serves the executor
        except OSError:
            pass  # the driver has gone; the JVM, whose pipes these are, ends the daemon
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv[:] = request["argv"]
        try:
            conn.sendall(b"!" + struct.pack("!i", os.getpid()))
        except OSError:
            os._exit(1)  # the daemon has gone, and with it the JVM's use for this one
    daemon.manager()
    return 0


if __name__ == "__main__":
    sys.exit(serve(socket.socket(fileno=int(sys.argv[1]))))
