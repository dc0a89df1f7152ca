"""The browser tests' set-up on a machine without chromium, without uninstalling the real
one: the browser looked for is a name no machine has (``CLAIMGRAPH_CHROMIUM``), and PATH
holds stand-ins for ``id`` and ``apt-get`` that play a user who is or is not root and an
archive that is or is not reachable.  Each case ends with chromium installed or with a
reason that says what to run; the browser tests then skip with that reason."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import SETUP

ROOT = SETUP.parents[1]
ABSENT = "claimgraph-absent-browser"


def _tool(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    path.chmod(0o755)


def _setup(folder: Path, uid: int | None, apt: str | None, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs scripts/test-setup.sh with PATH holding only ``folder``: an ``id`` that says
    ``uid`` and an ``apt-get`` running ``apt`` (each absent when None)."""
    folder.mkdir(exist_ok=True)
    if uid is not None:
        _tool(folder, "id", f"echo {uid}")
    if apt is not None:
        _tool(folder, "apt-get", apt)
    return subprocess.run(["/bin/bash", str(SETUP)], capture_output=True, text=True, timeout=60,
                          env={"PATH": str(folder), "CLAIMGRAPH_CHROMIUM": ABSENT, **env})


def test_without_root_it_says_what_to_run(tmp_path):
    done = _setup(tmp_path / "bin", uid=1000, apt="echo apt-get must not run >&2; exit 1")
    assert done.returncode == 0
    assert f"{ABSENT} is not installed" in done.stderr and "needs root" in done.stderr
    assert "scripts/test-setup.sh" in done.stderr and "apt-get must not run" not in done.stderr


def test_without_apt_or_when_told_not_to_install(tmp_path):
    done = _setup(tmp_path / "bin", uid=0, apt=None)
    assert done.returncode == 0 and "no apt-get" in done.stderr
    told = _setup(tmp_path / "bin2", uid=0, apt="echo apt-get must not run >&2; exit 1",
                  CLAIMGRAPH_NO_SYSTEM_INSTALL="1")
    assert "CLAIMGRAPH_NO_SYSTEM_INSTALL=1" in told.stderr and "apt-get must not run" not in told.stderr


def test_offline_the_install_fails_with_a_reason(tmp_path):
    calls = tmp_path / "calls"
    done = _setup(tmp_path / "bin", uid=0, apt=f'echo "$@" >> {calls}; exit 100')
    assert done.returncode == 0
    lines = calls.read_text().splitlines()
    assert lines[0].startswith("update") and "install" in lines[1] and lines[1].endswith("chromium")
    assert "apt-get update failed" in done.stderr
    assert "apt-get install chromium failed" in done.stderr and "when online" in done.stderr


def test_as_root_with_the_archive_it_installs_chromium(tmp_path):
    folder = tmp_path / "bin"
    # the package puts the browser where the lookup finds it
    apt = f'case "$1" in install) printf "#!/bin/sh\\n" > {folder}/{ABSENT}; /bin/chmod 755 {folder}/{ABSENT};; esac'
    done = _setup(folder, uid=0, apt=apt)
    assert done.returncode == 0 and "installing chromium" in done.stderr
    assert "skip" not in done.stderr and os.access(folder / ABSENT, os.X_OK)
    again = _setup(folder, uid=0, apt="echo apt-get must not run >&2; exit 1")
    assert again.stderr == ""


def test_the_browser_tests_skip_with_the_reason(tmp_path):
    env = {**os.environ, "CLAIMGRAPH_CHROMIUM": ABSENT, "CLAIMGRAPH_NO_SYSTEM_INSTALL": "1"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
                           "tests/browser/test_pages.py"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "skipped" in done.stdout and "passed" not in done.stdout
    assert f"no chromium for the browser tests: test-setup: {ABSENT} is not installed" in done.stdout
    assert "CLAIMGRAPH_NO_SYSTEM_INSTALL=1" in done.stdout
