"""The one HTTP layer: every fetch goes through an `Http` object passed in by the caller.

Manners, all here and nowhere else:

- an identifying User-Agent; connect and read timeouts, and a deadline for a whole
  response, so a server dripping bytes cannot hold a run;
- a byte cap on every body, checked while streaming;
- retries with exponential backoff on connection errors, timeouts, 429 and 5xx,
  honouring Retry-After (up to a ceiling: a longer wait is a failure, not a stall, and
  the host is not asked again until that time: its other requests fail at once, said);
- per-host limits: a minimum delay between request starts and at most N at once;
  different hosts proceed in parallel (the caller's threads);
- robots.txt for article sites (asked per request: X's endpoints are APIs, not pages);
- conditional GET: the caller passes the ETag / Last-Modified it holds, a 304 comes
  back as `not_modified`;
- an interrupt (`Http.interrupt()`, on SIGINT) is not a deadline: every request under way
  is cut at once (its socket shut down), none starts after it, and each one cut raises
  errors.Interrupted instead of coming back as a failed fetch: the site did nothing
  wrong, so nothing is recorded for it and the next run asks again;
- a guard refusing private, loopback, link-local and other non-public addresses, for
  the first request and after every redirect, unless `allow_private` is set: the host
  name is resolved and checked before the request, and the address the socket actually
  connected to is checked again before a byte is sent, so a name that answers a public
  address first and a private one for the connection (DNS rebinding) is refused too.

Failures come back as a FetchResult with a short error code, never as an exception
(the interrupt aside, which is no failure of the site).
"""

from __future__ import annotations

import logging
import re
import ipaddress
import socket
import threading
import time
import urllib.robotparser
import weakref
import zlib
from dataclasses import replace
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from . import __version__
from .clock import utc_now
from .errors import Interrupted
from .loading import url_problem  # noqa: F401 - re-exported: an address read as the fetcher reads it
from .models import FetchResult

USER_AGENT = f"x-post-archiver/{__version__} (archives X posts quoted in news; python-requests)"
CONNECT_TIMEOUT_SECONDS = 10.0
READ_TIMEOUT_SECONDS = 30.0

log = logging.getLogger(__name__)

#: Wall-clock limit for one whole response, body included.
TOTAL_TIMEOUT_SECONDS = 120.0
#: Largest body kept; news pages run to 1-2 MB, the largest in the corpus is 2.7 MB (a home page).
MAX_BODY_BYTES = 20 * 1024 * 1024
#: What a request never sent says: the run's time was up (--max-duration).
NOT_ASKED = "not asked, the run was stopped or its time was up"
#: A request the run's end cut short: like one never asked, no outcome of the site.
CUT_SHORT = "cut short, the run's time was up"
#: Attempts after the first one, for connection errors, timeouts, 429 and 5xx.
RETRIES = 3
BACKOFF_SECONDS = 0.5
#: A Retry-After longer than this is reported as a failure instead of waited for.
MAX_RETRY_AFTER_SECONDS = 120.0
#: Per-host manners: seconds between the starts of two requests, and requests at once.
HOST_DELAY_SECONDS = 1.0
HOST_CONCURRENCY = 2
MAX_REDIRECTS = 10
_CHUNK_BYTES = 64 * 1024
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Response headers worth keeping as evidence and for conditional GETs.
KEPT_HEADERS = (
    "content-type",
    "content-length",
    "content-language",
    "etag",
    "last-modified",
    "date",
    "cache-control",
    "retry-after",
    "server",
)


class _HostGate:
    """At most `concurrency` requests at once to one host, starts `delay` seconds apart.
    Waiting for either ends when `interrupt` is set (errors.Interrupted)."""

    def __init__(self, delay: float, concurrency: int, interrupt: threading.Event):
        self.delay = delay
        self.slots = threading.BoundedSemaphore(max(1, concurrency))
        self.lock = threading.Lock()
        self.next_start = 0.0
        self.interrupt = interrupt

    def __enter__(self):
        while not self.slots.acquire(timeout=0.1):
            if self.interrupt.is_set():
                raise Interrupted("interrupted while waiting for the host")
        with self.lock:
            now = time.monotonic()
            start = max(now, self.next_start)
            self.next_start = start + self.delay
        if (start > now and self.interrupt.wait(start - now)) or self.interrupt.is_set():
            self.slots.release()
            raise Interrupted("interrupted while waiting for the host")
        return self

    def __exit__(self, *exc):
        self.slots.release()


