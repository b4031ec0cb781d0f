"""Pages as a browser renders them: the DOM after the page's scripts ran.

Many news pages insert their X embeds with JavaScript; the raw bytes show nothing. A
`Renderer` loads such a page in headless Chromium — the system's own (`chromium` on
PATH, installed with the system package manager; never a browser download), driven by
Playwright — waits for the load event, then for the network to go quiet within a cap (a
page still busy then is taken as it is, and the account says so), and returns the DOM
serialised as UTF-8, the final URL and a one-line account.

The page's own document is served from the bytes already fetched (so the DOM is rendered
from exactly the raw fetch it is stored beside, and the site is not asked twice). Every
other request the page makes goes through Playwright routing and is decided by an
`AddressPolicy` before anything is sent:

- public addresses only, as archiver.http's guard; private and loopback ones with
  `allow_private`;
- `loopback_only`: nothing but 127.0.0.0/8 and ::1 — decided from the URL's host without
  resolving it (an IP literal or "localhost" may pass, any other name is refused). Tests
  use this mode.

The router is the only way out: an allowed request is made by the router itself (a
requests session whose connections check the peer address they reached, as
archiver.http's do, so a name that resolves one way when its URL is decided and another
when connected to — DNS rebinding — is refused before a byte is sent) and its answer
handed to the browser, redirects followed hop by hop, each hop decided by the policy
(Chromium would follow a redirect without asking the router again). Chromium's own network
is dead — started with a proxy that refuses every connection (loopback included) and a
resolver that knows no names — so what no route sees (preconnects, DNS prefetch) goes
nowhere. Images, media and fonts are not loaded (they add nothing to the DOM), WebSockets
are not opened, and a local file may load files under its own folder only.

`combine_embeds` / `combine_pages` (pure) merge the raw page's extraction with the rendered
DOM's: the raw embeds as they are, then those found only after rendering.

Failures of one page (no load event within the timeout, a crash) come back as a
RenderResult with `error`; a missing Playwright or Chromium raises RenderUnavailable.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import shutil
import socket
import threading
import time
import urllib.request
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

from .clock import utc_now
from .errors import RenderUnavailable  # (defined with the other errors: caught where render is not imported)
from .http import (MAX_BODY_BYTES, MAX_REDIRECTS, AddressRefused, guarded_adapter,
                   is_public_address, read_body)
from .models import Embed, Page

#: Chromium's flags: no GPU, no QUIC, none of its own background traffic.
CHROMIUM_FLAGS = ("--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-default-apps", "--disable-extensions",
                  "--mute-audio")
#: Names tried on PATH, in order.
CHROMIUM_NAMES = ("chromium", "chromium-browser")
#: Seconds for a page to reach its load event; past it the render fails.
RENDER_TIMEOUT_SECONDS = 30.0
#: Seconds after the load event for the network to go quiet; past it the DOM is taken as is.
RENDER_SETTLE_SECONDS = 10.0
#: Pages rendered at once by one Renderer.
MAX_PAGES = 4
#: Resource types never loaded: they add nothing to the DOM.
SKIPPED_TYPES = frozenset({"image", "media", "font"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: Request headers the browser sets that the router's client sets itself.
_NOT_SENT = frozenset({"host", "content-length", "connection", "accept-encoding"})
#: Response headers that describe the bytes on the wire, not the (decoded) body passed on.
_NOT_PASSED_ON = frozenset({"content-encoding", "content-length", "transfer-encoding",
                            "connection", "keep-alive"})


# --- the address policy ----------------------------------------------------------------------


def _ip(host: str):
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip


def is_loopback_host(host: str | None) -> bool:
    """True for "localhost" and loopback IP literals (127.0.0.0/8, ::1); no resolving."""
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    ip = _ip(host)
    return ip is not None and ip.is_loopback


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Which addresses a rendered page may reach.

    Args:
        allow_private: private, loopback and link-local addresses too (as --allow-private).
        loopback_only: 127.0.0.0/8, ::1 and "localhost" and nothing else, decided from the
            URL alone (names are never resolved).
        file_root: the folder a local page may load files from (None: no file:// at all).
    """

    allow_private: bool = False
    loopback_only: bool = False
    file_root: str | None = None

    def needs_dns(self, url: str) -> bool:
        """Whether deciding `url` needs a look-up of its host name."""
        try:
            parts = urlsplit(url)
        except ValueError:  # not a URL: refused without a look-up
            return False
        host = (parts.hostname or "").lower()
        return (not self.loopback_only and parts.scheme in ("http", "https")
                and bool(host) and host != "localhost" and _ip(host) is None)

    def refusal(self, url: str, resolve=socket.getaddrinfo) -> str | None:
        """Why the page may not request `url`, or None when it may. `resolve` (getaddrinfo)
        is called only when needs_dns(url)."""
        try:
            parts = urlsplit(url)
        except ValueError as exc:
            return f"not a valid URL ({exc})"
        scheme = parts.scheme.lower()
        if scheme == "file":
            return self._file_refusal(parts)
        if scheme not in ("http", "https"):
            return f"{scheme or 'this'} URLs are not loaded"
        try:
            host = parts.hostname
        except ValueError:
            host = None
        if not host:
            return "no host"
        if self.loopback_only:
            return None if is_loopback_host(host) else "not loopback (loopback-only mode)"
        if host.lower() == "localhost":
            return None if self.allow_private else "loopback (allow with --allow-private)"
        ip = _ip(host)
        if ip is not None:
            addresses = [str(ip)]
        else:
            try:
                port = parts.port or (443 if scheme == "https" else 80)
                addresses = [info[4][0] for info in resolve(host, port,
                                                            proto=socket.IPPROTO_TCP)]
            except (OSError, UnicodeError, ValueError):
                return f"{host} does not resolve"
        if self.allow_private:
            return None
        for address in addresses:
            if not is_public_address(address):
                return f"{host} is non-public address {address} (allow with --allow-private)"
        return None

    def address_refusal(self, address: str) -> str | None:
        """Why the page may not talk to this IP address, or None: checked on the socket
        each of its requests connected to, whatever the name resolved to when its URL
        was decided (a name that answers differently the second time, DNS rebinding)."""
        if self.loopback_only:
            ip = _ip(address.split("%", 1)[0])
            return None if ip is not None and ip.is_loopback else \
                "not loopback (loopback-only mode)"
        if self.allow_private or is_public_address(address):
            return None
        return "a non-public address (allow with --allow-private)"

    def _file_refusal(self, parts) -> str | None:
        if self.file_root is None:
            return "local files are loaded only by a local page"
        try:
            path = Path(urllib.request.url2pathname(parts.path)).resolve()
        except (OSError, ValueError):
            return "not a local path"
        if not path.is_relative_to(Path(self.file_root).resolve()):
            return "outside the page's own folder"
        return None


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RenderResult:
    """One page rendered (or not): the DOM, and an account of how it was got."""

    url: str  # as asked
    started_at: str  # UTC ISO-8601
    final_url: str | None = None  # the page's URL when its DOM was taken
    dom: bytes | None = None  # the DOM serialised as HTML, UTF-8
    seconds: float = 0.0
    settled: bool = False  # the network went quiet within the cap
    requests: tuple[str, ...] = ()  # every URL the page asked for, its own included
    blocked: tuple[tuple[str, str], ...] = ()  # (URL, why) refused by the address policy
    skipped: int = 0  # images, media and fonts not loaded
    settle_cap: float = RENDER_SETTLE_SECONDS
    error: str | None = None  # render_timeout, render_failed, too_large
    detail: str | None = None  # one line for a person

    @property
    def ok(self) -> bool:
        return self.error is None and self.dom is not None

    def account(self) -> str:
        """One line: time, requests, what was blocked, whether the network settled."""
        if not self.ok:
            return self.detail or self.error or "not rendered"
        parts = [f"rendered in {self.seconds:.1f} s",
                 f"{len(self.requests)} request{'' if len(self.requests) == 1 else 's'}"]
        if self.blocked:
            shown = ", ".join(url if len(url) <= 80 else url[:79] + "…"
                              for url, _ in self.blocked[:3])
            more = f" and {len(self.blocked) - 3} more" if len(self.blocked) > 3 else ""
            parts.append(f"{len(self.blocked)} blocked ({shown}{more})")
        else:
            parts.append("0 blocked")
        if self.skipped:
            parts.append(f"{self.skipped} images/media/fonts not loaded")
        parts.append("network settled" if self.settled else
                     f"network still busy after {self.settle_cap:g} s: DOM taken as it was")
        return ", ".join(parts)


