"""Pages over HTTP(S), fetched politely and kept as fetched.

``Fetcher.fetch`` asks each host's robots.txt first (RFC 9309: a missing robots.txt allows
everything, an unreachable one allows nothing), waits its turn for the host (one request
per ``host_interval`` seconds, or the robots.txt Crawl-delay when longer), retries timeouts,
connection errors, 429 and 5xx answers with growing pauses (honouring Retry-After), follows
redirects up to a limit and only to http(s), and stops reading a response past a size cap
or a deadline.  The result keeps the body, headers, redirects and time of fetching, so a
document can be extracted again without fetching it again."""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from claimgraph import __version__

PRODUCT = "claimgraph"


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how patiently to fetch."""

    user_agent: str = f"{PRODUCT}/{__version__} (news claim extraction)"
    timeout: float = 20.0  # seconds to connect, and between two pieces of a response
    deadline: float = 60.0  # seconds for a whole response, however slowly it trickles
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2  # after the first try
    backoff: float = 1.0  # seconds before the first retry, doubled for each next one
    max_wait: float = 120.0  # the longest pause a Retry-After or Crawl-delay can impose
    host_interval: float = 1.0  # seconds between two requests to one host
    obey_robots: bool = True
    # private, loopback, link-local and reserved addresses are refused unless allowed: a URL in
    # a feed or a list must not reach into the user's own network
    allow_private: bool = False


@dataclass(frozen=True)
class FetchedPage:
    """A response as it came: ``url`` asked for, ``final_url`` after redirects."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    redirects: tuple[str, ...] = ()

    def _content_type(self) -> Message:
        msg = Message()
        msg["content-type"] = self.headers.get("content-type", "")
        return msg

    @property
    def media_type(self) -> str:
        """The media type without parameters, lower case ('text/html'); '' when not given."""
        return self._content_type().get_content_type() if self.headers.get("content-type") else ""

    @property
    def charset(self) -> str | None:
        """The charset the server declared, if any."""
        value = self._content_type().get_param("charset")
        return value if isinstance(value, str) else None