class BodyTooLarge(Exception):
    """A response body ran past its byte cap."""


class BodyUndecodable(Exception):
    """A body whose content encoding cannot be undone: damaged, or cut before its end
    (a gzip stream without its end: the transport's length was met, the page was not)."""


class BodyTooSlow(Exception):
    """A response body was not complete by its deadline."""


def join_url(base: str, link: str) -> str | None:
    """`link` resolved against `base` (a feed's or a sitemap's link), or None when either
    is not a valid URL."""
    try:
        joined = urljoin(base, link)
    except ValueError:
        return None
    return None if url_problem(joined) else joined


def read_body(response, cap: int, deadline: float,
              interrupt: threading.Event | None = None) -> bytes:
    """A streamed requests response's body, its content encoding undone.

    read1() returns what the socket has, so the deadline (a time.monotonic() value) is
    checked even while a server drips a byte at a time (iter_content would wait for a
    full chunk, each byte renewing the socket's timeout).

    Raises:
        BodyTooLarge: past `cap` bytes. BodyTooSlow: not complete by `deadline`.
        errors.Interrupted: `interrupt` was set (an interrupt is not a deadline).
    """
    encoding = (response.headers.get("content-encoding") or "").strip().lower()
    undo = _Undo(encoding) if encoding in _UNDONE else None
    chunks, size = [], 0
    while chunk := response.raw.read1(_CHUNK_BYTES, decode_content=undo is None):
        if interrupt is not None and interrupt.is_set():
            raise Interrupted("interrupted while the body was arriving")
        if undo is not None:
            chunk = undo.feed(chunk, cap - size)
        size += len(chunk)
        if size > cap:
            raise BodyTooLarge(f"more than {cap} bytes")
        if time.monotonic() > deadline:
            raise BodyTooSlow("not complete by its deadline")
        chunks.append(chunk)
    if undo is not None and not undo.complete:
        raise BodyUndecodable(f"its {encoding} stream stops before its end: the body was cut "
                              "short")
    return b"".join(chunks)


#: Request headers that make a GET conditional: only such a request may get a 304.
_CONDITIONAL = frozenset({"if-none-match", "if-modified-since"})

#: Content encodings undone here rather than by urllib3, which says nothing of a gzip
#: stream cut before its end (its bytes were then taken for the whole page) and calls a
#: damaged one a connection error (retried, as if the site could not be reached).
_UNDONE = frozenset({"gzip", "x-gzip", "deflate"})


class _Undo:
    """Undoes a gzip or deflate content encoding as the body arrives, making no more
    than the cap allows (a small body that unpacks to gigabytes stops at the cap)."""

    def __init__(self, encoding: str):
        self.wbits = zlib.MAX_WBITS if encoding == "deflate" else 16 + zlib.MAX_WBITS
        self.gzip = encoding != "deflate"
        self.encoding = encoding
        self.obj = zlib.decompressobj(self.wbits)
        self.fed = self.made = 0

    @property
    def complete(self) -> bool:
        """Whether the stream reached its end (or nothing was sent: an empty body)."""
        return self.obj.eof or self.fed == 0

    def feed(self, data: bytes, room: int) -> bytes:
        out = []
        self.fed += len(data)
        while data:
            try:
                piece = self.obj.decompress(data, room + 1)
            except zlib.error as error:
                if self.wbits == zlib.MAX_WBITS and self.made == 0:
                    # deflate sent raw, without its zlib header, as many servers do
                    self.wbits = -zlib.MAX_WBITS
                    self.obj = zlib.decompressobj(self.wbits)
                    continue
                raise BodyUndecodable(f"its {self.encoding} encoding is damaged ({error})") \
                    from None
            self.made += len(piece)
            room -= len(piece)
            out.append(piece)
            if room < 0:
                break  # over the cap: read_body says so
            if self.obj.unconsumed_tail:
                data = self.obj.unconsumed_tail
            elif self.obj.eof and self.gzip and self.obj.unused_data.strip(b"\x00"):
                data = self.obj.unused_data  # a gzip body of several members
                self.obj = zlib.decompressobj(self.wbits)
            else:
                data = b""
        return b"".join(out)


