"""The package as a user gets it: a wheel built from the sources, installed into a fresh
virtual environment outside the checkout (its dependencies from the package index), run
from a folder that is not the checkout."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

#: What a wheel is built from: the files pyproject.toml names, copied so that building
#: writes nothing into the checkout (setuptools builds in the source tree).
SOURCES = ("pyproject.toml", "README.md", "archiver", "db")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.db", "*.db-wal", "*.db-shm",
                                 "*.db.lock")


def _clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("ARCHIVER_") and k not in ("PYTHONPATH", "VIRTUAL_ENV",
                                                         "PYTHONHOME", "PYTHONSTARTUP")}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[Path, str]:
    """(the built wheel, what the build printed)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    source.mkdir()
    for name in SOURCES:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=IGNORED)
        else:
            shutil.copy2(origin, source / name)
    out = work / "dist"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "-v",
         "-w", str(out), str(source)],
        capture_output=True, text=True, timeout=600, env=_clean_env(), cwd=work)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (built,) = out.glob("x_post_archiver-*.whl")
    return built, result.stdout + result.stderr


def test_the_wheel_holds_every_package_migration_template_and_plugin(wheel):
    built, _log = wheel
    names = set(zipfile.ZipFile(built).namelist())
    expected = set()
    for path in (ROOT / "archiver").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            expected.add(path.relative_to(ROOT).as_posix())
    for path in (ROOT / "db").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and ".db" not in path.name:
            expected.add("archiver/" + path.relative_to(ROOT).as_posix())
    missing = sorted(expected - names)
    assert not missing, f"not in the wheel: {missing}"
    assert "archiver/db/migrations/0001_articles.sql" in names
    assert not [n for n in names if n.startswith(("db/", "tests/", "bench/"))]


def test_the_metadata_declares_what_the_code_imports_and_builds_without_warnings(wheel):
    built, log = wheel
    with zipfile.ZipFile(built) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = archive.read(name).decode("utf-8")
    assert "License-Expression: Apache-2.0" in metadata
    requires = [line.split(": ", 1)[1] for line in metadata.splitlines()
                if line.startswith("Requires-Dist:")]
    required = {_distribution(line) for line in requires if "extra ==" not in line}
    optional = {_distribution(line) for line in requires if "extra ==" in line}
    imported = _imported_distributions()
    assert "ahocorasick-rs" in imported and "playwright" in imported  # the scan reads both
    assert imported <= required | optional, \
        f"imported but not declared: {sorted(imported - required - optional)}"
    # Declared, not imported, but part of the project: the parser its guide names, and
    # the plugin that answers /robots.txt.
    assert required - imported == {"beautifulsoup4", "datasette-block-robots"}
    assert "sqlite-utils>=4" in metadata.replace(" ", "")
    warnings = [line for line in log.splitlines()
                if re.search(r"Warning|deprecat|!!", line)
                and "byte-compiling is disabled" not in line]
    assert not warnings, "\n".join(warnings)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_installed_from_the_wheel_outside_the_checkout_it_archives_verifies_and_serves(
        wheel, tmp_path):
    built, _log = wheel
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    python, tool = env_dir / "bin" / "python", env_dir / "bin" / "archiver"
    env = _clean_env()
    installed = subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                                "--disable-pip-version-check", str(built)],
                               capture_output=True, text=True, timeout=900, env=env,
                               cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr[-3000:]
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run([str(python), "-c", "import archiver.paths as p; "
                            "print(p.__file__); print(p.MIGRATIONS_DIR); print(p.PLUGINS_DIR)"],
                           capture_output=True, text=True, env=env, cwd=work, check=True)
    for line in where.stdout.splitlines():
        assert line.startswith(str(env_dir)), where.stdout  # nothing from the checkout

    demo = subprocess.run([str(tool), "demo"], capture_output=True, text=True, timeout=300,
                          env=env, cwd=work)
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-2000:]
    assert "Archive now holds:" in demo.stdout
    assert (work / "db" / "archive.db").is_file()

    check = subprocess.run([str(tool), "check"], capture_output=True, text=True,
                           timeout=120, env=env, cwd=work)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "intact" in check.stdout

    # The Datasette metadata and plugins come from the installed package: the home page
    # is the plugin's, the misquotes list is there.
    port = _free_port()
    server = subprocess.Popen([str(tool), "serve", "--port", str(port)], env=env, cwd=work,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        page = None
        while time.monotonic() < deadline and page is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/misquotes",
                                            timeout=5) as answer:
                    page = answer.read().decode("utf-8")
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.3)
        assert page is not None, server.stdout.read() if server.poll() is not None else "no answer"
        assert "Misquotes" in page
    finally:
        server.terminate()
        server.wait(timeout=10)


def _distribution(requirement: str) -> str:
    return re.split(r"[<>=!~ ;\[]", requirement)[0].lower().replace("_", "-")


def _imported_distributions() -> set[str]:
    """The distributions that provide every third-party module the package's code
    (archiver/ and the Datasette plugins in db/) imports, read from the sources."""
    import ast
    import importlib.metadata

    modules = set()
    for path in [*(ROOT / "archiver").rglob("*.py"), *(ROOT / "db").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    modules -= set(sys.stdlib_module_names) | {"archiver"}
    providers = importlib.metadata.packages_distributions()
    unknown = sorted(m for m in modules if m not in providers)
    assert not unknown, f"imported, provided by no installed distribution: {unknown}"
    return {_distribution(providers[m][0]) for m in modules}
