"""What makes an extraction process a well-behaved worker: it dies at once with the process
that started it (on Linux, by the kernel's parent-death signal; elsewhere by a thread that
watches the parent), leaves Ctrl-C to its parent, and may use no more memory than the limit
per worker (``limits.Limits.max_memory_mb``), so that a document that needs more fails
alone with a MemoryError instead of taking the machine."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from claimgraph.limits import limits

PR_SET_PDEATHSIG = 1


def bind_to_parent() -> None:
    """Called first in a worker process."""
    parent = os.getppid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not _death_signal():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="parent-watch").start()
    if os.getppid() != parent:  # the parent died before the signal was set
        os._exit(1)
    limit_memory(limits().max_memory_mb)


def limit_memory(megabytes: int) -> None:
    """Caps this process's address space (0: no cap)."""
    if megabytes <= 0:
        return
    try:
        import resource
    except ImportError:  # not on this platform
        return
    soft = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def process_alive(pid: int) -> bool:
    """Whether a process of this id runs (one of another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
