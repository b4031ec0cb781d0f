"""Browsing: Datasette over the archive, with the project's metadata and plugins.

Datasette 0.65.x is pinned: the stable series, whose metadata file still carries table
descriptions, facets, canned queries and full-text search settings in one place; the 1.0
alphas moved configuration to datasette.yaml and plugins are splitting between the two
lines. The fact-checker's pages are the plugin `archiver.browse` (loaded from
db/plugins/); datasette-block-robots answers /robots.txt with "Disallow: /".

The archive is served read-only: Datasette reads it through read-only connections, runs
only SELECT statements, and no canned query writes. Anything but a loopback address
needs `public=True` (`archiver serve --public`), and then authentication in front.

`archiver serve` becomes (exec) `python -m archiver.serve serve …`: Datasette's own
`serve` command, run by `run_datasette` so that Ctrl-C ends it as it ends every archiver
command, exit status 130 and one line, `archiver: interrupted: serve stopped`, where
Datasette alone would exit 0.
"""

from __future__ import annotations

import ipaddress
import json
import sys
import tempfile
from pathlib import Path

import yaml

from .browse import RESERVED_NAMES
from .errors import ArchiverError, UsageError
from .paths import METADATA, PLUGINS_DIR

#: Datasette settings `archiver serve` runs with: a query may take 3 s; no facet
#: suggestions (each costs a query per column on a big archive); no size cap on a
#: streamed CSV, so an export holds every row.
SETTINGS = {"sql_time_limit_ms": 3000, "suggest_facets": False, "max_csv_mb": 0}


def is_loopback(host: str) -> bool:
    """Is `host` a loopback address (or localhost)?"""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_serving(db_path: str | Path, host: str, public: bool) -> None:
    """Refuse what would expose the archive by accident or hide its tables.

    Raises:
        UsageError: a non-loopback host without `public`, or an archive file whose name
            is one of the pages' paths (posts.db would hide its tables behind /posts).
    """
    if not is_loopback(host) and not public:
        raise UsageError(f"--host {host} listens beyond this machine: add --public to mean it, "
                         "and put authentication in front first (README, Browsing)")
    if Path(db_path).stem in RESERVED_NAMES:
        raise UsageError(f"an archive named {Path(db_path).name} would be hidden behind the "
                         f"page /{Path(db_path).stem}: rename the file")


def check_port(host: str, port: int) -> None:
    """Refuse a port that cannot be listened on — another process holds it — before
    Datasette starts: every address `host` names is bound as Uvicorn binds it
    (SO_REUSEADDR), then let go.

    Raises:
        ArchiverError: the port is in use, or cannot be listened on (with the reason).
    """
    import errno
    import socket

    try:
        addresses = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM,
                                       flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ArchiverError(f"cannot listen on {host}: {exc.strerror}") from None
    for family, kind, proto, _name, address in addresses:
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(address)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    raise ArchiverError(f"port {port} on {host} is in use") from None
                raise ArchiverError(f"cannot listen on port {port} of {host}: "
                                    f"{exc.strerror or exc}") from None


def metadata_for(db_path: str | Path) -> dict:
    """db/metadata.yml with its database section named after this archive file (Datasette
    names a database after the file's stem)."""
    data = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    name = Path(db_path).stem
    databases = data.get("databases", {})
    if "archive" in databases and name != "archive":
        databases[name] = databases.pop("archive")
        data["description_html"] = data.get("description_html", "").replace("/archive/", f"/{name}/")
    return data


#: What `archiver serve` execs: run_datasette, its imports (the archiver package, then
#: Datasette: a second or so) inside the catch of a Ctrl-C, which is then one line and
#: 130 whenever it comes, never a traceback.
_BOOTSTRAP = """import sys
try:
    from archiver.serve import run_datasette
    code = run_datasette(sys.argv[1:])
except KeyboardInterrupt:
    sys.stderr.write("archiver: interrupted: serve stopped\\n")
    code = 130
sys.exit(code)
"""


def datasette_command(db_path: str | Path, *, host: str = "127.0.0.1", port: int = 8001,
                      immutable: bool = False) -> tuple[list[str], Path]:
    """The datasette command line, and the metadata file it reads (a temporary file)."""
    handle = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8")
    with handle:
        json.dump(metadata_for(db_path), handle, ensure_ascii=False)
    command = [sys.executable, "-c", _BOOTSTRAP, "serve"]  # run_datasette
    command += ["--immutable", str(db_path)] if immutable else [str(db_path)]
    command += ["--metadata", handle.name, "--plugins-dir", str(PLUGINS_DIR),
                "--host", host, "--port", str(port)]
    for name, value in SETTINGS.items():
        command += ["--setting", name, str(value).lower() if isinstance(value, bool) else str(value)]
    return command, Path(handle.name)


def datasette_app(db_path: str | Path, *, immutable: bool = False):
    """A Datasette instance for the archive, as `archiver serve` runs it (for tests)."""
    from datasette.app import Datasette

    files = [] if immutable else [str(db_path)]
    return Datasette(files, immutables=[str(db_path)] if immutable else [],
                     metadata=metadata_for(db_path), plugins_dir=str(PLUGINS_DIR),
                     settings=dict(SETTINGS))


_interrupted: list[int] = []  # the SIGINTs received, by run_datasette's handler


def _interrupt(signum, _frame) -> None:
    _interrupted.append(signum)
    raise KeyboardInterrupt


def run_datasette(argv: list[str]) -> int:
    """Datasette's command line (`serve …`) in this process; its exit status.

    Ctrl-C (SIGINT) is exit status 130 with one line on stderr, after Uvicorn's own
    graceful stop, where Datasette alone exits 0: Uvicorn stops on the signal, raises it
    again once it is done (asyncio's handler, or Python's KeyboardInterrupt, which
    uvicorn.run swallows), and returns. The handler set here is left in place by
    asyncio, restored by Uvicorn, and notes the signal; before the server is up, its
    KeyboardInterrupt ends the start.
    """
    import signal

    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)  # a supervisor's stop: said as "terminated"
    import click

    code = 0
    try:
        # (Datasette's import takes a second: a Ctrl-C meanwhile is said as one, too)
        from datasette.cli import cli as datasette_cli

        with datasette_cli.make_context("datasette", list(argv)) as ctx:
            datasette_cli.invoke(ctx)
    except (KeyboardInterrupt, click.exceptions.Abort):
        _interrupted.append(signal.SIGINT)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    if _interrupted:
        signum = _interrupted[0]
        how = "terminated" if signum == signal.SIGTERM else "interrupted"
        click.echo(f"archiver: {how}: serve stopped", err=True)
        return 128 + int(signum)
    return code


if __name__ == "__main__":  # `python -m archiver.serve serve …`: as _BOOTSTRAP runs it
    exec(_BOOTSTRAP)
