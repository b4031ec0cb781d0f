import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

# A suite started in the background by a non-interactive shell (`cmd &`, as a CI runner or
# nohup may) inherits SIGINT ignored, and so does every command a test starts: the tests
# that interrupt a command as a user's Ctrl-C does would find it deaf. They run with
# SIGINT heard, however the suite was started.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
CORPUS = TESTS / "pages" / "corpus"
SAMPLES = ROOT / "archiver" / "samples" / "pages"
SEED = SAMPLES / "shafaq-turkiye-syria-ankara-talks.txt"


@pytest.fixture(scope="session")
def sample_server():
    """The bundled sample sites and X, on 127.0.0.1 (archiver.demo.SampleServer)."""
    from archiver.demo import SampleServer

    with SampleServer() as server:
        yield server


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch, sample_server):
    """Tests talk to 127.0.0.1 only; a proxy from the environment must not intercept."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for name in list(os.environ):
        if name.startswith("ARCHIVER_"):
            monkeypatch.delenv(name)
    # Tests serve everything from 127.0.0.1: allow loopback, and drop the per-host delay.
    monkeypatch.setenv("ARCHIVER_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("ARCHIVER_HOST_DELAY", "0")
    # Nothing in a test may reach X itself: its endpoints are the sample server's.
    monkeypatch.setenv("ARCHIVER_X_SYNDICATION_URL", f"{sample_server.url}/x")
    monkeypatch.setenv("ARCHIVER_X_OEMBED_URL", f"{sample_server.url}/x")
    monkeypatch.setenv("ARCHIVER_FXTWITTER_URL", f"{sample_server.url}/fx")
    # A page rendered in a browser (--render) reaches loopback only, names unresolved.
    monkeypatch.setenv("ARCHIVER_RENDER_LOOPBACK_ONLY", "1")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "archive.db"


def local_http(**options):
    """The project's Http, allowed to reach 127.0.0.1, without per-host delay."""
    from archiver.http import Http

    options.setdefault("allow_private", True)
    options.setdefault("host_delay", 0.0)
    options.setdefault("backoff", 0.01)
    return Http(**options)


@pytest.fixture
def server(sample_server):
    """The sample server, with whatever a test added (overrides, pages, X answers) cleared
    after it."""
    yield sample_server
    sample_server.overrides.clear()
    sample_server.pages.clear()
    sample_server.tweets.clear()


@pytest.fixture
def db(tmp_path):
    """A new archive on a real SQLite file."""
    from archiver.store import open_archive

    return open_archive(tmp_path / "archive.db")


def archiver_for(db, server, *, retries: int = 0, **http_options):
    """The whole pipeline into `db`, with X's endpoints on the sample server."""
    from archiver.pipeline import Archiver
    from archiver.resolve import Resolver

    http = local_http(retries=retries, **http_options)
    return Archiver(db, http, Resolver(http, syndication_url=f"{server.url}/x",
                                       oembed_url=f"{server.url}/x"))


def system_chromium() -> str:
    """Debian's Chromium, installed with apt when missing (root only, as in CI); the test
    is skipped when there is none and it cannot be installed."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, timeout=600,
                       capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], env=env, check=False,
                       timeout=900, capture_output=True)
        path = shutil.which("chromium")
    if path is None:
        pytest.skip("Chromium is not installed, and installing it needs root and apt-get")
    return path
