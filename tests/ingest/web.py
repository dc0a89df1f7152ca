"""A web server on 127.0.0.1 for the fetching tests: pages, feeds, robots.txt, and the
misbehaviour a crawler meets (slow, failing, redirecting, oversized responses).  Each
request is logged with its time, so tests can check what was asked and when."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Route = Callable[[BaseHTTPRequestHandler], None]


def page(body: str | bytes, content_type: str = "text/html; charset=utf-8", status: int = 200,
         headers: dict[str, str] | None = None) -> Route:
    data = body.encode("utf-8") if isinstance(body, str) else body

    def respond(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)

    return respond


def redirect(location: str, status: int = 302) -> Route:
    return page(b"", status=status, headers={"Location": location})


def slow(seconds: float, then: Route) -> Route:
    """Answers only after ``seconds``."""
    def respond(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        then(h)

    return respond


def flaky(failures: int, then: Route, status: int = 503, retry_after: str = "0") -> Route:
    """Fails ``failures`` times with ``status`` (and a Retry-After), then answers as ``then``."""
    left = [failures]

    def respond(h: BaseHTTPRequestHandler) -> None:
        if left[0] > 0:
            left[0] -= 1
            page("busy", status=status, headers={"Retry-After": retry_after})(h)
        else:
            then(h)

    return respond


def stream(total: int, chunk: int = 65536) -> Route:
    """``total`` bytes of HTML with no Content-Length, in chunks."""
    def respond(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        sent = 0
        try:
            while sent < total:
                h.wfile.write(b"<p>" + b"x" * (chunk - 3))
                sent += chunk
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading, as it should

    return respond


class _QuietServer(ThreadingHTTPServer):
    """A test server for which a client hanging up early (the size cap, a timeout) is
    normal: no traceback on stderr from a handler thread that may outlive its test."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


class LocalWeb:
    """A threaded HTTP server on a free loopback port; ``routes`` maps paths to answers,
    ``log`` lists (path, monotonic time) of each request."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, float]] = []
        web = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                web.log.append((self.path, time.monotonic()))
                route = web.routes.get(self.path)
                if route is None:
                    page("not here", status=404)(self)
                else:
                    route(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        # a short poll interval: shutdown() waits for the next poll
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def requests(self, path: str) -> list[float]:
        return [t for p, t in self.log if p == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
