"""The fact-checker's view of the archive: a Datasette plugin (Datasette 0.65).

`archiver serve` loads it (through `db/plugins/archiver_browse.py`), so Datasette opens
on pages made for this archive — home, misquotes, posts no longer on X, articles, posts,
search, one page per article, post and image — while every table and view stays
reachable as Datasette shows it, under `/<database>/`.

- `plugin`: the hooks (routes, cell rendering, stylesheet, security headers, search-box
  folding, CSV byte-order mark).
- `views`: the route handlers; `data`: the read-only queries behind them (shared with
  `archiver report`); `words`: verdicts, findings, statuses and sources in plain words
  (the recorded terms kept beside them as the evidence); `templates/` and `static/`.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
#: First path segments the plugin's pages take: an archive file named after one of them
#: (posts.db) would have its Datasette pages hidden behind them.
RESERVED_NAMES = frozenset({
    "search", "article", "post", "image", "raw", "embed", "verification", "version", "check",
    "run", "misquotes", "unavailable", "articles", "posts", "-",
})
