"""The command line: parse options, call one library function, print.

Errors the user can act on are one line on stderr. Exit status: 0 when everything
worked, 1 when some input failed (the others were still processed), 2 for bad usage.
"""

from __future__ import annotations

import csv
import json
import logging
import sys
from pathlib import Path

import click

from . import __version__
from .errors import ArchiverError, UsageError
from .http import Http
from .pipeline import archive_source, extract_source, load
from .store import counts, find_posts, open_archive

DEFAULT_DB = "db/archive.db"
SAMPLES_DIR = Path(__file__).resolve().parent / "samples"

db_option = click.option(
    "--db",
    "db_path",
    envvar="ARCHIVER_DB",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The archive file (also ARCHIVER_DB).",
)


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"archiver: {message}", err=True)
    sys.exit(code)


def _open(db_path: str):
    try:
        return open_archive(db_path)
    except ArchiverError as exc:
        _fail(str(exc))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="archiver")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens, to stderr.")
def cli(verbose: bool) -> None:
    """Archive and verify the X posts that news articles quote."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
    )


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line per post.")
def extract(sources: tuple[str, ...], as_json: bool) -> None:
    """Print the X posts each page embeds or links (no archive is written).

    SOURCES are URLs, saved pages, or - for plain text on stdin.
    """
    failed = False
    http = Http() if any(s.lower().startswith(("http://", "https://")) for s in sources) else None
    for source in sources:
        fetch = load(source, http)
        if not fetch.ok:
            click.echo(f"archiver: {fetch.detail}", err=True)
            failed = True
            continue
        page = extract_source(source, fetch)
        if as_json:
            for embed in page.embeds:
                click.echo(json.dumps(embed.to_json(), ensure_ascii=False))
        else:
            _print_embed_table(source, page.embeds)
    sys.exit(1 if failed else 0)


def _clip(value, width: int) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_table(rows: list[dict], columns: list[tuple[str, int]]) -> None:
    widths = {
        name: min(limit, max([len(name)] + [len(_clip(r.get(name), limit)) for r in rows]))
        for name, limit in columns
    }
    click.echo("  ".join(name.ljust(widths[name]) for name, _ in columns).rstrip())
    click.echo("  ".join("-" * widths[name] for name, _ in columns))
    for row in rows:
        click.echo(
            "  ".join(_clip(row.get(name), widths[name]).ljust(widths[name]) for name, _ in columns)
            .rstrip()
        )


def _print_embed_table(source: str, embeds) -> None:
    click.echo(f"{source}: {len(embeds)} post{'s' if len(embeds) != 1 else ''}")
    if not embeds:
        return
    rows = [
        {**e.to_json(), "positions": ",".join(map(str, e.positions)),
         "media": len(e.media) or ""}
        for e in embeds
    ]
    _print_table(rows, [("positions", 9), ("kind", 5), ("post_id", 19), ("handle", 16),
                        ("date", 10), ("media", 5), ("text", 50)])
    click.echo("")


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
def archive(sources: tuple[str, ...], db_path: str) -> None:
    """Fetch articles, extract their posts and store everything in the archive.

    SOURCES are URLs, saved pages, or - for plain text on stdin. Archiving an unchanged
    page again adds nothing; a changed page adds a new fetch and new versions.
    """
    db = _open(db_path)
    failed = _archive_all(db, sources)
    sys.exit(1 if failed else 0)


def _archive_all(db, sources) -> bool:
    http = Http() if any(s.lower().startswith(("http://", "https://")) for s in sources) else None
    failed = False
    for source in sources:
        outcome = archive_source(db, source, http)
        if outcome.error:
            click.echo(f"archiver: {outcome.fetch.detail}", err=True)
            failed = True
        else:
            click.echo(outcome.summary())
    return failed


@cli.command()
@click.option("--handle", help="Author handle, any case, with or without @.")
@click.option("--date", "on_date", metavar="YYYY-MM-DD", help="Posts of this day.")
@click.option("--since", metavar="YYYY-MM-DD", help="Posts of this day or later.")
@click.option("--until", metavar="YYYY-MM-DD", help="Posts of this day or earlier.")
@click.option("--search", metavar="WORDS", help="Words in the text (Arabic, Turkish aware).")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many posts.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="json is one object per line.")
@db_option
def posts(handle, on_date, since, until, search, limit, fmt, db_path) -> None:
    """Look up archived posts by handle, date and words, newest first."""
    db = _open(db_path)
    try:
        rows = find_posts(db, handle=handle, date=on_date, since=since, until=until,
                          search=search, limit=limit)
    except UsageError as exc:
        _fail(str(exc), 2)
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    else:
        _print_table(rows, [("post_id", 19), ("handle", 16), ("date", 10), ("status", 9),
                            ("articles", 8), ("text", 60)])
        click.echo(f"{len(rows)} post{'s' if len(rows) != 1 else ''}")


@cli.command()
@db_option
def demo(db_path: str) -> None:
    """Archive the bundled sample articles and summarise the archive."""
    samples = sorted(p for p in SAMPLES_DIR.iterdir() if p.suffix in (".html", ".txt"))
    click.echo(f"Archiving {len(samples)} sample articles into {db_path}")
    db = _open(db_path)
    failed = _archive_all(db, [str(p) for p in samples])
    totals = counts(db)
    click.echo("")
    click.echo("Archive now holds: " + ", ".join(f"{n} {t}" for t, n in totals.items()))
    rows = find_posts(db, limit=10)
    click.echo("")
    _print_table(rows, [("post_id", 19), ("handle", 16), ("date", 10), ("articles", 8),
                        ("text", 50)])
    click.echo("")
    click.echo("Try:  .venv/bin/archiver posts --handle hakanfidan")
    click.echo("      .venv/bin/archiver posts --search istanbul --format json")
    click.echo("      .venv/bin/archiver posts --since 2025-10-01 --format csv")
    sys.exit(1 if failed else 0)


def main() -> None:
    cli(prog_name="archiver")


if __name__ == "__main__":
    main()