@dataclass
class _Account:
    requests: list[str] = field(default_factory=list)
    blocked: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0


# --- the renderer ----------------------------------------------------------------------------


def find_chromium(executable: str | None = None) -> str:
    """The Chromium to drive: `executable`, else the first of CHROMIUM_NAMES on PATH.

    Raises:
        RenderUnavailable: Playwright is not installed, or no Chromium is found.
    """
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        raise RenderUnavailable(
            "--render needs the playwright package: pip install 'x-post-archiver[render]'"
        ) from None
    if executable:
        path = shutil.which(executable)
    else:
        path = next(filter(None, (shutil.which(name) for name in CHROMIUM_NAMES)), None)
    if path is None:
        raise RenderUnavailable(
            "--render needs Chromium, and none is on PATH: install it with the system "
            "package manager (apt-get install chromium)")
    return path


def chromium_flags() -> list[str]:
    """CHROMIUM_FLAGS, and --no-sandbox when running as root (Chromium refuses otherwise)."""
    flags = list(CHROMIUM_FLAGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")
    return flags


def _dead_port() -> socket.socket:
    """A loopback port bound but never listening: connecting to it is refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


class Renderer:
    """Headless Chromium behind an address policy. Thread-safe; launched on first use,
    reused for every page (each in a fresh browser context), closed by close().

    Args:
        allow_private, loopback_only: the AddressPolicy (see the module docstring).
        timeout: seconds for a page to reach its load event.
        settle: seconds after it for the network to go quiet.
        max_pages: pages rendered at once.
        executable: a Chromium to use instead of the one on PATH.
    """

    def __init__(self, *, allow_private: bool = False, loopback_only: bool = False,
                 timeout: float = RENDER_TIMEOUT_SECONDS,
                 settle: float = RENDER_SETTLE_SECONDS, max_pages: int = MAX_PAGES,
                 executable: str | None = None):
        self.allow_private = allow_private
        self.loopback_only = loopback_only
        self.timeout = timeout
        self.settle = settle
        self.max_pages = max(1, max_pages)
        self.executable = executable
        self.launches = 0  # browsers started (a crashed one is started again)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._playwright = None
        self._browser = None
        self._browser_lock: asyncio.Lock | None = None
        self._pages: asyncio.Semaphore | None = None
        self._dead: socket.socket | None = None
        self._path: str | None = None

    @classmethod
    def from_settings(cls, settings) -> "Renderer":
        return cls(allow_private=settings.allow_private,
                   loopback_only=settings.render_loopback_only,
                   timeout=settings.render_timeout, settle=settings.render_settle)

    def check(self) -> str:
        """The Chromium that would be driven. Raises RenderUnavailable (nothing launched)."""
        return find_chromium(self.executable)

    def __enter__(self) -> "Renderer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- public ----------------------------------------------------------------------------

    def render(self, url: str, *, body: bytes | None = None, content_type: str | None = None,
               timeout: float | None = None, settle: float | None = None) -> RenderResult:
        """Load `url` and return its DOM once loaded and settled.

        Args:
            body: the page's own bytes, already fetched: served to the browser as the
                document at `url` instead of asking for it again.
            content_type: the Content-Type those bytes came with.
            timeout, settle: this page's caps instead of the Renderer's.

        Raises:
            RenderUnavailable: Playwright or Chromium is missing or will not start.
        """
        loop = self._start()
        future = asyncio.run_coroutine_threadsafe(
            self._render(url, body, content_type, self.timeout if timeout is None else timeout,
                         self.settle if settle is None else settle), loop)
        return future.result()

    def close(self) -> None:
        """Close the browser and stop its thread (a no-op when never launched)."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout=30)
        except Exception:  # noqa: BLE001 - closing never fails the caller
            pass
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        if self._dead is not None:
            self._dead.close()
            self._dead = None

    # -- internals -------------------------------------------------------------------------

    def _start(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is not None:
                return self._loop
            self._path = self.check()
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="render", daemon=True)
            thread.start()
            try:
                asyncio.run_coroutine_threadsafe(self._launch(), loop).result()
            except BaseException:
                asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout=30)
                loop.call_soon_threadsafe(loop.stop)
                thread.join(timeout=30)
                raise
            self._loop, self._thread = loop, thread
            return loop

    def _flags(self) -> list[str]:
        if self._dead is None:
            self._dead = _dead_port()
        port = self._dead.getsockname()[1]
        # Chromium's own network is dead: every connection it would open itself (a
        # preconnect, a request no route saw) goes to a proxy that refuses it, loopback
        # included, it resolves no names, and WebRTC sends no UDP of its own. The router
        # is the only way out.
        return chromium_flags() + [f"--proxy-server=http://127.0.0.1:{port}",
                                   "--proxy-bypass-list=<-loopback>",
                                   "--host-resolver-rules=MAP * ~NOTFOUND",
                                   "--force-webrtc-ip-handling-policy=disable_non_proxied_udp"]

    async def _launch(self) -> None:
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import async_playwright

        self._browser_lock = self._browser_lock or asyncio.Lock()
        self._pages = self._pages or asyncio.Semaphore(self.max_pages)
        try:
            if self._playwright is None:
                self._playwright = await async_playwright().start()
            self._browser = await self._playwright.chromium.launch(
                executable_path=self._path, args=self._flags(), headless=True,
                timeout=max(self.timeout, 30.0) * 1000)
        except PlaywrightError as exc:
            raise RenderUnavailable(f"cannot start Chromium ({self._path}): "
                                    f"{_one_line(exc)}") from None
        self.launches += 1

    async def _shutdown(self) -> None:
        try:
            if self._browser is not None:
                await self._browser.close()
        except Exception:  # noqa: BLE001
            pass
        try:
            if self._playwright is not None:
                await self._playwright.stop()
        except Exception:  # noqa: BLE001
            pass
        self._browser = self._playwright = None

    async def _context(self):
        async with self._browser_lock:
            if self._browser is None or not self._browser.is_connected():
                await self._launch()  # the last one crashed or was closed
            return await self._browser.new_context(service_workers="block",
                                                   accept_downloads=False)

    async def _render(self, url: str, body: bytes | None, content_type: str | None,
                      timeout: float, settle: float) -> RenderResult:
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        account = _Account()
        file_root = None
        if urlsplit(url).scheme == "file":
            file_root = str(Path(urllib.request.url2pathname(urlsplit(url).path)).parent)
        policy = self._policy(file_root)
        started_at, started = utc_now(), time.monotonic()

        def result(**values) -> RenderResult:
            return RenderResult(url, started_at, seconds=time.monotonic() - started,
                                requests=tuple(account.requests),
                                blocked=tuple(account.blocked), skipped=account.skipped,
                                settle_cap=settle, **values)

        async with self._pages:
            # the page's time starts with its turn, not with the wait for one
            started_at, started = utc_now(), time.monotonic()
            try:
                context = await self._context()
            except PlaywrightError as exc:
                return result(error="render_failed",
                              detail=f"render {url}: browser failed: {_one_line(exc)}")
            router = None
            try:
                router = _Router(self, policy, account, body, content_type, context,
                                 (timeout + settle) * 1000)
                await context.route("**/*", router.route)
                if hasattr(context, "route_web_socket"):
                    await context.route_web_socket("**/*", router.websocket)
                page = await context.new_page()
                page.set_default_timeout(timeout * 1000)
                try:
                    await page.goto(url, wait_until="load", timeout=timeout * 1000)
                except PlaywrightTimeout:
                    return result(error="render_timeout",
                                  detail=f"render {url}: not loaded within {timeout:g} s")
                settled = True
                try:
                    await page.wait_for_load_state("networkidle", timeout=settle * 1000)
                except PlaywrightTimeout:
                    settled = False
                html = await self._content(page)
                dom = html.encode("utf-8")
                if len(dom) > MAX_BODY_BYTES:
                    return result(error="too_large",
                                  detail=f"render {url}: DOM of {len(dom)} bytes is over the "
                                         f"{MAX_BODY_BYTES}-byte cap")
                return result(final_url=page.url, dom=dom, settled=settled)
            except PlaywrightError as exc:
                return result(error="render_failed", detail=f"render {url}: {_one_line(exc)}")
            finally:
                try:
                    await context.close()
                except Exception:  # noqa: BLE001 - a crashed browser closes nothing
                    pass
                if router is not None:
                    router.session.close()

    def _policy(self, file_root: str | None) -> AddressPolicy:
        return AddressPolicy(self.allow_private, self.loopback_only, file_root)

    @staticmethod
    async def _content(page) -> str:
        from playwright.async_api import Error as PlaywrightError

        for attempt in range(3):
            try:
                return await page.content()
            except PlaywrightError:  # a script navigated meanwhile: wait, then again
                if attempt == 2:
                    raise
                await page.wait_for_load_state("load")
        raise AssertionError("unreachable")

    async def decide(self, policy: AddressPolicy, url: str) -> str | None:
        """policy.refusal(url), resolving host names off the event loop."""
        if policy.needs_dns(url):
            return await asyncio.get_running_loop().run_in_executor(None, policy.refusal, url)
        return policy.refusal(url)


