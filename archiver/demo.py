"""The bundled sample, served the way the real sites and X would serve it, on 127.0.0.1.

`SampleServer` is a small threaded HTTP server over `archiver/samples/`:

- /news/<page>             the sample article pages (ETag, Last-Modified, 304s, charsets)
- /robots.txt              allows everything
- /x/tweet-result?id=&token=&lang=
                           X's syndication answers from samples/x/<id>.json, in X's real
                           shapes; a wrong token gets `{}` as X gives it
- /x/oembed?url=           oEmbed built from the same data; 404 for deleted posts
- /pbs/…                   images, generated with Pillow (1200x675 JPEG photos and
                           video posters), deterministic per URL
- /video/…                 403, as video.twimg.com answers hot-linking

The demo (`archiver demo`), the tests and the benchmarks all use it, so the demo is
tested too. Optional latency per response imitates a real network.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import logging
import threading
import time
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .ids import parse_status_url, snowflake_datetime
from .resolve.token import syndication_token

log = logging.getLogger(__name__)

SAMPLES = Path(__file__).resolve().parent / "samples"
PAGES = SAMPLES / "pages"
X_ANSWERS = SAMPLES / "x"
_TYPES = {".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8",
          ".md": "text/markdown; charset=utf-8", ".xml": "application/xml"}
#: Pages whose bytes are not UTF-8, with the charset the server declares for them.
#: The demo's port: article URLs include it, so a second `make demo` finds the same
#: articles unchanged.
DEMO_PORT = 48573
_CHARSETS = {"arabic-summer-games-windows-1256.html": "text/html; charset=windows-1256"}


@lru_cache(maxsize=256)
def sample_image(key: str, width: int = 1200, height: int = 675) -> bytes:
    """A deterministic JPEG for a media key: coloured shapes and the key written on it."""
    from PIL import Image, ImageDraw

    seed = hashlib.sha256(key.encode()).digest()
    image = Image.new("RGB", (width, height), (seed[0], seed[1], seed[2]))
    draw = ImageDraw.Draw(image)
    for i in range(12):
        a, b, c, d = seed[(i * 4) % 32], seed[(i * 4 + 1) % 32], seed[(i * 4 + 2) % 32], seed[(i * 4 + 3) % 32]
        x, y = a * width // 256, b * height // 256
        draw.ellipse([x, y, x + 40 + c, y + 40 + d], fill=(c, d, a), outline=(255, 255, 255))
    draw.text((24, height - 40), key, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _oembed_for(tweet: dict) -> dict:
    """An oEmbed answer (X's shape, X-FORMATS §4.2) for a Tweet object."""
    user = tweet["user"]
    text = html.unescape(tweet.get("text", ""))
    for media in tweet.get("entities", {}).get("media", []) or []:
        text = text.replace(media["url"], "").rstrip()
    post_id = tweet["id_str"]
    moment = snowflake_datetime(post_id)
    shown = f"{moment:%B} {moment.day}, {moment.year}" if moment else ""
    pics = "".join(
        f' <a href="{m["url"]}">{m["display_url"]}</a>'
        for m in (tweet.get("entities", {}).get("media", []) or [])[:1]
    )
    blockquote = (
        f'<blockquote class="twitter-tweet" data-dnt="true"><p lang="{tweet.get("lang", "en")}" '
        f'dir="ltr">{html.escape(text, quote=False).replace(chr(10), "<br>")}{pics}</p>&mdash; '
        f'{html.escape(user["name"])} (@{user["screen_name"]}) <a href="https://twitter.com/'
        f'{user["screen_name"]}/status/{post_id}?ref_src=twsrc%5Etfw">{shown}</a></blockquote>\n'
    )
    return {
        "url": f"https://twitter.com/{user['screen_name']}/status/{post_id}",
        "author_name": user["name"],
        "author_url": f"https://twitter.com/{user['screen_name']}",
        "html": blockquote,
        "width": 550,
        "height": None,
        "type": "rich",
        "cache_age": "3153600000",
        "provider_name": "Twitter",
        "provider_url": "https://twitter.com",
        "version": "1.0",
    }


class _Handler(BaseHTTPRequestHandler):
    server_version = "sample/1.0"
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm on, the body waits
    # for the client's delayed ACK of the headers (~40 ms on Linux), as real servers
    # avoid by setting TCP_NODELAY.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_GET(self):  # noqa: N802 - the base class's name
        server: SampleServer = self.server.sample  # type: ignore[attr-defined]
        if server.latency:
            time.sleep(server.latency)
        server.count(self.path)
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        path = parts.path
        override = server.overrides.get(path)
        if callable(override):
            override = override(self, query)  # None: answer as usual
        if override is not None:
            status, body, content_type, *headers = override
            return self._send(status, body, content_type, *headers)
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        if path.startswith("/news/"):
            return self._page(path[len("/news/"):])
        if path == "/x/tweet-result":
            return self._tweet_result(query)
        if path == "/x/oembed":
            return self._oembed(query)
        if path.startswith("/fx/2/status/"):
            return self._fxtwitter(path.rsplit("/", 1)[-1])
        if path.startswith("/pbs/"):
            key = path.rsplit("/", 1)[-1].split(".")[0]
            body = server.images.get(key) or sample_image(key)
            return self._send(200, body, "image/jpeg")
        if path.startswith("/video/"):
            return self._send(403, b"Forbidden", "text/plain")
        return self._send(404, b"not found", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _page(self, name: str):
        extra = self.server.sample.pages  # type: ignore[attr-defined]
        path = PAGES / name
        if name in extra:
            body = extra[name]
        elif "/" in name or not path.is_file():
            return self._send(404, b"<h1>Not found</h1>", "text/html")
        else:
            body = path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        headers = {"ETag": etag, "Last-Modified": "Sun, 12 Oct 2025 19:20:00 GMT"}
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        content_type = _CHARSETS.get(name) or _TYPES.get(path.suffix, "application/octet-stream")
        return self._send(200, body, content_type, headers)

    def _tweet(self, post_id: str) -> dict | None:
        sample = self.server.sample  # type: ignore[attr-defined]
        path = X_ANSWERS / f"{post_id}.json"
        if post_id in sample.tweets:
            text = sample.tweets[post_id]
        elif not post_id.isdigit() or not path.is_file():
            return None
        else:
            text = path.read_text(encoding="utf-8")
        base = sample.media_url or sample.url
        text = text.replace("https://pbs.twimg.com/", f"{base}/pbs/")
        text = text.replace("https://video.twimg.com/", f"{base}/video/")
        return json.loads(text)

    def _tweet_result(self, query: dict):
        post_id = query.get("id", "")
        if not post_id.isdigit() or query.get("token") != syndication_token(post_id):
            return self._send(200, b"{}", "application/json")  # what X answers without a token
        tweet = self._tweet(post_id)
        if tweet is None:
            return self._send(404, b"", "application/json")
        return self._send(200, json.dumps(tweet, ensure_ascii=False).encode(), "application/json")

    def _oembed(self, query: dict):
        found = parse_status_url(query.get("url", ""))
        tweet = self._tweet(found[0]) if found else None
        if tweet is None or tweet.get("__typename") != "Tweet":
            return self._send(404, b'{"error":"Sorry, that page does not exist"}',
                              "application/json")
        body = json.dumps(_oembed_for(tweet), ensure_ascii=False).encode()
        return self._send(200, body, "application/json; charset=utf-8")


    def _fxtwitter(self, post_id: str):
        """A FxTwitter-style /2/status answer (FxEmbed's APITwitterStatus shape)."""
        tweet = self._tweet(post_id)
        if tweet is None or tweet.get("__typename") != "Tweet":
            return self._send(404, b'{"code":404,"message":"NOT_FOUND"}', "application/json")
        sample = self.server.sample  # type: ignore[attr-defined]
        text = sample.full_texts.get(post_id) or html.unescape(tweet.get("text", ""))
        user = tweet["user"]
        moment = snowflake_datetime(post_id)
        status = {
            "id": post_id,
            "url": f"https://x.com/{user['screen_name']}/status/{post_id}",
            "text": text,
            "raw_text": {"text": text, "facets": []},
            "author": {"id": user["id_str"], "name": user["name"],
                       "screen_name": user["screen_name"]},
            "created_timestamp": int(moment.timestamp()) if moment else None,
            "lang": tweet.get("lang"),
            "is_note_tweet": bool(tweet.get("note_tweet")),
            "media": {"all": [{"type": "photo", "url": m["media_url_https"]}
                              for m in tweet.get("mediaDetails", [])]},
        }
        body = json.dumps({"code": 200, "message": "OK", "status": status}, ensure_ascii=False)
        return self._send(200, body.encode(), "application/json")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A client that gave up (a timeout test, a refused redirect) resets its connection
        mid-answer: expected here, and not worth a traceback on stderr."""
        log.debug("sample server: request from %s failed", client_address, exc_info=True)


class SampleServer:
    """Serve the bundled sample on 127.0.0.1 (port 0: any free port) in a thread.

    Args:
        host: the loopback address to bind (127.0.0.1, or another 127.x address to act
            as a second host).
        port: the port to bind; 0 picks a free one. A taken port raises OSError (never a
            silent change: the demo's article URLs hold its port).
        latency: seconds added to every response.
        pages, tweets, images: extra article pages, X answers and images (benchmarks
            generate them ahead, so drawing images does not compete with the client).
        media_url: base URL that X's pbs/video URLs are rewritten to (another host).
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, latency: float = 0.0, *,
                 pages: dict[str, bytes] | None = None, tweets: dict[str, str] | None = None,
                 images: dict[str, bytes] | None = None, media_url: str | None = None):
        self.latency = latency
        self.pages = pages or {}  # extra pages: name -> bytes, served under /news/
        self.tweets = tweets or {}  # extra X answers: post id -> JSON text
        self.images = images or {}  # ready-made images: media key -> bytes
        self.full_texts: dict[str, str] = {}  # the mirror's full text of long posts
        self.media_url = media_url  # where X's image URLs point (default: this server)
        # path -> (status, body, content type[, headers]), or handler(request, query)
        # returning one (or None to answer as usual): for tests of failures.
        self.overrides: dict = {}
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._httpd = _QuietServer((host, port), _Handler)
        self._httpd.sample = self  # type: ignore[attr-defined]
        self.url = f"http://{host}:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def count(self, path: str) -> None:
        with self._lock:
            self.requests.append(path)

    def page_urls(self) -> list[str]:
        return [f"{self.url}/news/{p.name}" for p in sorted(PAGES.iterdir())
                if p.suffix == ".html"]

    def __enter__(self) -> "SampleServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
