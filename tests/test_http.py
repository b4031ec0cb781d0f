"""The HTTP layer against real sockets on 127.0.0.1: caps, timeouts, failures as data."""

import socket
import threading
import time

import pytest
from werkzeug import Response

from archiver.extract import extract
from archiver.pipeline import archive_source
from archiver.store import open_archive

from .conftest import local_http


def test_user_agent_is_identifying(httpserver):
    httpserver.expect_request("/ua").respond_with_data("ok")
    local_http().get(httpserver.url_for("/ua"))
    # (the server is shared: a browser from an earlier test may still ask it for things)
    [request] = [r for r, _ in httpserver.log if r.path == "/ua"]
    assert request.headers["User-Agent"].startswith("x-post-archiver/")


def test_success_keeps_body_and_the_headers_that_matter(httpserver):
    httpserver.expect_request("/a").respond_with_data(
        "<html>ok</html>", content_type="text/html; charset=utf-8",
        headers={"ETag": '"v1"', "Last-Modified": "Tue, 24 Nov 2026 10:00:00 GMT",
                 "Set-Cookie": "secret=1"},
    )
    result = local_http().get(httpserver.url_for("/a"))
    assert result.ok and result.status == 200 and result.body == b"<html>ok</html>"
    assert result.headers["etag"] == '"v1"'
    assert "set-cookie" not in result.headers


def test_http_error_is_an_outcome(httpserver):
    httpserver.expect_request("/x").respond_with_data("boom", status=503)
    result = local_http(retries=0).get(httpserver.url_for("/x"))
    assert not result.ok and result.error == "http_503" and result.status == 503
    assert "\n" not in result.detail


def test_body_over_the_cap_is_refused(httpserver):
    httpserver.expect_request("/big").respond_with_data(b"x" * 50_000)
    result = local_http(max_body_bytes=10_000).get(httpserver.url_for("/big"))
    assert result.error == "too_large" and result.body is None


def test_streamed_body_over_the_cap_is_refused_without_content_length(httpserver):
    def chunks():
        for _ in range(20):
            yield b"y" * 4096

    httpserver.expect_request("/stream").respond_with_response(Response(chunks()))
    result = local_http(max_body_bytes=10_000).get(httpserver.url_for("/stream"))
    assert result.error == "too_large"


def test_slow_server_times_out(httpserver):
    def slow(request):
        time.sleep(1.5)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    started = time.monotonic()
    result = local_http(read_timeout=0.3, retries=0).get(httpserver.url_for("/slow"))
    assert result.error == "timeout"
    assert time.monotonic() - started < 1.4


def test_a_runs_deadline_bounds_the_wait_for_an_answer_too(httpserver):
    """A server that holds its headers past the run's time: the run ends on time, not
    after the whole read timeout (and its retries)."""
    def late(request):
        time.sleep(2.5)
        return Response("late")

    httpserver.expect_request("/late").respond_with_handler(late)
    http = local_http(read_timeout=30, retries=2)
    http.deadline = time.monotonic() + 0.7
    started = time.monotonic()
    result = http.get(httpserver.url_for("/late"))
    assert result.error in ("timeout", "stopped"), result
    assert time.monotonic() - started < 2
    assert "before the run's time was up" in result.detail or result.error == "stopped"


