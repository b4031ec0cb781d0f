"""--render: pages whose scripts insert their X embeds, served by a real HTTP server on
127.0.0.1 and loaded by a real headless Chromium (the system's), in loopback-only mode:
nothing a page asks for may leave the machine."""

import hashlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from archiver.cli import cli
from archiver.extract import extract_page
from archiver.models import Embed, Page
from archiver.pipeline import extract_source, load, render_source
from archiver.render import (AddressPolicy, Renderer, combine_embeds, combine_pages,
                             is_loopback_host)
from archiver.settings import load_settings

from .conftest import local_http, system_chromium

STATIC_ID = "1977400000000000001"  # a plain link, in the raw bytes
WIDGET_ID = "1977411111111111111"
IFRAME_ID = "1977422222222222222"
ATTRIBUTE_ID = "1977433333333333333"
WIDGETS_JS = "https://platform.twitter.com/widgets.js"
TWEET_FRAME = f"https://platform.twitter.com/embed/Tweet.html?id={IFRAME_ID}"

#: Inserted by /js/embed.js (a loopback script): the official widget markup.
WIDGET_SCRIPT = (
    "document.getElementById('slot').innerHTML = '<blockquote class=\"twitter-tweet\">"
    "<p lang=\"en\" dir=\"ltr\">Talks in Ankara went well.</p>&mdash; Some One (@someone) "
    f"<a href=\"https://twitter.com/someone/status/{WIDGET_ID}\">October 12, 2025</a>"
    "</blockquote>';"
)
SCRIPTS = {
    # (a) the widget markup, and widgets.js, which must never be fetched
    "widget": f'<script async src="{WIDGETS_JS}" charset="utf-8"></script>'
              '<script src="/js/embed.js"></script>',
    # (b) an iframe whose only id is in its src
    "iframe": "<script>var f = document.createElement('iframe');"
              f"f.src = '{TWEET_FRAME}';"
              "document.getElementById('slot').appendChild(f);</script>",
    # (c) an element given a data-tweet-id
    "attribute": f"<script>document.getElementById('slot').dataset.tweetId = '{ATTRIBUTE_ID}';"
                 "</script>",
}
INSERTED = {"widget": WIDGET_ID, "iframe": IFRAME_ID, "attribute": ATTRIBUTE_ID}


def article(kind: str) -> bytes:
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>Ankara talks ({kind})</title></head><body><article>"
        f"<p>As <a href=\"https://twitter.com/foo/status/{STATIC_ID}\">the ministry said</a>, "
        "the talks went on.</p><div id=\"slot\"></div>"
        f"{SCRIPTS[kind]}</article></body></html>"
    ).encode("utf-8")


def serve(httpserver, kind: str, path: str | None = None) -> str:
    path = path or f"/{kind}"
    httpserver.expect_request(path).respond_with_data(
        article(kind), content_type="text/html; charset=utf-8")
    httpserver.expect_request("/js/embed.js").respond_with_data(
        WIDGET_SCRIPT, content_type="text/javascript")
    return httpserver.url_for(path)


def ids(embeds):
    return [e.post_id for e in embeds]


def requests_to(httpserver, path: str) -> int:
    return sum(1 for request, _ in httpserver.log if request.path == path)


@pytest.fixture(scope="module")
def renderer():
    """One browser for the module, loopback only."""
    system_chromium()
    with Renderer(loopback_only=True, timeout=20, settle=5) as renderer:
        yield renderer
    assert renderer.launches == 1


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def chromium():
    return system_chromium()


# --- the renderer, on each form a script can insert --------------------------------------------


@pytest.mark.parametrize("kind", ["widget", "iframe", "attribute"])
def test_a_post_a_script_inserts_is_found_only_after_rendering(renderer, httpserver, kind):
    url = serve(httpserver, kind)
    fetch = load(url, local_http())
    page = extract_source(url, fetch)
    assert ids(page.embeds) == [STATIC_ID]  # the raw bytes show only the link

    result, combined = render_source(renderer, url, fetch, page)

    assert result.ok and result.settled and result.final_url == url
    assert ids(combined.embeds) == [STATIC_ID, INSERTED[kind]]
    static, inserted = combined.embeds
    assert static == page.embeds[0] and not static.rendered
    assert inserted.rendered and inserted.positions == (1,)
    assert combined.encoding == "utf-8" and combined.encoding_source == "rendered"
    # Nothing but loopback was requested: every other URL the page asked for was aborted.
    elsewhere = {u for u in result.requests if not is_loopback_host(urlsplit(u).hostname)}
    assert elsewhere == {u for u, _ in result.blocked}
    assert all(is_loopback_host(urlsplit(r.url).hostname) for r, _ in httpserver.log)
    # The document came from the bytes already fetched: the site was asked once.
    assert requests_to(httpserver, f"/{kind}") == 1
    assert result.dom.decode("utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("content_type", ["application/octet-stream",
                                          "text/xml; charset=utf-8"])
