"""The web-archive commands (`scan`, `export-warc`), registered on the main CLI.

They need the `scan` extra (FastWARC, warcio, pyarrow, Dask, fsspec); without it they say
how to install it, in one line, and exit 2.
"""

from __future__ import annotations

import importlib
import json
import sys

import click

#: The modules of the `scan` extra, by the package that brings each.
EXTRA_MODULES = {"fastwarc": "fastwarc", "warcio": "warcio", "pyarrow": "pyarrow",
                 "distributed": "dask[distributed]", "fsspec": "fsspec"}
INSTALL_HINT = "pip install 'x-post-archiver[scan]'"


def require_extra(what: str, modules=tuple(EXTRA_MODULES)) -> None:
    """Exit 2 with one line when a module of the scan extra is missing."""
    missing = []
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(EXTRA_MODULES[module])
    if missing:
        click.echo(f"archiver: {what} needs {', '.join(missing)}: {INSTALL_HINT}", err=True)
        sys.exit(2)


def _storage_options(text: str | None) -> dict | None:
    if not text:
        return None
    try:
        options = json.loads(text)
    except json.JSONDecodeError as exc:
        raise click.BadParameter(f"not JSON: {exc}") from exc
    if not isinstance(options, dict):
        raise click.BadParameter("a JSON object, e.g. '{\"anon\": true}'")
    return options


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="WARC_OR_GLOB…")
@click.option("--out", "out", required=True, metavar="DIR",
              help="Where the Parquet parts go (a folder, or an fsspec URL such as s3://…).")
@click.option("--workers", type=click.IntRange(min=1), metavar="N",
              help="Worker processes on this machine (default: the number of cores).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Run the tasks on this existing Dask cluster instead.")
@click.option("--storage-options", metavar="JSON",
              help="fsspec options for the inputs and --out (e.g. credentials), as JSON.")
def scan(inputs, out, workers, scheduler, storage_options) -> None:
    """Find the X posts in WARC and ARC files (gzip or not): one Parquet row per post.

    Every HTML and text/plain response record is read with its HTTP charset and target
    URI. One part per input file in --out; a scan run again skips the inputs whose part
    is complete. Records that are not responses, not HTML, truncated or malformed are
    counted and skipped.
    """
    require_extra("scan")
    from .scan import expand_inputs, run_scan

    options = _storage_options(storage_options)
    bar = None
    if sys.stderr.isatty():
        from fsspec.core import url_to_fs

        found, _missing = expand_inputs(inputs, options)
        total = 0
        for name in found:
            fs, path = url_to_fs(name, **(options or {}))
            total += fs.size(path) or 0
        bar = click.progressbar(length=max(total, 1), label="scanning", file=sys.stderr)
    def on_file(result):
        if bar is not None and not result.in_process:
            bar.update(result.bytes)

    try:
        result = run_scan(inputs, out, workers=workers, scheduler=scheduler,
                          storage_options=options, on_file=on_file,
                          on_progress=bar.update if bar is not None else None)
    except OSError as exc:
        click.echo(f"archiver: {out}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    finally:
        if bar is not None:
            bar.render_finish()
    for line in result.failed:
        click.echo(f"archiver: {line}", err=True)
    click.echo(result.summary())
    click.echo(f"parts in {out}")
    sys.exit(1 if result.failed else 0)


@click.command(name="export-warc")
@click.option("--article", "article_url", metavar="URL", help="Only this article (and X's "
              "answers about the posts it shows).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              metavar="FILE.warc.gz", help="The WARC file to write (gzipped, one member a record).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="The archive file (default db/archive.db; also ARCHIVER_DB).")
def export_warc(article_url, output, db_path) -> None:
    """Write the stored article fetches and X's answers as a WARC/1.1 file: response
    records (request records where the request is known), WARC-Date the fetch time,
    WARC-Payload-Digest the stored SHA-256."""
    require_extra("export-warc", ("warcio",))
    import os
    from pathlib import Path

    from ..clock import utc_now
    from ..errors import ArchiverError, UsageError
    from ..settings import load_settings
    from ..store import open_archive
    from .export import export_warc as export

    try:
        settings = load_settings(None, db_path=db_path)
    except UsageError as exc:
        click.echo(f"archiver: {exc}", err=True)
        sys.exit(2)
    if not Path(settings.db_path).exists():
        click.echo(f"archiver: no archive at {settings.db_path}", err=True)
        sys.exit(1)
    try:
        db = open_archive(settings.db_path)
    except ArchiverError as exc:
        click.echo(f"archiver: {exc}", err=True)
        sys.exit(1)
    temporary = f"{output}.tmp-{os.getpid()}"
    try:
        with open(temporary, "wb") as stream:
            counts = export(db, stream, article_url=article_url,
                            filename=Path(output).name, generated_at=utc_now())
        os.replace(temporary, output)
    except LookupError as exc:
        click.echo(f"archiver: {exc.args[0]}", err=True)
        sys.exit(1)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    click.echo(f"wrote {output}: {counts.line()}")


def archive_warc(db, settings, paths, *, render: bool = False):
    """`archive --warc`: every page captured in these files, one line each as `archive`
    prints them, then what the files held; (anything failed?, verdict tally)."""
    from ..pipeline import Archiver
    from ..verification import Tally
    from .captures import CaptureTally, archive_captures

    archiver = Archiver.from_settings(db, settings, render=render)
    failed = False
    tally, captured = Tally(), CaptureTally()

    def skipped(line):
        nonlocal failed
        click.echo(f"archiver: {line}", err=True)
        failed = True

    try:
        for report in archive_captures(archiver, paths, workers=settings.workers,
                                       tally=captured, on_skip=skipped):
            click.echo(report.summary())
            tally.add(report.verdicts)
            for line in report.unexpected:
                click.echo(f"archiver: {report.source}: {line}", err=True)
                failed = True
            if report.render_failure:
                click.echo(f"archiver: {report.render_failure}", err=True)
                failed = True
    finally:
        archiver.close()
    for line in captured.unreadable:
        click.echo(f"archiver: {line}", err=True)
        failed = True
    click.echo(captured.line())
    return failed, tally.settle(db)


COMMANDS = (scan, export_warc)
