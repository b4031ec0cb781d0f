import os
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
CORPUS = TESTS / "pages" / "corpus"
SAMPLES = ROOT / "archiver" / "samples"
SEED = SAMPLES / "shafaq-turkiye-syria-ankara-talks.txt"


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch):
    """Tests talk to 127.0.0.1 only; a proxy from the environment must not intercept."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("ARCHIVER_DB", raising=False)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "archive.db"