def test_a_page_its_server_mistyped_is_rendered_as_a_page(renderer, httpserver, content_type):
    """Read as a page by its bytes, a page served as octet-stream is given to the browser
    as one: Chromium would start a download of it else ("Download is starting")."""
    httpserver.expect_request("/mistyped").respond_with_data(article("widget"),
                                                              content_type=content_type)
    httpserver.expect_request("/js/embed.js").respond_with_data(
        WIDGET_SCRIPT, content_type="text/javascript")
    url = httpserver.url_for("/mistyped")
    fetch = load(url, local_http())
    page = extract_source(url, fetch)
    result, combined = render_source(renderer, url, fetch, page)
    assert result.ok, result.detail
    assert ids(combined.embeds) == [STATIC_ID, WIDGET_ID]


def test_widgets_js_is_blocked_and_the_loopback_script_runs(renderer, httpserver):
    url = serve(httpserver, "widget")
    fetch = load(url, local_http())
    result, combined = render_source(renderer, url, fetch, extract_source(url, fetch))
    assert [u for u, _ in result.blocked] == [WIDGETS_JS]
    assert "loopback-only" in dict(result.blocked)[WIDGETS_JS]
    assert requests_to(httpserver, "/js/embed.js") == 1
    inserted = combined.embeds[1]
    assert (inserted.handle, inserted.author_name, inserted.text, inserted.date) == (
        "someone", "Some One", "Talks in Ankara went well.", "2025-10-12")
    assert "1 blocked (https://platform.twitter.com/widgets.js)" in result.account()


def test_the_tweet_iframe_is_blocked_but_its_src_stays_in_the_dom(renderer, httpserver):
    url = serve(httpserver, "iframe")
    fetch = load(url, local_http())
    result, _ = render_source(renderer, url, fetch, extract_source(url, fetch))
    assert [u for u, _ in result.blocked] == [TWEET_FRAME]
    assert f'<iframe src="{TWEET_FRAME}"></iframe>'.encode() in result.dom


def test_a_redirect_is_decided_hop_by_hop(renderer, httpserver):
    """Chromium follows a redirect without asking the router again: the router follows it
    itself, and a hop away from loopback is refused."""
    httpserver.expect_request("/away.js").respond_with_data(
        "", status=302, headers={"Location": "http://example.com/x.js"})
    httpserver.expect_request("/near.js").respond_with_data(
        "", status=302, headers={"Location": "/js/embed.js"})
    httpserver.expect_request("/js/embed.js").respond_with_data(
        WIDGET_SCRIPT, content_type="text/javascript")
    url = httpserver.url_for("/hops")
    body = (b'<html><body><div id="slot"></div><script src="/away.js"></script>'
            b'<script src="/near.js"></script></body></html>')
    result = renderer.render(url, body=body, content_type="text/html")
    assert result.ok
    assert result.blocked == (("http://example.com/x.js", "not loopback (loopback-only mode)"),)
    assert requests_to(httpserver, "/js/embed.js") == 1
    assert WIDGET_ID in ids(extract_page(result.dom, url).embeds)


def test_a_page_still_busy_is_taken_as_it_is(renderer, httpserver):
    httpserver.expect_request("/poll").respond_with_data("{}", content_type="application/json")
    url = httpserver.url_for("/busy")
    body = (b"<html><body><script>setInterval(() => fetch('/poll'), 100);"
            b"document.body.dataset.tweetId = '" + ATTRIBUTE_ID.encode() + b"';</script>"
            b"</body></html>")
    result = renderer.render(url, body=body, content_type="text/html", settle=1)
    assert result.ok and not result.settled
    assert "network still busy after 1 s: DOM taken as it was" in result.account()
    assert ids(extract_page(result.dom, url).embeds) == [ATTRIBUTE_ID]