class _Router:
    """The route handlers of one render: every request the page makes comes here."""

    def __init__(self, renderer: Renderer, policy: AddressPolicy, account: _Account,
                 body: bytes | None, content_type: str | None, context, fetch_timeout: float):
        self.renderer = renderer
        self.context = context
        self.fetch_timeout = fetch_timeout  # ms: a request may last the load and the settling
        self.policy = policy
        self.account = account
        self.body = body
        self.content_type = content_type
        self.document_served = body is None
        # The router's own HTTP client: every connection's peer checked by the policy.
        self.session = requests.Session()
        adapter = guarded_adapter(policy.address_refusal)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.trust_env = False  # no proxy from the environment: we are the peer

    async def route(self, route) -> None:
        request = route.request
        url = request.url
        self.account.requests.append(url)
        try:
            if (not self.document_served and request.is_navigation_request()
                    and request.frame.parent_frame is None):
                self.document_served = True  # the page itself: the bytes already fetched
                await route.fulfill(status=200, body=self.body,
                                    content_type=self.content_type or "text/html")
                return
            refusal = await self.renderer.decide(self.policy, url)
            if refusal:
                self.account.blocked.append((url, refusal))
                await route.abort("blockedbyclient")
                return
            if request.resource_type in SKIPPED_TYPES:
                self.account.skipped += 1
                await route.abort("blockedbyclient")
                return
            if urlsplit(url).scheme == "file":
                await route.continue_()
                return
            response = await self._fetch(route)
            if response is None:
                await route.abort("blockedbyclient")
                return
            await route.fulfill(**response)
        except Exception:  # noqa: BLE001 - a request that fails is the page's problem
            try:
                await route.abort("failed")
            except Exception:  # noqa: BLE001 - already handled, or the page is gone
                pass

    async def _fetch(self, route):
        """The response to a request, fetched here (not by the browser nor by Playwright),
        redirects followed hop by hop, each hop's URL decided by the policy and each
        connection's peer address checked before anything is sent on it; None when a
        hop is refused."""
        request = route.request
        current, method, data = request.url, request.method, request.post_data_buffer
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _NOT_SENT}
        loop = asyncio.get_running_loop()
        for hop in range(MAX_REDIRECTS + 1):
            if hop:
                self.account.requests.append(current)
                refusal = await self.renderer.decide(self.policy, current)
                if refusal:
                    self.account.blocked.append((current, refusal))
                    return None
            try:
                status, answer_headers, body = await loop.run_in_executor(
                    None, self._get, method, current, headers, data)
            except AddressRefused as refused:
                self.account.blocked.append((current, str(refused)))
                return None
            location = answer_headers.get("location")
            if status not in _REDIRECTS or not location:
                return {"status": status, "headers": answer_headers, "body": body}
            current = urljoin(current, location)
            if status == 303 or (status in (301, 302) and method == "POST"):
                method, data = "GET", None
        return None

    def _get(self, method: str, url: str, headers: dict, data):
        """(status, headers, body) of one request, in a worker thread: the body read as
        every fetch reads one (archiver.http.read_body), capped (MAX_BODY_BYTES) and
        given up at the render's time."""
        seconds = self.fetch_timeout / 1000
        deadline = time.monotonic() + seconds
        with self.session.request(method, url, headers=headers, data=data, stream=True,
                                  allow_redirects=False, timeout=seconds) as response:
            body = read_body(response, MAX_BODY_BYTES, deadline)  # raises past either
            answer = {k.lower(): v for k, v in response.headers.items()
                      if k.lower() not in _NOT_PASSED_ON}
            return response.status_code, answer, body

    async def websocket(self, ws) -> None:
        """WebSockets are never opened (a snapshot needs no live updates)."""
        self.account.requests.append(ws.url)
        self.account.blocked.append((ws.url, "WebSockets are not opened"))
        try:
            await ws.close(code=1008, reason="blocked")
        except Exception:  # noqa: BLE001 - the page is gone
            pass


