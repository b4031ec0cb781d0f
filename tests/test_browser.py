"""A real headless Chromium loads a post page served by a real `archiver serve` and the
post's image is rendered (the <img> has loaded: natural width > 0)."""

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from archiver.render import chromium_flags

from .conftest import system_chromium
from .test_serve import archive_path  # noqa: F401 - the module-scoped archive fixture


@pytest.fixture
def served(archive_path, tmp_path):  # noqa: F811
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(tmp_path / "serve.log", "w")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "archiver.cli", "serve", "--db",
                             str(archive_path), "--port", str(port)], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=2).read()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise AssertionError((tmp_path / "serve.log").read_text())
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


def test_chromium_renders_the_post_image(served, tmp_path):
    from playwright.sync_api import sync_playwright

    executable = system_chromium()
    page_url = f"{served}/post/1898297687405494289"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=chromium_flags())
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(page_url, wait_until="load")
        image = page.locator('img[src$="/thumbnail"]').first
        image.wait_for(state="visible", timeout=15000)
        width = image.evaluate("img => img.complete ? img.naturalWidth : 0")
        shot = tmp_path / "post.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert width == 400  # the stored thumbnail, served from its BLOB
    assert shot.stat().st_size > 10_000