def test_a_local_file_loads_files_under_its_folder_only(renderer, tmp_path):
    (tmp_path / "site" / "js").mkdir(parents=True)
    (tmp_path / "site" / "js" / "embed.js").write_text(WIDGET_SCRIPT)
    (tmp_path / "secret.js").write_text("document.title = 'read';")
    page = tmp_path / "site" / "page.html"
    page.write_bytes(b'<html><head><title>t</title></head><body><div id="slot"></div>'
                     b'<script src="js/embed.js"></script><script src="../secret.js"></script>'
                     b'</body></html>')
    result = renderer.render(page.as_uri(), body=page.read_bytes(), content_type="text/html")
    assert result.ok
    assert result.blocked == (((tmp_path / "secret.js").as_uri(), "outside the page's own folder"),)
    assert ids(extract_page(result.dom, str(page)).embeds) == [WIDGET_ID]
    assert b"<title>t</title>" in result.dom


class FirstAnswerPublic(AddressPolicy):
    """A public-only policy whose check of each URL passes, as it does when a rebinding
    name's first answer is a public address: what is left is the check of the address
    each connection reached. (A rebinding name cannot be served on loopback without
    changing the machine's resolver; everything here talks to 127.0.0.1 only.)"""

    def refusal(self, url, resolve=None):
        return None


class RebindingRenderer(Renderer):
    def _policy(self, file_root):
        return FirstAnswerPublic(file_root=file_root)


def test_a_request_whose_connection_reaches_a_refused_address_sends_nothing(chromium):
    """The page's requests are made by the router's own client, which checks the peer of
    every connection before a byte is sent (not by Chromium or Playwright, which would
    resolve the name again on their own)."""
    server = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []

    def serve():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    received.append(conn.recv(65536))
                except OSError:
                    received.append(b"")

    threading.Thread(target=serve, daemon=True).start()
    script = f"http://127.0.0.1:{server.getsockname()[1]}/x.js"
    body = f'<html><body><script src="{script}"></script><p>text</p></body></html>'.encode()
    try:
        with RebindingRenderer(timeout=20, settle=2) as renderer:
            result = renderer.render("https://news.example/a", body=body,
                                     content_type="text/html")
    finally:
        server.close()
    assert result.ok
    assert result.blocked == ((script, "connected to 127.0.0.1: a non-public address "
                                       "(allow with --allow-private)"),)
    assert all(data == b"" for data in received)  # connected, then closed: nothing sent


# --- the policy and the merge: pure ------------------------------------------------------------


def test_loopback_only_is_decided_from_the_url_alone():
    policy = AddressPolicy(loopback_only=True)
    allowed = ["http://127.0.0.1:8080/a", "https://127.9.8.7/", "http://[::1]:9/",
               "http://localhost/", "http://LOCALHOST:1/"]
    refused = ["http://10.0.0.1/", "http://192.168.1.1/", "http://8.8.8.8/",
               "https://platform.twitter.com/widgets.js", "http://localhost.example/",
               "http://127.0.0.1.nip.io/", "ftp://127.0.0.1/", "file:///etc/passwd",
               "http://[::ffff:10.0.0.1]/", "http://[2001:db8::1]/", "ws://127.0.0.1/"]
    assert [policy.refusal(u) for u in allowed] == [None] * len(allowed)
    assert all(policy.refusal(u) for u in refused)
    assert not any(policy.needs_dns(u) for u in allowed + refused)  # no name is resolved


def test_the_public_policy_matches_the_http_guard():
    public, private = AddressPolicy(), AddressPolicy(allow_private=True)
    assert public.refusal("http://8.8.8.8/") is None
    for url in ("http://127.0.0.1/", "http://10.1.2.3/", "http://169.254.169.254/",
                "http://localhost/", "http://[::1]/", "http://0.0.0.0/"):
        assert public.refusal(url), url
        assert private.refusal(url) is None, url
    assert public.needs_dns("https://news.example/") and not public.needs_dns("http://1.1.1.1/")
    assert "ftp" in public.refusal("ftp://8.8.8.8/")


def test_a_url_that_does_not_parse_is_refused_not_raised():
    for policy in (AddressPolicy(), AddressPolicy(loopback_only=True),
                   AddressPolicy(allow_private=True)):
        assert not policy.needs_dns("http://[::1/a")
        assert policy.refusal("http://[::1/a") == "not a valid URL (Invalid IPv6 URL)"


def embed(post_id, positions, **fields):
    return Embed(source="s", kind="embed", form="blockquote", positions=positions,
                 post_id=post_id, **fields)