# --- combining two extractions (pure) ----------------------------------------------------------


def _claim(embed: Embed) -> tuple:
    return (embed.handle or "").lower(), embed.text


def combine_embeds(raw, rendered) -> tuple[Embed, ...]:
    """The raw page's embeds as they are, then the embeds found only in the rendered DOM
    (`rendered=True`), in the rendered document's order, their positions continuing after
    the raw page's.

    An embed with a post id is rendered-only when no raw embed has that id; one without
    an id when no raw embed without an id makes the same claim (handle and text).
    """
    raw = tuple(raw)
    ids = {e.post_id for e in raw if e.post_id}
    claims = {_claim(e) for e in raw if not e.post_id}
    extra = [e for e in rendered
             if (e.post_id not in ids if e.post_id else _claim(e) not in claims)]
    start = max((p for e in raw for p in e.positions), default=-1) + 1
    order = sorted({p for e in extra for p in e.positions})
    renumbered = {p: start + i for i, p in enumerate(order)}
    return raw + tuple(replace(e, rendered=True,
                               positions=tuple(renumbered[p] for p in e.positions))
                       for e in extra)


def combine_pages(raw: Page, rendered: Page) -> Page:
    """The rendered page's record: the raw page's metadata (the rendered DOM's where the
    raw page has none), `combine_embeds`, and the DOM's encoding (UTF-8, "rendered")."""
    pick = lambda name: getattr(raw, name) or getattr(rendered, name)  # noqa: E731
    return replace(raw, encoding="utf-8", encoding_source="rendered", title=pick("title"),
                   canonical_url=pick("canonical_url"), site_name=pick("site_name"),
                   lang=pick("lang"), published=pick("published"),
                   embeds=combine_embeds(raw.embeds, rendered.embeds))
