"""Where the project's own files are found at run time.

The migrations, the Datasette metadata and the plugins live in the repository's top-level
`db/` folder. An installed package carries the same folder inside it, as `archiver/db`
(pyproject.toml maps the package `archiver.db` to `db/`); an editable install or a
checkout on `sys.path` has only the repository's. Both are looked for relative to this
file, so neither the working directory nor the checkout matters.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _db_dir() -> Path:
    for candidate in (PACKAGE_DIR / "db", PACKAGE_DIR.parent / "db"):
        if (candidate / "migrations").is_dir():
            return candidate
    return PACKAGE_DIR / "db"  # neither: the error names where it was expected


#: db/: migrations/NNNN_*.sql, metadata.yml, plugins/.
DB_DIR = _db_dir()
MIGRATIONS_DIR = DB_DIR / "migrations"
METADATA = DB_DIR / "metadata.yml"
PLUGINS_DIR = DB_DIR / "plugins"