def test_combine_keeps_the_raw_embeds_and_appends_what_only_rendering_shows():
    raw = (embed("1", (0,)), embed("2", (1, 3)), embed(None, (2,), handle="A", text="same"))
    rendered = (embed("1", (0,), text="as rendered"), embed("3", (1,)), embed("2", (2,)),
                embed("4", (3, 6)), embed(None, (4,), handle="a", text="same"),
                embed(None, (5,), handle="a", text="other"))
    combined = combine_embeds(raw, rendered)
    assert combined[:3] == raw  # as they are, the raw page's text included
    assert [(e.post_id, e.positions, e.rendered) for e in combined[3:]] == [
        ("3", (4,), True), ("4", (5, 7), True), (None, (6,), True)]
    assert combined[-1].text == "other"
    assert combine_embeds((), rendered[:2]) == tuple(replace(e, rendered=True)
                                                     for e in rendered[:2])
    assert combine_embeds(raw, ()) == raw


def test_combined_page_keeps_the_raw_metadata():
    raw = Page("s", encoding="windows-1256", encoding_source="header", title="Raw title",
               lang=None, embeds=(embed("1", (0,)),))
    dom = Page("s", encoding="utf-8", title="Changed by script", lang="ar",
               embeds=(embed("1", (0,)), embed("2", (1,))))
    page = combine_pages(raw, dom)
    assert (page.title, page.lang, page.encoding, page.encoding_source) == (
        "Raw title", "ar", "utf-8", "rendered")
    assert ids(page.embeds) == ["1", "2"] and page.embeds[1].rendered


def test_loopback_only_is_a_setting_with_its_environment_variable(tmp_path):
    assert load_settings(env={}).render_loopback_only is False
    assert load_settings(env={"ARCHIVER_RENDER_LOOPBACK_ONLY": "1"}).render_loopback_only
    config = tmp_path / "archiver.toml"
    config.write_text("[archiver]\nrender_loopback_only = true\nrender_timeout = 5\n")
    settings = load_settings(config, env={})
    assert settings.render_loopback_only and settings.render_timeout == 5.0
    renderer = Renderer.from_settings(settings)
    assert renderer.loopback_only and renderer.timeout == 5.0 and renderer.launches == 0


# --- the command line ---------------------------------------------------------------------------


def test_extract_render_json_marks_the_posts_found_only_after_rendering(
        runner, httpserver, tmp_path, chromium):
    url = serve(httpserver, "widget")
    saved = tmp_path / "saved.html"
    saved.write_bytes(article("attribute"))

    plain = runner.invoke(cli, ["extract", "--json", url, str(saved)])
    assert plain.exit_code == 0, plain.output
    assert [json.loads(x)["post_id"] for x in plain.stdout.splitlines()] == [STATIC_ID] * 2

    result = runner.invoke(cli, ["extract", "--render", "--json", url, str(saved)])
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(r["source"], r["post_id"], r.get("rendered")) for r in records] == [
        (url, STATIC_ID, None), (url, WIDGET_ID, True),
        (str(saved), STATIC_ID, None), (str(saved), ATTRIBUTE_ID, True)]
    assert records[1]["positions"] == [1] and records[1]["handle"] == "someone"
    assert result.stderr == ""

    table = runner.invoke(cli, ["extract", "--render", str(saved)])
    assert table.exit_code == 0, table.output
    header, _rule, static, inserted = table.stdout.splitlines()[1:5]
    assert header.split()[:3] == ["positions", "kind", "rendered"]
    assert static.split()[:3] == ["0", "link", STATIC_ID]
    assert inserted.split()[:4] == ["1", "embed", "yes", ATTRIBUTE_ID]


def fetch_rows(db_path):
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    return conn, conn.execute("SELECT * FROM article_fetches ORDER BY id").fetchall()


