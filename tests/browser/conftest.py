"""What the browser tests share: Debian's chromium, found on PATH (or where
``CLAIMGRAPH_CHROMIUM`` says) and, when absent, installed by the project's own set-up
(scripts/test-setup.sh, as ./run.sh test also runs it); when it cannot be installed (not
root, no apt-get, offline) the browser tests skip with the set-up's reason.  Playwright
drives that chromium: no browser is downloaded.  The app is ``claimgraph serve``'s on a
real store, served by uvicorn on a loopback port; a browser context with its own profile."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from claimgraph.store import ClaimStore
from claimgraph.web.app import WebConfig, create_app
from query.corpus import build_corpus_store

SETUP = Path(__file__).resolve().parents[2] / "scripts" / "test-setup.sh"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).parent / "screenshots"
TOKEN = "browser-test-token"


def find_chromium() -> str | None:
    """The chromium to drive: ``CLAIMGRAPH_CHROMIUM`` (a command or a path), else
    ``chromium`` on PATH (Debian's package puts it in /usr/bin)."""
    return shutil.which(os.environ.get("CLAIMGRAPH_CHROMIUM") or "chromium")


@pytest.fixture(scope="session")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        done = subprocess.run(["bash", str(SETUP)], capture_output=True, text=True, timeout=1800)
        found = find_chromium()
        if found is None:
            said = " ".join(done.stderr.split()) or f"{SETUP.name} exited {done.returncode} and said nothing"
            pytest.skip(f"no chromium for the browser tests: {said}")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(chromium, extractor, tmp_path_factory):
    """The app on a store of the query corpus (its own for each test module: reviews
    change it), with a token, on a free loopback port."""
    import uvicorn

    db = build_corpus_store(extractor, str(tmp_path_factory.mktemp("browser") / "claims.db"))
    port = _free_port()
    with ClaimStore.open(db) as store:
        config = uvicorn.Config(create_app(store, WebConfig(token=TOKEN)), host="127.0.0.1", port=port,
                                log_level="warning")
        srv = uvicorn.Server(config)
        thread = threading.Thread(target=srv.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 60
        while not srv.started and time.monotonic() < deadline:
            time.sleep(0.1)
        assert srv.started, "the server did not start"
        yield f"http://127.0.0.1:{port}"
        srv.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def page(chromium, server, tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(profile), executable_path=chromium, headless=True,
                                                       args=FLAGS, viewport={"width": 1300, "height": 900})
        context.set_default_timeout(60_000)
        pg = context.new_page()
        yield pg
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def shot(page, name: str) -> None:
    """A screenshot of the whole page to tests/browser/screenshots/NAME.png."""
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
