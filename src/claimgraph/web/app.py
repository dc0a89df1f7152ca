"""``create_app``: the FastAPI application of ``claimgraph serve``.

Access: a read is allowed from a loopback client, or with the token; a write (a review)
only with the token, and never when the server has none.  The token comes as
``Authorization: Bearer TOKEN`` or in the ``claimgraph_token`` cookie (which the pages set).
Cross-origin requests are refused unless origins are configured; request bodies are
limited in size; every query goes through SQLAlchemy with bound parameters."""

from __future__ import annotations

import hmac
import ipaddress
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from claimgraph.query import Graph
from claimgraph.store import ClaimStore

MAX_BODY = 64 * 1024


@dataclass
class WebConfig:
    """``token``: what writes (and reads from other hosts) must send; ``cors_origins``:
    origins whose pages may call the API; ``max_body``: the largest request body, bytes."""

    token: str | None = None
    cors_origins: list[str] = field(default_factory=list)
    max_body: int = MAX_BODY


class Services:
    """What the endpoints share: the store (writes), its graph (reads), the configuration."""

    def __init__(self, store: ClaimStore, config: WebConfig) -> None:
        self.store = store
        self.graph = Graph(store.engine)
        self.config = config

    def refresh_actors(self) -> None:
        """A review may add actors: the graph reads its actor index again."""
        self.graph._actors = None
        self.graph._children = None


def is_loopback(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def sent_token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.cookies.get("claimgraph_token")


def has_token(request: Request, config: WebConfig) -> bool:
    given = sent_token(request)
    return bool(config.token and given and hmac.compare_digest(given.encode(), config.token.encode()))


class BodyLimit:
    """Refuses a request whose body is larger than ``limit`` bytes (413), by its
    Content-Length or, without one, as it arrives."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and (not value.isdigit() or int(value) > self.limit):
                await _too_large(self.limit)(scope, receive, send)
                return
        seen = 0

        async def limited() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _BodyTooLarge:
            await _too_large(self.limit)(scope, receive, send)


class _BodyTooLarge(Exception):
    pass


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"detail": f"request body larger than {limit} bytes"}, status_code=413)


def create_app(store: ClaimStore, config: WebConfig | None = None) -> FastAPI:
    """The application: API under ``/api`` (OpenAPI at ``/api/openapi.json``, docs at
    ``/api/docs``), pages at ``/``, static files at ``/static``."""
    from claimgraph.web.api import router as api_router
    from claimgraph.web.pages import router as pages_router

    config = config or WebConfig()
    app = FastAPI(title="claimgraph", version=_version(), openapi_url="/api/openapi.json", docs_url="/api/docs",
                  redoc_url=None,
                  description="Claims about who did what to whom, read from news: links between actors, "
                              "paths, profiles, claims, timelines, contradictions, documents and reviews. "
                              "Reads are open to loopback clients (others send the token); writes need "
                              "`Authorization: Bearer TOKEN`.")
    app.state.services = Services(store, config)

    @app.middleware("http")
    async def access(request: Request, call_next: Any) -> Any:
        path = request.url.path
        # a NUL cannot be stored or compared by PostgreSQL: refused before any query
        if "\x00" in str(request.query_params) or "%00" in request.url.query:
            return JSONResponse({"detail": "NUL characters are not allowed in parameters"}, status_code=422)
        if not path.startswith("/static/") and not is_loopback(request.client.host if request.client else None) \
                and not has_token(request, config) and path not in ("/login",):
            return JSONResponse({"detail": "reads from other hosts need the token"}, status_code=401)
        return await call_next(request)

    if config.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=config.cors_origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Authorization", "Content-Type"])
    app.include_router(api_router, prefix="/api")
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=str(resources.files("claimgraph.web") / "static")), name="static")
    if config.max_body:
        app.add_middleware(BodyLimit, limit=config.max_body)
    return app


def _version() -> str:
    from claimgraph import __version__

    return __version__