def test_archive_render_stores_the_dom_as_its_own_chained_fetch(
        runner, httpserver, tmp_path, chromium):
    url = serve(httpserver, "widget")
    db_path = tmp_path / "archive.db"
    result = runner.invoke(cli, ["archive", "--render", "--db", str(db_path), url])
    assert result.exit_code == 0, result.output
    line = result.stdout.splitlines()[0]
    assert line.startswith(f"{url}: new, 2 embeds") and "1 found only after rendering" in line

    conn, (raw, rendered) = fetch_rows(db_path)
    assert raw["rendered_from"] is None and raw["body"] == article("widget")
    assert rendered["rendered_from"] == raw["id"]
    assert (rendered["encoding_source"], rendered["content_type"], rendered["encoding"]) == (
        "rendered", "text/html; charset=utf-8", "utf-8")
    assert rendered["body_sha256"] == hashlib.sha256(rendered["body"]).hexdigest()
    assert rendered["body_bytes"] == len(rendered["body"]) and rendered["error"] is None
    assert rendered["requested_url"] == url and rendered["final_url"] == url
    assert rendered["embeds_found"] == 2 and raw["embeds_found"] == 1
    assert "1 blocked (https://platform.twitter.com/widgets.js)" in rendered["detail"]
    assert WIDGET_ID.encode() in rendered["body"] and WIDGET_ID.encode() not in raw["body"]
    embeds = conn.execute("SELECT post_id, fetch_id, rendered, positions FROM embeds"
                          " ORDER BY id").fetchall()
    assert [tuple(e) for e in embeds] == [(STATIC_ID, rendered["id"], 0, "[0]"),
                                          (WIDGET_ID, rendered["id"], 1, "[1]")]
    latest = conn.execute("SELECT max(fetch_id) FROM embeds").fetchone()[0]
    assert latest == rendered["id"]  # the article's latest fetch is the rendered one

    intact = runner.invoke(cli, ["verify", "--integrity", "--db", str(db_path)])
    assert intact.exit_code == 0 and ": intact" in intact.stdout, intact.output

    scripts = requests_to(httpserver, "/js/embed.js")
    again = runner.invoke(cli, ["archive", "--render", "--db", str(db_path), url])
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith(f"{url}: unchanged, 2 embeds")
    assert "rendering" not in again.stdout.splitlines()[0]
    assert requests_to(httpserver, "/js/embed.js") == scripts  # not rendered again
    assert len(fetch_rows(db_path)[1]) == 2
    assert runner.invoke(cli, ["verify", "--integrity", "--db", str(db_path)]).exit_code == 0


def test_a_render_that_fails_is_one_line_and_the_raw_page_stands(
        runner, httpserver, tmp_path, chromium, monkeypatch):
    def slow(request):
        time.sleep(2.5)
        return "window.late = 1;"

    httpserver.expect_request("/slow.js").respond_with_handler(slow)
    httpserver.expect_request("/stuck").respond_with_data(
        f'<html><body><a href="https://x.com/foo/status/{STATIC_ID}">post</a>'
        '<script src="/slow.js"></script></body></html>', content_type="text/html")
    url = httpserver.url_for("/stuck")
    monkeypatch.setenv("ARCHIVER_RENDER_TIMEOUT", "1")
    db_path = tmp_path / "archive.db"
    result = runner.invoke(cli, ["archive", "--render", "--db", str(db_path), url])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"archiver: render {url}: not loaded within 1 s"]
    assert "render failed, the raw page stands" in result.stdout.splitlines()[0]
    conn, (raw, failed) = fetch_rows(db_path)
    assert (failed["rendered_from"], failed["error"], failed["body"]) == (raw["id"],
                                                                          "render_timeout", None)
    assert failed["detail"] == f"render {url}: not loaded within 1 s"
    embeds = conn.execute("SELECT post_id, fetch_id, rendered FROM embeds").fetchall()
    assert [tuple(e) for e in embeds] == [(STATIC_ID, raw["id"], 0)]
    intact = runner.invoke(cli, ["verify", "--integrity", "--db", str(db_path)])
    assert intact.exit_code == 0, intact.output


