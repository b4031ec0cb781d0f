"""Browsing: Datasette over the archive, with the project's metadata and plugin.

Datasette 0.65.x is pinned: the stable series, whose metadata file still carries table
descriptions, facets, canned queries and full-text search settings in one place, and
which datasette-render-images (0.4) supports; the 1.0 alphas moved configuration to
datasette.yaml and plugins are splitting between the two lines.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import yaml

DB_DIR = Path(__file__).resolve().parent.parent / "db"
METADATA = DB_DIR / "metadata.yml"
PLUGINS_DIR = DB_DIR / "plugins"


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


def datasette_command(db_path: str | Path, *, host: str = "127.0.0.1", port: int = 8001,
                      immutable: bool = False) -> tuple[list[str], Path]:
    """The datasette command line, and the metadata file it reads (a temporary file)."""
    handle = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8")
    with handle:
        json.dump(metadata_for(db_path), handle, ensure_ascii=False)
    command = [sys.executable, "-m", "datasette", "serve"]
    command += ["--immutable", str(db_path)] if immutable else [str(db_path)]
    command += ["--metadata", handle.name, "--plugins-dir", str(PLUGINS_DIR),
                "--host", host, "--port", str(port), "--setting", "sql_time_limit_ms", "3000",
                "--setting", "suggest_facets", "off"]
    return command, Path(handle.name)


def datasette_app(db_path: str | Path, *, immutable: bool = False):
    """A Datasette instance for the archive, as `archiver serve` runs it (for tests)."""
    from datasette.app import Datasette

    files = [] if immutable else [str(db_path)]
    return Datasette(files, immutables=[str(db_path)] if immutable else [],
                     metadata=metadata_for(db_path), plugins_dir=str(PLUGINS_DIR),
                     settings={"sql_time_limit_ms": 3000, "suggest_facets": False})