def _with_origin(result: FetchResult, url: str, current: str) -> FetchResult:
    """A failure met after redirects, said with the URL that was asked for: of seven
    sources, "GET file:///etc/passwd: …" named none of them."""
    detail = result.detail
    if current == url or not detail or not result.error or url in detail:
        return result
    for said in (f"GET {current}", current):
        if detail.startswith(said):
            detail = f"GET {url} → {current}{detail[len(said):]}"
            break
    else:
        detail = f"GET {url} → {current}: {detail}"
    return replace(result, detail=detail)


def is_public_address(address: str) -> bool:
    """True for a globally routable address; False for private, loopback, link-local,
    multicast, reserved and unspecified ones (and IPv4-mapped forms of them)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class AddressRefused(Exception):
    """The socket connected to an address the guard refuses (raised before anything is
    sent on it; Http turns it into a `refused_address` result)."""


def guarded_adapter(refusal, on_connect=None) -> HTTPAdapter:
    """A requests adapter whose connections check the peer they connected to.

    `refusal(address)` says why an address must not be talked to, or None (`refusal`
    None: every address is talked to). The check runs on the connected socket, before
    TLS and before the request: whatever a name resolved to when it was checked, this is
    the address the bytes would go to. A connection through a proxy is left alone: the
    proxy is the peer, and the target's name is resolved by the proxy (the check before
    the request still applies). `on_connect(connection, sock)`, when given, hears of every
    connection made (Http keeps them, to cut them on an interrupt), and may raise.
    """

    class Guarded:
        def _new_conn(self):
            sock = super()._new_conn()
            if on_connect is not None:
                on_connect(self, sock)
            if refusal is not None and getattr(self, "proxy", None) is None:
                address = sock.getpeername()[0]
                reason = refusal(address)
                if reason is not None:
                    sock.close()
                    raise AddressRefused(f"connected to {address}: {reason}")
            return sock

    class Connection(Guarded, HTTPConnection):
        pass

    class SecureConnection(Guarded, HTTPSConnection):
        pass

    class Pool(HTTPConnectionPool):
        ConnectionCls = Connection

    class SecurePool(HTTPSConnectionPool):
        ConnectionCls = SecureConnection

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": Pool, "https": SecurePool}

    return Adapter()


class Http:
    """A requests Session with the project's manners (see the module docstring).

    Args:
        user_agent: sent with every request.
        connect_timeout, read_timeout: seconds, per socket operation.
        total_timeout: seconds for a whole response.
        max_body_bytes: bodies past this are refused (error "too_large").
        retries, backoff: attempts after the first, and the first wait (doubling).
        max_retry_after: longest Retry-After honoured, in seconds.
        host_delay, host_concurrency: per-host manners.
        allow_private: fetch private and loopback addresses too (tests, the demo).
        allowed_networks: non-public networks allowed one by one ("127.0.0.1/32"), when
            allow_private is off.
        respect_robots: obey robots.txt where a request asks for it.
        session: a requests.Session to use instead of a new one.
    """

    def __init__(
        self,
        *,
        user_agent: str = USER_AGENT,
        connect_timeout: float = CONNECT_TIMEOUT_SECONDS,
        read_timeout: float = READ_TIMEOUT_SECONDS,
        total_timeout: float = TOTAL_TIMEOUT_SECONDS,
        max_body_bytes: int = MAX_BODY_BYTES,
        retries: int = RETRIES,
        backoff: float = BACKOFF_SECONDS,
        max_retry_after: float = MAX_RETRY_AFTER_SECONDS,
        host_delay: float = HOST_DELAY_SECONDS,
        host_concurrency: int = HOST_CONCURRENCY,
        allow_private: bool = False,
        allowed_networks: tuple[str, ...] = (),
        respect_robots: bool = True,
        session: requests.Session | None = None,
    ):
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.user_agent = user_agent
        self.timeout = (connect_timeout, read_timeout)
        self.total_timeout = total_timeout
        #: A time.monotonic() past which nothing is waited for: the run's --max-duration.
        #: A body still arriving then is cut off, and nothing is retried after it.
        self.deadline: float | None = None
        self.max_body_bytes = max_body_bytes
        self.retries = retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.host_delay = host_delay
        self.host_concurrency = host_concurrency
        self.allow_private = allow_private
        self.allowed_networks = tuple(ipaddress.ip_network(n) for n in allowed_networks)
        self.respect_robots = respect_robots
        self._gates: dict[str, _HostGate] = {}
        #: host -> (time.monotonic() until which it asked not to be asked, that time in
        #: UTC as said): a Retry-After over the ceiling holds for every request to it.
        self._resting: dict[str, tuple[float, str]] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._robots_fetching: dict[str, threading.Lock] = {}  # origin -> its one asker
        self._lock = threading.Lock()
        self.requests_sent = 0  # every request that reached a server, retries included
        #: Set by interrupt(): not a deadline, an end (see the module docstring).
        self._interrupt = threading.Event()
        #: The connections this Http opened, to cut on an interrupt.
        self._connections: weakref.WeakSet = weakref.WeakSet()
        adapter = guarded_adapter(None if allow_private else self._address_refusal,
                                  on_connect=self._connected)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    @classmethod
    def from_settings(cls, settings) -> "Http":
        """An Http with the manners a Settings object asks for."""
        return cls(allow_private=settings.allow_private, host_delay=settings.host_delay,
                   host_concurrency=settings.host_concurrency,
                   respect_robots=settings.respect_robots, read_timeout=settings.timeout,
                   retries=settings.retries)

    # -- public ----------------------------------------------------------------------------

    @property
    def interrupted(self) -> bool:
        """Whether interrupt() was called."""
        return self._interrupt.is_set()

    def interrupt(self) -> None:
        """Stop every request at once, for good (SIGINT): no request starts after this,
        waits for a host's turn or a retry end, and the sockets of the requests under way
        are shut down, so a thread blocked on a server that has not answered yet, or is
        still sending a body, wakes now instead of when the server is done. Each request
        cut short raises errors.Interrupted: an interrupt is not a deadline, and what it
        cut is no outcome of the site (no "too_slow", no "timeout" is made of it)."""
        self._interrupt.set()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            sock = getattr(connection, "sock", None)
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:  # closed already, or never connected
                    pass

    def _connected(self, connection, sock) -> None:
        with self._lock:
            self._connections.add(connection)
        if self._interrupt.is_set():  # connected just as the interrupt came: go no further
            sock.close()
            raise Interrupted("interrupted while connecting")

    def _stop_if_interrupted(self, what: str) -> None:
        """Raise errors.Interrupted when interrupt() was called: whatever the request
        under way came to (a socket shut down under it reads as the end of a body, or as
        a connection reset), it is the interrupt's doing, not the server's."""
        if self._interrupt.is_set():
            raise Interrupted(f"{what}: interrupted")

    def get(
        self,
        url: str,
        headers: dict[str, str] | None = None,
        *,
        robots: bool = False,
        max_body_bytes: int | None = None,
    ) -> FetchResult:
        """GET `url` (see _get); with -v, one line on stderr says what came back."""
        result = self._get(url, headers, robots=robots, max_body_bytes=max_body_bytes)
        if log.isEnabledFor(logging.INFO):
            if result.ok or result.not_modified:
                log.info("GET %s: %s, %s bytes", url, result.status,
                         len(result.body) if result.body is not None else 0)
            else:
                log.info("%s", result.detail or f"GET {url}: {result.error}")
        return result

    def _get(
        self,
        url: str,
        headers: dict[str, str] | None = None,
        *,
        robots: bool = False,
        max_body_bytes: int | None = None,
    ) -> FetchResult:
        """GET `url` with every manner above. Never raises for network trouble.

        Args:
            headers: extra request headers (e.g. If-None-Match for a conditional GET).
            robots: check the host's robots.txt first (article pages).
            max_body_bytes: a cap for this request instead of the default.
        """
        fetched_at = utc_now()
        problem = url_problem(url)
        if problem:
            return FetchResult(url, fetched_at, error="bad_url", detail=f"GET {url}: {problem}")
        self._stop_if_interrupted(f"GET {url}")
        if self.deadline is not None and time.monotonic() >= self.deadline:
            return FetchResult(url, fetched_at, error="stopped", detail=f"GET {url}: {NOT_ASKED}")
        if robots and self.respect_robots and not self._robots_allow(url):
            return FetchResult(url, fetched_at, error="robots_disallowed",
                               detail=f"GET {url}: disallowed by the site's robots.txt")
        host = urlsplit(url).netloc.lower()
        resting = self._resting.get(host)
        if resting is not None:
            if time.monotonic() < resting[0]:
                return FetchResult(url, fetched_at, error="resting",
                                   detail=f"GET {url}: not asked: {host} asked not to be "
                                          f"asked again before {resting[1]} (Retry-After)")
            self._resting.pop(host, None)
        attempt = 0
        while True:
            result, retry_after = self._get_following_redirects(
                url, headers, fetched_at, max_body_bytes or self.max_body_bytes
            )
            if not self._retryable(result) or attempt >= self.retries:
                if attempt and result.detail:  # (what was tried before this answer)
                    result = replace(result, detail=f"{result.detail} (tried {attempt + 1} times)")
                return result
            wait = self.backoff * (2 ** attempt)
            if self.deadline is not None and time.monotonic() + wait >= self.deadline:
                return result  # no time left in the run for another attempt
            if retry_after is not None:
                if retry_after > self.max_retry_after:
                    until = time.time() + retry_after
                    said = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(until))
                    with self._lock:
                        self._resting[host] = (time.monotonic() + retry_after, said)
                    return FetchResult(
                        url, fetched_at, final_url=result.final_url, status=result.status,
                        headers=result.headers, body=result.body, error=result.error,
                        detail=f"{result.detail}; Retry-After {retry_after:g}s is over the "
                               f"{self.max_retry_after:g}s ceiling: {host} is not asked "
                               f"again before {said}",
                    )
                wait = max(wait, retry_after)
            self._interrupt.wait(wait)
            self._stop_if_interrupted(f"GET {url}")
            attempt += 1

    def post(self, url: str, body: bytes, content_type: str, *,
             max_body_bytes: int | None = None) -> FetchResult:
        """POST `body` once (a time-stamping authority's query): the address guard, the
        host's manners, timeouts and the byte cap apply; redirects are not followed and
        nothing is retried. Never raises for network trouble."""
        fetched_at = utc_now()
        problem = url_problem(url)
        if problem:
            return FetchResult(url, fetched_at, error="bad_url", detail=f"POST {url}: {problem}")
        refusal = self._refusal(url)
        if refusal:
            return FetchResult(url, fetched_at, final_url=url, error="refused_address",
                               detail=refusal.replace("GET ", "POST ", 1))
        cap = max_body_bytes or self.max_body_bytes
        self._stop_if_interrupted(f"POST {url}")
        with self._gate(urlsplit(url).netloc.lower()):
            try:
                with self._lock:
                    self.requests_sent += 1
                try:
                    response = self.session.post(url, data=body, timeout=self.timeout,
                                                 stream=True, allow_redirects=False,
                                                 headers={"Content-Type": content_type})
                except Exception:
                    self._stop_if_interrupted(f"POST {url}")
                    raise
            except AddressRefused as exc:
                return FetchResult(url, fetched_at, final_url=url, error="refused_address",
                                   detail=f"POST {url}: refused, {exc}")
            except requests.Timeout:
                return FetchResult(url, fetched_at, final_url=url, error="timeout",
                                   detail=f"POST {url}: no answer within "
                                          f"{self.timeout[0]:g}s to connect and "
                                          f"{self.timeout[1]:g}s between bytes")
            except (requests.RequestException, ValueError) as exc:
                return FetchResult(url, fetched_at, final_url=url, error="connection_error",
                                   detail=f"POST {url}: cannot connect ({_reason(exc)})")
            with response:
                status = response.status_code
                kept = {k: response.headers[k] for k in KEPT_HEADERS if k in response.headers}
                data, error, detail = self._read_body(response, url, cap)
        if error is None and status >= 300:
            error = f"http_{status}"
            detail = f"POST {url} returned {status} {response.reason or ''}".rstrip()
        return FetchResult(url, fetched_at, final_url=url, status=status, headers=kept,
                           body=data, error=error, detail=detail)

    # -- internals -------------------------------------------------------------------------

    @staticmethod
    def _retryable(result: FetchResult) -> bool:
        if result.error in ("timeout", "connection_error"):
            return True
        return result.status in _RETRY_STATUSES

    def _gate(self, host: str) -> _HostGate:
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = _HostGate(self.host_delay, self.host_concurrency,
                                                     self._interrupt)
            return gate

    def _refusal(self, url: str) -> str | None:
        """Why `url` must not be fetched, or None. Resolves the host name."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return f"GET {url}: only http and https URLs are fetched"
        if self.allow_private:
            return None
        try:
            port = parts.port
        except ValueError as exc:  # "Port out of range 0-65535": nothing to connect to
            return f"GET {url}: {exc}"
        try:
            infos = socket.getaddrinfo(parts.hostname, port or 443, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError) as exc:
            return None if isinstance(exc, socket.gaierror) else f"GET {url}: bad host name"
        for info in infos:
            address = info[4][0]
            if self._address_refusal(address):
                return (f"GET {url}: refused, {parts.hostname} resolves to non-public address "
                        f"{address} (allow with --allow-private)")
        return None

    def _address_refusal(self, address: str) -> str | None:
        """Why talking to this IP address is refused, or None."""
        if self.allow_private or is_public_address(address) or any(
                ipaddress.ip_address(address.split("%", 1)[0]) in net
                for net in self.allowed_networks):
            return None
        return "a non-public address (allow with --allow-private)"

    def _get_following_redirects(self, url, headers, fetched_at, cap):
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            refusal = self._refusal(current)
            if refusal:
                return _with_origin(FetchResult(url, fetched_at, final_url=current,
                                                error="refused_address", detail=refusal),
                                    url, current), None
            host = urlsplit(current).netloc.lower()
            with self._gate(host):
                result, retry_after, location = self._get_once(url, current, headers, fetched_at, cap)
            if location is None:
                return _with_origin(result, url, current), retry_after
            # (a Location that is not a URL never gets here: requests reads it first, and
            # _get_once says so as the page's failure)
            current = urljoin(current, location)
        return FetchResult(url, fetched_at, final_url=current, error="too_many_redirects",
                           detail=f"GET {url}: more than {MAX_REDIRECTS} redirects"), None

    def _get_once(self, url, current, headers, fetched_at, cap):
        """One request; returns (result, retry_after seconds or None, redirect location)."""
        timeout, why = self.timeout, (f"within {self.timeout[0]:g}s to connect and "
                                      f"{self.timeout[1]:g}s between bytes")
        if self.deadline is not None:  # the run's time bounds the wait for an answer too
            left = max(0.5, self.deadline - time.monotonic())
            if left < timeout[1]:
                timeout = (min(timeout[0], left), left)
                why = f"before the run's time was up, after {left:.0f}s"
        try:
            with self._lock:
                self.requests_sent += 1
            try:
                response = self.session.get(current, headers=headers, timeout=timeout,
                                            stream=True, allow_redirects=False)
            except Exception:  # a socket shut by interrupt() reads as a reset, not the site's
                self._stop_if_interrupted(f"GET {current}")
                raise
        except AddressRefused as exc:  # the name led somewhere else when connecting
            return FetchResult(url, fetched_at, final_url=current, error="refused_address",
                               detail=f"GET {current}: refused, {exc}"), None, None
        except requests.Timeout as exc:
            if self._time_up():  # the run's end cut the wait, not the site
                return FetchResult(url, fetched_at, final_url=current, error="stopped",
                                   detail=f"GET {current}: {CUT_SHORT}"), None, None
            if why.startswith("within"):  # which of the two waits ran out
                why = (f"within {timeout[0]:g}s to connect"
                       if isinstance(exc, requests.ConnectTimeout)
                       else f"within {timeout[1]:g}s of connecting")
            return FetchResult(url, fetched_at, final_url=current, error="timeout",
                               detail=f"GET {current}: no answer {why}"), None, None
        except requests.ConnectionError as exc:
            garbled = _not_http(exc)
            if garbled is not None:  # it connected and answered, in no HTTP: not retried
                return FetchResult(url, fetched_at, final_url=current, error="bad_response",
                                   detail=f"GET {current}: the answer is not HTTP "
                                          f"({garbled})"), None, None
            return FetchResult(url, fetched_at, final_url=current, error="connection_error",
                               detail=f"GET {current}: cannot connect ({_reason(exc)})"), None, None
        except (requests.RequestException, ValueError) as exc:
            return FetchResult(url, fetched_at, final_url=current, error="bad_request",
                               detail=f"GET {current}: {_reason(exc)}"), None, None
        with response:
            status = response.status_code
            kept = {k: response.headers[k] for k in KEPT_HEADERS if k in response.headers}
            if status in (301, 302, 303, 307, 308) and response.headers.get("location"):
                return None, None, response.headers["location"]
            common = dict(url=url, fetched_at=fetched_at, final_url=current, status=status,
                          headers=kept)
            retry_after = _retry_after_seconds(response.headers.get("retry-after"))
            if status == 304:
                if not any(h.lower() in _CONDITIONAL for h in headers or ()):
                    # not modified since... nothing: no page, and no copy of ours it could
                    # stand for (taken as "unchanged", a page never stored would be so
                    # for ever)
                    return FetchResult(**common, error="bad_answer",
                                       detail=f"GET {current} returned 304 Not Modified to a "
                                              "request that compared nothing"), None, None
                return FetchResult(**common, detail=f"GET {current}: not modified"), None, None
            if 300 <= status < 400:
                # a redirect without a place to go (or one of no kind HTTP has): no page
                return FetchResult(**common, error="bad_redirect",
                                   detail=f"GET {current} returned {status} "
                                          f"{response.reason or ''} without a Location to "
                                          "follow".replace("  ", " ")), None, None
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                return FetchResult(**common, error="too_large",
                                   detail=f"GET {current}: body of {int(declared)} bytes is over "
                                          f"the {cap}-byte cap"), None, None
            body, error, detail = self._read_body(response, current, cap)
        if error is None and status >= 400:
            error = f"http_{status}"
            detail = f"GET {current} returned {status} {response.reason or ''}".rstrip()
        return FetchResult(**common, body=body, error=error, detail=detail), retry_after, None

    def _read_body(self, response, url: str, cap: int):
        deadline = time.monotonic() + self.total_timeout
        limit, why = self.total_timeout, "within"
        if self.deadline is not None and self.deadline < deadline:
            deadline, why = self.deadline, "before the run's time was up, after"
            limit = max(0.0, self.deadline - (time.monotonic()))
        body = error = detail = None
        try:
            body = read_body(response, cap, deadline, self._interrupt)
        except BodyTooLarge:
            error, detail = "too_large", f"GET {url}: body over the {cap}-byte cap"
        except BodyUndecodable as exc:
            # the bytes arrived as sent: not retried (the server would send them again)
            error, detail = "bad_encoding", f"GET {url}: {exc}"
        except BodyTooSlow:
            if why != "within" and self._time_up():
                # the run's end cut the body, not the site: no outcome of the site
                error, detail = "stopped", f"GET {url}: {CUT_SHORT}"
            else:
                # "too_slow", not "timeout": a server that drips a body past the deadline
                # would do so again; the deadline is not retried.
                error, detail = "too_slow", f"GET {url}: body not complete {why} {limit:g}s"
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            timed_out = isinstance(exc, (urllib3.exceptions.TimeoutError, TimeoutError))
            error = "timeout" if timed_out or "timed out" in str(exc) else "connection_error"
            detail = f"GET {url}: body cut short ({_reason(exc)})"
            if timed_out and self._time_up():  # the socket's wait was the run's time
                error, detail = "stopped", f"GET {url}: {CUT_SHORT}"
        # A socket shut down by interrupt() ends a body as a server closing it would, or
        # resets it: whatever the read came to, it is the interrupt's doing, never passed
        # off as a whole body nor as the site's failure.
        self._stop_if_interrupted(f"GET {url}")
        return (None if error else body), error, detail

    def _time_up(self) -> bool:
        """Whether the run's deadline has passed."""
        return self.deadline is not None and time.monotonic() >= self.deadline - 0.05

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        with self._lock:
            known = origin in self._robots
            parser = self._robots.get(origin)
            fetching = None if known else self._robots_fetching.setdefault(origin,
                                                                           threading.Lock())
        if fetching is not None:
            # One thread asks for a host's robots.txt; the others wait for its answer
            # (threads reading sources and articles side by side asked it each).
            with fetching:
                with self._lock:
                    known = origin in self._robots
                    parser = self._robots.get(origin)
                if not known:
                    parser = self._fetch_robots(origin)
                    with self._lock:
                        self._robots[origin] = parser
        return parser is None or parser.can_fetch(self.user_agent, url)

    def _fetch_robots(self, origin: str):
        """The origin's robots.txt rules: None for none (404, other errors, no answer, as
        crawlers treat a missing file); all disallowed for 401 or 403."""
        parser = None
        result, _ = self._get_following_redirects(
            origin + "/robots.txt", None, utc_now(), 512 * 1024
        )
        if result.status == 200 and result.body is not None:
            parser = urllib.robotparser.RobotFileParser()
            parser.parse(result.body.decode("utf-8", "replace").splitlines())
        elif result.status in (401, 403):
            parser = urllib.robotparser.RobotFileParser()
            parser.disallow_all = True
        return parser


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def _not_http(exc: BaseException) -> str | None:
    """What was wrong with an answer that came but was no HTTP (a status line that is
    none, a header line past http.client's limit), from the exception chain; None for a
    connection that failed or closed (a server closing before it answered is retried)."""
    import http.client

    seen = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, http.client.RemoteDisconnected):
            return None
        if isinstance(current, (http.client.BadStatusLine, http.client.LineTooLong,
                                http.client.HTTPException)):
            text = str(current).splitlines()[0] if str(current) else type(current).__name__
            return f"{type(current).__name__}: {text[:120]}"
        stack.extend([current.__context__, current.__cause__,
                      *(a for a in getattr(current, "args", ()) if isinstance(a, BaseException))])
    return None


def _reason(exc: BaseException) -> str:
    """The innermost message of a requests/urllib3 exception chain, on one line."""
    while exc.__context__ is not None and str(exc.__context__):
        exc = exc.__context__
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    short = _INCOMPLETE_READ_RE.search(text)
    if short:  # http.client's repr, said in words
        got, more = int(short.group(1)), int(short.group(2))
        return f"{got} of {got + more} bytes came before the server closed the connection"
    return text[:200]


_INCOMPLETE_READ_RE = re.compile(r"IncompleteRead\((\d+) bytes read, (\d+) more expected\)")