def test_run_renders_the_sources_that_ask_for_it(runner, httpserver, tmp_path, chromium):
    rendered_url = serve(httpserver, "iframe")
    raw_url = serve(httpserver, "attribute")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{rendered_url}"\nkind = "article"\nrender = true\n\n'
                       f'[[source]]\nurl = "{raw_url}"\nkind = "article"\n')
    db_path = tmp_path / "archive.db"
    result = runner.invoke(cli, ["run", "--sources", str(sources), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    conn, rows = fetch_rows(db_path)
    assert sorted((r["requested_url"], r["rendered_from"] is not None) for r in rows) == sorted(
        [(rendered_url, False), (rendered_url, True), (raw_url, False)])
    found = conn.execute("SELECT a.url, e.post_id, e.rendered FROM embeds e JOIN articles a"
                         " ON a.id = e.article_id ORDER BY e.id").fetchall()
    assert sorted(tuple(r) for r in found) == sorted([
        (rendered_url, STATIC_ID, 0), (rendered_url, IFRAME_ID, 1), (raw_url, STATIC_ID, 0)])


def run_without_chromium(tmp_path, *args):
    """The CLI in a subprocess whose PATH holds no Chromium (nor anything else)."""
    empty = tmp_path / "empty-path"
    empty.mkdir(exist_ok=True)
    env = {"PATH": str(empty), "HOME": str(tmp_path), "ARCHIVER_RENDER_LOOPBACK_ONLY": "1",
           "ARCHIVER_ALLOW_PRIVATE": "1"}
    return subprocess.run([sys.executable, "-m", "archiver.cli", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def test_render_without_chromium_is_one_line_and_status_2(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(article("attribute"))
    db_path = tmp_path / "archive.db"
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nurl = "http://127.0.0.1:9/a"\nrender = true\n')
    message = ("archiver: --render needs Chromium, and none is on PATH: install it with the "
               "system package manager (apt-get install chromium)")
    for args in (["extract", "--render", str(page)],
                 ["archive", "--render", "--db", str(db_path), str(page)],
                 ["run", "--sources", str(sources), "--db", str(db_path)]):
        done = run_without_chromium(tmp_path, *args)
        assert (done.returncode, done.stderr.splitlines(), done.stdout) == (2, [message], ""), args
    assert not db_path.exists()  # nothing was archived
    plain = run_without_chromium(tmp_path, "extract", "--json", str(page))
    assert plain.returncode == 0 and json.loads(plain.stdout)["post_id"] == STATIC_ID


def browser_pids(renderer):
    """The pids of this renderer's Chromium browser process (its dead proxy port is in
    its command line; child processes carry --type=)."""
    flag = f"--proxy-server=http://127.0.0.1:{renderer._dead.getsockname()[1]}".encode()
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                args = open(f"/proc/{entry}/cmdline", "rb").read().split(b"\0")
            except OSError:
                continue
            if flag in args and not any(a.startswith(b"--type=") for a in args):
                pids.append(int(entry))
    return pids


def test_a_browser_that_dies_mid_page_is_a_failed_render_and_the_next_one_starts_again(
        httpserver, chromium):
    asked = threading.Event()

    def slow(request):
        asked.set()
        time.sleep(1.5)
        return "window.late = 1;"

    httpserver.expect_request("/slow.js").respond_with_handler(slow)
    url = httpserver.url_for("/crash")
    body = b'<html><body><script src="/slow.js"></script></body></html>'
    with Renderer(loopback_only=True, timeout=20, settle=2) as renderer:
        with ThreadPoolExecutor(1) as pool:
            pending = pool.submit(renderer.render, url, body=body, content_type="text/html")
            assert asked.wait(timeout=20)  # the page is loading, waiting for /slow.js
            for pid in browser_pids(renderer):
                os.kill(pid, signal.SIGKILL)
            crashed = pending.result(timeout=30)
        assert crashed.error == "render_failed" and crashed.dom is None
        assert crashed.detail.startswith(f"render {url}: ") and "\n" not in crashed.detail
        again = renderer.render(url, body=b"<html><body>fine</body></html>",
                                content_type="text/html")
        assert again.ok and b"fine" in again.dom and renderer.launches == 2


def test_a_request_a_server_drips_is_given_up_at_the_renders_time(chromium):
    """A page's script served a byte at a time: the router's read stops at the render's
    time (its load timeout and settling), not when the server tires, so no worker thread
    stays reading after the render."""
    server = socket.create_server(("127.0.0.1", 0))
    started, gave_up = [], []

    def drip():
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            started.append(time.monotonic())
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/javascript\r\n"
                         b"Content-Length: 100000\r\n\r\n")
            try:
                for _ in range(300):  # a minute at most
                    conn.sendall(b" ")
                    time.sleep(0.2)
            except OSError:
                gave_up.append(time.monotonic())

    threading.Thread(target=drip, daemon=True).start()
    script = f"http://127.0.0.1:{server.getsockname()[1]}/drip.js"
    body = f'<html><body><script src="{script}"></script></body></html>'.encode()
    try:
        with Renderer(loopback_only=True, timeout=2, settle=1) as renderer:
            renderer.render("http://127.0.0.1:9/page", body=body, content_type="text/html")
        for _ in range(100):
            if gave_up:
                break
            time.sleep(0.1)
    finally:
        server.close()
    assert started and gave_up, "the dripped script was still being read"
    assert gave_up[0] - started[0] < 3 + 2  # the render's 2 + 1 s, and a little