@pytest.fixture
def drip_server():
    """A raw socket server that sends headers, then one body byte every 0.2 s."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
                for _ in range(50):
                    if stop.is_set():
                        break
                    try:
                        conn.sendall(b"a")
                    except OSError:
                        break
                    time.sleep(0.2)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    stop.set()
    thread.join(timeout=5)
    listener.close()


def test_slow_drip_is_cut_by_the_total_deadline(drip_server):
    started = time.monotonic()
    result = local_http(read_timeout=5, total_timeout=1.0, retries=3).get(drip_server)
    assert result.error == "too_slow"  # not retried: the server would drip again
    assert result.detail.endswith("body not complete within 1s")
    assert time.monotonic() - started < 4


def test_a_runs_deadline_cuts_a_body_in_progress(drip_server):
    http = local_http(read_timeout=5, total_timeout=60, retries=3)
    http.deadline = time.monotonic() + 1.0
    started = time.monotonic()
    result = http.get(drip_server)
    # the run's end cut it, not the site: no "too slow" is made of it (nothing recorded)
    assert result.error == "stopped" and result.detail.endswith("cut short, the run's time was up")
    assert time.monotonic() - started < 4


def test_run_max_duration_bounds_an_article_served_a_byte_at_a_time(drip_server, tmp_path):
    import subprocess
    import sys

    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{drip_server}article.html"\nkind = "article"\n')
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "run", "--sources", str(sources), "--db",
         str(tmp_path / "a.db"), "--max-duration", "2", "--allow-private"],
        capture_output=True, text=True, timeout=120,
        env={**__import__("os").environ, "ARCHIVER_TIMEOUT": "30", "ARCHIVER_RETRIES": "3",
             "ARCHIVER_HOST_DELAY": "0"})
    assert time.monotonic() - started < 15, result.stderr
    # the run's end cut the page short: the site failed in nothing, nothing of it is
    # recorded, and the run says it stopped for its time with the article still to do
    assert result.returncode == 0, result.stderr
    assert "too slow" not in result.stderr and "not complete" not in result.stderr
    import sqlite3

    conn = sqlite3.connect(tmp_path / "a.db")
    try:
        assert conn.execute("SELECT count(*) FROM article_fetches").fetchone() == (0,)
        run = conn.execute("SELECT stopped_reason, articles_deferred, articles_failed,"
                           " errors FROM runs").fetchone()
    finally:
        conn.close()
    assert run == ("max_duration", 1, 0, "[]")


def test_connection_refused_is_an_outcome():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = local_http(connect_timeout=1, retries=0).get(f"http://127.0.0.1:{port}/")
    assert result.error == "connection_error" and result.status is None


def test_header_charset_decodes_an_undeclared_page(httpserver):
    page = (
        '<html><body><blockquote class="twitter-tweet"><p lang="ar">مرحبا بالعالم</p>&mdash; '
        'اسم (@someone) <a href="https://twitter.com/someone/status/1977000000000000000">'
        "July 4, 2025</a></blockquote></body></html>"
    ).encode("cp1256")
    httpserver.expect_request("/p").respond_with_data(
        page, content_type="text/html; charset=windows-1256"
    )
    result = local_http().get(httpserver.url_for("/p"))
    [embed] = extract(result.body, "p", content_type=result.content_type)
    assert embed.text == "مرحبا بالعالم" and embed.author_name == "اسم"


def test_redirect_is_followed_and_the_final_url_recorded(httpserver, tmp_path):
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": httpserver.url_for("/new")}
    )
    httpserver.expect_request("/new").respond_with_data(
        '<html><body><a href="https://x.com/a/status/1977000000000000000">post</a></body></html>',
        content_type="text/html",
    )
    db = open_archive(tmp_path / "a.db")
    outcome = archive_source(db, httpserver.url_for("/old"), local_http())
    assert outcome.error is None and outcome.recorded.embeds == 1
    row = db.execute("SELECT requested_url, final_url, status FROM article_fetches").fetchone()
    assert row == (httpserver.url_for("/old"), httpserver.url_for("/new"), 200)


def test_robots_txt_is_obeyed_for_article_pages(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    httpserver.expect_request("/private/a").respond_with_data("secret")
    httpserver.expect_request("/public/a").respond_with_data("fine")
    http = local_http()
    refused = http.get(httpserver.url_for("/private/a"), robots=True)
    assert refused.error == "robots_disallowed" and refused.status is None
    assert http.get(httpserver.url_for("/public/a"), robots=True).ok
    # X's endpoints are APIs: robots is only asked where the caller says so
    assert http.get(httpserver.url_for("/private/a")).ok
    paths = [r.path for r, _ in httpserver.log]
    assert paths.count("/robots.txt") == 1 and paths.count("/private/a") == 1


def test_threads_asking_one_host_at_once_fetch_its_robots_txt_once(httpserver):
    """Sources and articles read side by side each asked a host for its robots.txt (7
    fetches for 4 hosts): one thread asks, the others wait for its answer."""
    def slow_robots(request):
        time.sleep(0.3)
        return Response("User-agent: *\nDisallow: /private/\n", content_type="text/plain")

    httpserver.expect_request("/robots.txt").respond_with_handler(slow_robots)
    for n in range(6):
        httpserver.expect_request(f"/public/{n}").respond_with_data("fine")
    httpserver.expect_request("/private/a").respond_with_data("secret")
    http = local_http(host_concurrency=8)
    results = {}
    threads = [threading.Thread(target=lambda n=n: results.__setitem__(
        n, http.get(httpserver.url_for(f"/public/{n}"), robots=True))) for n in range(6)]
    threads.append(threading.Thread(target=lambda: results.__setitem__(
        "private", http.get(httpserver.url_for("/private/a"), robots=True))))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert all(results[n].ok for n in range(6))
    assert results["private"].error == "robots_disallowed"
    assert [r.path for r, _ in httpserver.log].count("/robots.txt") == 1


def test_conditional_get_returns_not_modified(httpserver):
    httpserver.expect_request("/p", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304)
    result = local_http().get(httpserver.url_for("/p"), headers={"If-None-Match": '"v1"'})
    assert result.not_modified and not result.ok and result.error is None


def test_retry_after_as_an_http_date(httpserver):
    from email.utils import formatdate

    calls = []

    def handler(request):
        calls.append(time.monotonic())
        if len(calls) == 1:
            return Response("busy", status=503,
                            headers={"Retry-After": formatdate(time.time() + 2, usegmt=True)})
        return Response("ok")

    httpserver.expect_request("/d").respond_with_handler(handler)
    result = local_http(retries=2).get(httpserver.url_for("/d"))
    assert result.ok and len(calls) == 2 and calls[1] - calls[0] >= 0.9


def test_retry_after_over_the_ceiling_is_a_failure_not_a_stall(httpserver):
    httpserver.expect_request("/long").respond_with_data(
        "later", status=429, headers={"Retry-After": "3600"})
    started = time.monotonic()
    result = local_http(retries=3, max_retry_after=5).get(httpserver.url_for("/long"))
    assert result.error == "http_429" and "ceiling" in result.detail
    assert time.monotonic() - started < 3


def test_a_host_that_asks_for_a_long_rest_is_not_asked_again_until_then(httpserver):
    """A Retry-After over the ceiling fails its request, and every later request to that
    host fails at once, said, without reaching it; other hosts are asked as usual."""
    calls = []

    def handler(request):
        calls.append(request.path)
        return Response("later", status=429, headers={"Retry-After": "3600"})

    httpserver.expect_request("/a").respond_with_handler(handler)
    httpserver.expect_request("/b").respond_with_handler(handler)
    http = local_http(retries=3, max_retry_after=5)
    first = http.get(httpserver.url_for("/a"))
    second = http.get(httpserver.url_for("/b"))
    assert first.error == "http_429" and "not asked again before" in first.detail
    assert second.error == "resting" and "asked not to be asked again before" in second.detail
    assert calls == ["/a"]
    other = httpserver.url_for("/b").replace("localhost", "127.0.0.1")
    if other != httpserver.url_for("/b"):  # the same server under another host name
        assert http.get(other).error == "http_429" and calls == ["/a", "/b"]


def test_per_host_delay_and_concurrency(httpserver):
    import threading

    active, peak, lock = [0], [0], threading.Lock()

    def handler(request):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.1)
        with lock:
            active[0] -= 1
        return Response("ok")

    httpserver.expect_request("/h").respond_with_handler(handler)
    http = local_http(host_delay=0.05, host_concurrency=2)
    started = time.monotonic()
    threads = [threading.Thread(target=http.get, args=(httpserver.url_for("/h"),))
               for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] <= 2
    assert time.monotonic() - started >= 5 * 0.05  # starts at least host_delay apart


def test_guard_refuses_loopback_unless_allowed(httpserver):
    httpserver.expect_request("/x").respond_with_data("ok")
    refused = local_http(allow_private=False).get(httpserver.url_for("/x"))
    assert refused.error == "refused_address" and "--allow-private" in refused.detail
    assert httpserver.log == []
    assert local_http(allow_private=True).get(httpserver.url_for("/x")).ok


@pytest.mark.parametrize(
    "address, public",
    [("93.184.216.34", True), ("2606:4700:4700::1111", True), ("127.0.0.1", False),
     ("::1", False), ("10.1.2.3", False), ("192.168.0.1", False), ("172.16.0.1", False),
     ("169.254.169.254", False), ("fe80::1", False), ("::ffff:127.0.0.1", False),
     ("0.0.0.0", False), ("100.64.0.1", False), ("224.0.0.1", False)],
)
def test_public_address_classification(address, public):
    # Pure function: no traffic is sent to any of these addresses.
    from archiver.http import is_public_address

    assert is_public_address(address) is public


def test_a_url_that_does_not_parse_is_a_failure_never_an_exception():
    http = local_http(allow_private=False)
    for call in (lambda u: http.get(u, robots=True), lambda u: http.post(u, b"q", "text/plain")):
        result = call("http://[::1/a")
        assert (result.error, result.ok) == ("bad_url", False)
        assert result.detail.endswith("http://[::1/a: not a valid URL (Invalid IPv6 URL)")
    assert http.requests_sent == 0


@pytest.mark.parametrize("url, why", [
    ("http://a.example:99999/x", "Port out of range"),
    ("http:///nohost", "no host"),
    ("http://a b.example/", "a space in its host"),
    ("http://[::1", "Invalid IPv6 URL"),
])
def test_a_url_that_names_no_place_is_refused_before_any_request(url, why):
    result = local_http().get(url)
    assert result.error == "bad_url" and why in result.detail


# --- content encodings, redirects without a place, a 304 nobody asked for ----------------

PAGE = ("<html><body>" + "<p>Harbour news, paragraph after paragraph.</p>" * 400
        + "</body></html>").encode()


def _encoded(encoding: str) -> bytes:
    import gzip
    import zlib

    if encoding == "gzip":
        return gzip.compress(PAGE)
    if encoding == "gzip-members":  # two gzip members, one after the other
        return gzip.compress(PAGE[:5000]) + gzip.compress(PAGE[5000:])
    if encoding == "deflate":
        return zlib.compress(PAGE)
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)  # deflate without its zlib header
    return raw.compress(PAGE) + raw.flush()


@pytest.mark.parametrize("form, header", [("gzip", "gzip"), ("gzip-members", "gzip"),
                                          ("deflate", "deflate"), ("raw-deflate", "deflate")])
def test_an_encoded_body_is_undone_whole(httpserver, form, header):
    httpserver.expect_request(f"/{form}").respond_with_response(Response(
        _encoded(form), headers={"Content-Encoding": header}, content_type="text/html"))
    result = local_http(retries=0).get(httpserver.url_for(f"/{form}"))
    assert result.ok, result.detail
    assert result.body == PAGE


def test_a_gzip_body_cut_before_its_end_is_no_page(httpserver):
    """The transport's length was met, the gzip stream was not: its bytes were taken for
    the whole page (no embeds, no failure), the page's evidence a fragment."""
    data = _encoded("gzip")
    httpserver.expect_request("/cut").respond_with_response(Response(
        data[:len(data) // 2], headers={"Content-Encoding": "gzip"}, content_type="text/html"))
    result = local_http(retries=2).get(httpserver.url_for("/cut"))
    assert result.error == "bad_encoding" and result.body is None
    assert "stops before its end" in result.detail
    assert len([r for r, _ in httpserver.log if r.path == "/cut"]) == 1  # not retried


def test_a_damaged_gzip_body_is_said_so_not_called_a_connection_error(httpserver):
    data = bytearray(_encoded("gzip"))
    data[40:60] = b"\xff" * 20
    httpserver.expect_request("/bad").respond_with_response(Response(
        bytes(data), headers={"Content-Encoding": "gzip"}, content_type="text/html"))
    result = local_http(retries=2).get(httpserver.url_for("/bad"))
    assert result.error == "bad_encoding" and "damaged" in result.detail


def test_a_gzip_bomb_stops_at_the_cap(httpserver):
    import gzip

    bomb = gzip.compress(b"\0" * 50_000_000)  # 50 MB of zeros in ~50 KB
    httpserver.expect_request("/bomb").respond_with_response(Response(
        bomb, headers={"Content-Encoding": "gzip"}, content_type="text/html"))
    result = local_http(retries=0).get(httpserver.url_for("/bomb"), max_body_bytes=1_000_000)
    assert result.error == "too_large"


@pytest.mark.parametrize("status", [300, 301, 302, 307])
def test_a_redirect_without_a_location_is_no_page(httpserver, status):
    httpserver.expect_request(f"/moved{status}").respond_with_data(
        "<html><a href='https://x.com/a/status/20'>a</a></html>", status=status,
        content_type="text/html")
    result = local_http(retries=0).get(httpserver.url_for(f"/moved{status}"))
    assert result.error == "bad_redirect" and result.status == status
    assert "without a Location" in result.detail


def test_a_304_to_a_request_that_compared_nothing_is_no_page(httpserver):
    """A 304 to an unconditional GET was read as "unchanged": the article, never stored,
    said so on every run."""
    httpserver.expect_request("/same").respond_with_data("", status=304)
    result = local_http(retries=0).get(httpserver.url_for("/same"))
    assert result.error == "bad_answer" and "compared nothing" in result.detail
    asked = local_http(retries=0).get(httpserver.url_for("/same"),
                                      headers={"If-None-Match": '"v1"'})
    assert asked.error is None and asked.status == 304


def test_a_failure_after_a_redirect_names_the_url_asked_for(httpserver):
    """Of seven sources, "GET file:///etc/passwd: only http and https URLs are fetched"
    named none: the line now starts with the URL asked for, then where it led."""
    httpserver.expect_request("/to-file").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"})
    httpserver.expect_request("/to-missing").respond_with_data(
        "", status=301, headers={"Location": "/gone"})
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    http = local_http(retries=0)
    start = httpserver.url_for("/to-file")
    result = http.get(start)
    assert result.detail.startswith(f"GET {start} → file:///etc/passwd: "), result.detail
    start = httpserver.url_for("/to-missing")
    result = http.get(start)
    assert result.error == "http_404"
    assert result.detail == f"GET {start} → {httpserver.url_for('/gone')} returned 404 NOT FOUND"


def _raw_server(answer):
    """A loopback server that reads each request (kept, in the list returned) and then
    does `answer(connection)`: (the listening socket, a URL on it, the requests)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    asked = []

    def serve():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                asked.append(conn.recv(65536))
                answer(conn)

    threading.Thread(target=serve, daemon=True).start()
    return listener, f"http://127.0.0.1:{listener.getsockname()[1]}/page.html", asked


@pytest.mark.parametrize("answer", [b"HELLO THIS IS NOT HTTP\r\n\r\n",
                                    b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 200_000 + b"\r\n\r\n"])
def test_an_answer_that_is_no_http_is_said_so_not_called_no_connection(answer):
    """A server that connected and answered in no HTTP was said to be one that "cannot
    connect", and asked three times more."""
    listener, url, asked = _raw_server(lambda conn: conn.sendall(answer))
    try:
        result = local_http(retries=2).get(url)
    finally:
        listener.close()
    assert result.error == "bad_response", result
    assert "the answer is not HTTP" in result.detail
    assert len(asked) == 1


def test_a_body_shorter_than_its_length_is_said_in_words_and_tries_are_counted():
    """A server that closes before the Content-Length it declared: said in words (not
    http.client's repr), with how many times it was tried."""
    listener, url, _asked = _raw_server(lambda conn: conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n"
        + b"<p>" * 100))
    try:
        result = local_http(retries=1).get(url)
    finally:
        listener.close()
    assert result.error == "connection_error"
    assert result.detail == (f"GET {url}: body cut short (300 of 1000 bytes came before the "
                             "server closed the connection) (tried 2 times)")


def test_a_server_that_connects_and_never_answers_is_said_so():
    """The connection was made: the wait that ran out is the one after connecting."""
    listener, url, _asked = _raw_server(lambda conn: time.sleep(1.5))
    try:
        result = local_http(retries=0, connect_timeout=2, read_timeout=0.5).get(url)
    finally:
        listener.close()
    assert result.error == "timeout"
    assert result.detail == f"GET {url}: no answer within 0.5s of connecting"



@pytest.mark.parametrize("first, then", [("/story/", "/story"), ("/story", "/story/")])
def test_an_address_that_redirects_to_an_archived_article_is_that_article(httpserver,
                                                                          tmp_path, first,
                                                                          then):
    """A feed lists "/story/", a sitemap "/story", which the site redirects there: one
    page, one article, in either order, under the address it was first archived by — it
    was two, its post counted under both and a misquote twice."""
    page = ('<html><body><a href="https://x.com/a/status/1977000000000000000">post</a>'
            "</body></html>")
    def story(request):  # as a site answers a conditional GET
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(page, content_type="text/html", headers={"ETag": '"v1"'})

    httpserver.expect_request("/story/").respond_with_handler(story)
    httpserver.expect_request("/story").respond_with_data(
        "", status=301, headers={"Location": httpserver.url_for("/story/")})
    db = open_archive(tmp_path / "a.db")
    archived = archive_source(db, httpserver.url_for(first), local_http())
    again = archive_source(db, httpserver.url_for(then), local_http())
    assert archived.error is None and again.error is None
    # ...and again, when the site answers "not modified" (its article was made a second
    # one by the 304 of the address not stored)
    again = archive_source(db, httpserver.url_for(then), local_http())
    assert again.article_url == archived.article_url == httpserver.url_for(first)
    assert again.recorded.state == "unchanged"
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    from archiver.store import check_archive, conditional_headers, stored_article_url

    assert check_archive(db).ok  # (the article's address is one its fetches asked for)
    if then == "/story/":
        # the address it was redirected to names the article too (verify --article,
        # report, export-warc), and is asked for conditionally (it was downloaded whole
        # each run, not being the address stored)
        assert stored_article_url(db, httpserver.url_for(then)) == httpserver.url_for(first)
        assert conditional_headers(db, httpserver.url_for(then)) == conditional_headers(
            db, httpserver.url_for(first)) != {}