class FetchError(Exception):
    """A URL that yielded no page; ``str()`` is a one-line reason, ``status`` the HTTP
    status when the server answered."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.status = status


class _Retryable(Exception):
    def __init__(self, reason: str, status: int | None = None, wait: float | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.wait = wait


def is_http_url(url: str) -> bool:
    return urlsplit(url).scheme.lower() in ("http", "https")


@dataclass
class _Robots:
    parser: RobotFileParser | None  # None: everything allowed
    reason: str | None = None  # set: nothing allowed, and why


class Fetcher:
    """Fetches URLs one at a time under a ``FetchPolicy``; remembers robots.txt and the
    next free turn of each host for its lifetime."""

    def __init__(self, policy: FetchPolicy | None = None, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 resolve: Callable[[str, int], list[Any]] = lambda host, port: socket.getaddrinfo(
                     host, port, type=socket.SOCK_STREAM)) -> None:
        """``resolve``: the addresses of a host (``socket.getaddrinfo``'s), for the address check."""
        self.policy = policy or FetchPolicy()
        self._sleep, self._clock = sleep, clock
        self._resolve = resolve
        # only the encodings that _decoded can inflate a bounded piece at a time
        self._client = httpx.Client(headers={"User-Agent": self.policy.user_agent,
                                             "Accept-Encoding": "gzip, deflate"}, follow_redirects=False,
                                    timeout=httpx.Timeout(self.policy.timeout))
        self._robots: dict[str, _Robots] = {}
        self._next_turn: dict[str, float] = {}
        self._interval: dict[str, float] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str) -> FetchedPage:
        """The page at ``url`` (a 2xx answer, after redirects), or FetchError with a reason."""
        return self._follow(url, self.policy.obey_robots)

    # ------------------------------------------------------------------ redirects
    def _follow(self, url: str, obey_robots: bool) -> FetchedPage:
        if not is_http_url(url):
            raise FetchError(f"only http(s) URLs are fetched, not {urlsplit(url).scheme or 'a bare path'}")
        redirects: list[str] = []
        current = url
        while True:
            self._check_address(current)
            if obey_robots:
                self._check_robots(current)
            status, headers, body = self._get(current)
            if not 300 <= status < 400:
                return FetchedPage(url, current, status, headers, body, datetime.now(UTC), tuple(redirects))
            location = headers.get("location")
            if not location:
                raise FetchError(f"HTTP {status} without a Location to follow", status)
            if len(redirects) >= self.policy.max_redirects:
                raise FetchError(f"more than {self.policy.max_redirects} redirects", status)
            target = urljoin(current, location.strip())
            if not is_http_url(target):
                raise FetchError(f"redirected to a URL that is not http(s): {target[:80]}", status)
            redirects.append(current)
            current = target

    # ------------------------------------------------------------------ one URL, with retries
    def _get(self, url: str) -> tuple[int, dict[str, str], bytes]:
        attempt = 0
        while True:
            self._wait_turn(url)
            try:
                return self._request(url)
            except _Retryable as err:
                if attempt >= self.policy.retries:
                    tries = f" (after {attempt + 1} tries)" if attempt else ""
                    raise FetchError(f"{err}{tries}", err.status) from None
                pause = self.policy.backoff * 2 ** attempt
                if err.wait is not None:
                    pause = max(pause, err.wait)
                self._sleep(min(pause, self.policy.max_wait))
                attempt += 1

    def _request(self, url: str) -> tuple[int, dict[str, str], bytes]:
        p = self.policy
        started = self._clock()
        try:
            with self._client.stream("GET", url) as resp:
                status = resp.status_code
                headers = {k.lower(): v for k, v in resp.headers.items()}
                if status == 429 or status >= 500:
                    raise _Retryable(f"HTTP {status} {resp.reason_phrase}".rstrip(), status,
                                     _retry_after(headers.get("retry-after")))
                if 300 <= status < 400:
                    return status, headers, b""
                if status >= 400 or status < 200:
                    raise FetchError(f"HTTP {status} {resp.reason_phrase}".rstrip(), status)
                length = headers.get("content-length", "")
                if length.isdigit() and int(length) > p.max_bytes:
                    raise FetchError(f"response too large ({int(length) / 1e6:.1f} MB > "
                                     f"{p.max_bytes / 1e6:g} MB limit)", status)
                chunks: list[bytes] = []
                size = 0
                for chunk in _decoded(resp.iter_raw(), headers.get("content-encoding", ""), p.max_bytes, status):
                    size += len(chunk)
                    if size > p.max_bytes:
                        raise FetchError(f"response too large (over the {p.max_bytes / 1e6:g} MB limit)", status)
                    if self._clock() - started > p.deadline:
                        raise FetchError(f"response took longer than {p.deadline:g} s", status)
                    chunks.append(chunk)
                return status, headers, b"".join(chunks)
        except httpx.TimeoutException:
            raise _Retryable(f"timed out (no answer within {p.timeout:g} s)") from None
        except httpx.InvalidURL as err:
            raise FetchError(f"invalid URL ({err})") from None
        except httpx.TransportError as err:
            first = (str(err).splitlines() or [type(err).__name__])[0]
            raise _Retryable(f"connection failed: {first or type(err).__name__}") from None

    # ------------------------------------------------------------------ where to
    def _check_address(self, url: str) -> None:
        """Refuses a URL whose host has a private, loopback, link-local or reserved address
        (checked again after each redirect), unless the policy allows them."""
        if self.policy.allow_private:
            return
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
            infos = self._resolve(host, port)
        except ValueError as err:
            raise FetchError(f"invalid URL ({err})") from None
        except OSError as err:
            raise FetchError(f"cannot resolve {host}: {getattr(err, 'strerror', None) or err}") from None
        for info in infos:
            ip = ipaddress.ip_address(str(info[4][0]).split("%")[0])
            mapped = getattr(ip, "ipv4_mapped", None)
            ip = mapped or ip
            if not ip.is_global or ip.is_multicast:
                kind = ("loopback" if ip.is_loopback else "link-local" if ip.is_link_local
                        else "private" if ip.is_private else "reserved")
                raise FetchError(f"{host} is at a {kind} address ({ip}): not fetched (--allow-private fetches it)")

    # ------------------------------------------------------------------ politeness
    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        now = self._clock()
        turn = self._next_turn.get(host, now)
        if turn > now:
            self._sleep(turn - now)
            now = turn
        self._next_turn[host] = now + self._interval.get(host, self.policy.host_interval)

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        robots = self._robots.get(origin)
        if robots is None:
            robots = self._robots[origin] = self._read_robots(origin)
        if robots.reason is not None:
            raise FetchError(robots.reason)
        if robots.parser is not None and not robots.parser.can_fetch(PRODUCT, url):
            raise FetchError("disallowed by robots.txt")

    def _read_robots(self, origin: str) -> _Robots:
        try:
            page = self._follow(origin + "/robots.txt", obey_robots=False)
        except FetchError as err:
            if err.status is not None and 400 <= err.status < 500:
                return _Robots(None)  # no robots.txt: everything is allowed
            return _Robots(None, f"robots.txt unreachable ({err}): not fetching from {origin}")
        parser = RobotFileParser()
        parser.parse(page.body.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(PRODUCT)
        if delay is not None:
            host = urlsplit(origin).netloc
            self._interval[host] = max(self.policy.host_interval, min(float(delay), self.policy.max_wait))
        return _Robots(parser)


def _decoded(raw: Iterator[bytes], encoding: str, most: int, status: int) -> Iterator[bytes]:
    """The body as sent, decompressed (gzip, deflate) a bounded piece at a time: a small
    compressed body that would inflate past ``most`` bytes (a decompression bomb) is
    refused before it is inflated."""
    coding = encoding.strip().lower()
    if coding in ("", "identity"):
        yield from raw
        return
    if coding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"content encoding {coding!r} is not supported", status)
    # wbits 47: a gzip or zlib header, found automatically; a raw deflate stream has none
    inflater = zlib.decompressobj(47)
    for chunk in raw:
        data = chunk
        while data:
            try:
                piece = inflater.decompress(data, most + 1)
            except zlib.error as err:
                raise FetchError(f"corrupt {coding} body ({err})", status) from None
            if len(piece) > most:
                raise FetchError(f"response too large (over the {most / 1e6:g} MB limit once decompressed)", status)
            yield piece
            data = inflater.unconsumed_tail


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())

