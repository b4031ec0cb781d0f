"""The one HTTP layer: every fetch goes through an `Http` object passed in by the caller.

Manners: an identifying User-Agent, connect and read timeouts, an overall deadline per
response (a slow drip cannot hold a run), and a byte cap checked while streaming. A
failure comes back as a FetchResult with an error code, never as an exception.
"""

from __future__ import annotations

import time

import requests
import urllib3

from . import __version__
from .clock import utc_now
from .models import FetchResult

USER_AGENT = f"x-post-archiver/{__version__} (archives X posts quoted in news; python-requests)"
CONNECT_TIMEOUT_SECONDS = 10.0
READ_TIMEOUT_SECONDS = 30.0
#: Wall-clock limit for one whole response, body included.
TOTAL_TIMEOUT_SECONDS = 120.0
#: Largest body kept; news pages run to 1-2 MB, the largest in the corpus is 1.2 MB.
MAX_BODY_BYTES = 20 * 1024 * 1024
_CHUNK_BYTES = 64 * 1024
#: Response headers worth keeping as evidence and for conditional GETs.
KEPT_HEADERS = (
    "content-type",
    "content-length",
    "content-language",
    "etag",
    "last-modified",
    "date",
    "cache-control",
    "server",
)


class Http:
    """A requests Session with the project's manners.

    Args:
        user_agent: sent with every request.
        connect_timeout, read_timeout: seconds, per socket operation.
        total_timeout: seconds for a whole response.
        max_body_bytes: bodies past this are refused (error "too_large").
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
        session: requests.Session | None = None,
    ):
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.timeout = (connect_timeout, read_timeout)
        self.total_timeout = total_timeout
        self.max_body_bytes = max_body_bytes

    def get(self, url: str, headers: dict[str, str] | None = None) -> FetchResult:
        """GET `url`; the body is streamed and capped. Never raises for network trouble."""
        fetched_at = utc_now()
        try:
            response = self.session.get(
                url, headers=headers, timeout=self.timeout, stream=True, allow_redirects=True
            )
        except requests.Timeout:
            return FetchResult(url, fetched_at, error="timeout",
                               detail=f"GET {url}: no answer within {self.timeout[0]:g}s/{self.timeout[1]:g}s")
        except requests.TooManyRedirects:
            return FetchResult(url, fetched_at, error="too_many_redirects",
                               detail=f"GET {url}: too many redirects")
        except requests.ConnectionError as exc:
            return FetchResult(url, fetched_at, error="connection_error",
                               detail=f"GET {url}: cannot connect ({_reason(exc)})")
        except (requests.RequestException, ValueError) as exc:
            return FetchResult(url, fetched_at, error="bad_request",
                               detail=f"GET {url}: {_reason(exc)}")
        with response:
            kept = {k: response.headers[k] for k in KEPT_HEADERS if k in response.headers}
            common = dict(url=url, fetched_at=fetched_at, final_url=response.url,
                          status=response.status_code, headers=kept)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_body_bytes:
                return FetchResult(**common, error="too_large",
                                   detail=f"GET {url}: body of {int(declared)} bytes is over the "
                                          f"{self.max_body_bytes}-byte cap")
            body, error, detail = self._read_body(response, url)
        if error is None and response.status_code >= 400:
            error = f"http_{response.status_code}"
            detail = f"GET {url} returned {response.status_code} {response.reason or ''}".rstrip()
        return FetchResult(**common, body=body, error=error, detail=detail)

    def _read_body(self, response, url: str) -> tuple[bytes | None, str | None, str | None]:
        # read1() returns what the socket has, so the deadline is checked even while a
        # server drips a byte at a time (iter_content would wait for a full chunk).
        deadline = time.monotonic() + self.total_timeout
        chunks, size = [], 0
        try:
            while True:
                chunk = response.raw.read1(_CHUNK_BYTES, decode_content=True)
                if not chunk:
                    break
                size += len(chunk)
                if size > self.max_body_bytes:
                    return None, "too_large", (
                        f"GET {url}: body over the {self.max_body_bytes}-byte cap")
                if time.monotonic() > deadline:
                    return None, "timeout", (
                        f"GET {url}: body not complete within {self.total_timeout:g}s")
                chunks.append(chunk)
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            timed_out = isinstance(exc, (urllib3.exceptions.TimeoutError, TimeoutError))
            code = "timeout" if timed_out or "timed out" in str(exc) else "connection_error"
            return None, code, f"GET {url}: body cut short ({_reason(exc)})"
        return b"".join(chunks), None, None


def _reason(exc: BaseException) -> str:
    """The innermost message of a requests/urllib3 exception chain, on one line."""
    while exc.__context__ is not None and str(exc.__context__):
        exc = exc.__context__
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]
