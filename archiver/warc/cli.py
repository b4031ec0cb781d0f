"""The web-archive commands (`scan`, `export-warc`), registered on the main CLI.

They need the `scan` extra (FastWARC, warcio, pyarrow, Dask, fsspec); without it they say
how to install it, in one line, and exit 2. Errors are raised (the library's UsageError
for exit 2, ArchiverError for exit 1) and said in one line by the `archiver` group.
"""

from __future__ import annotations

import importlib
import json
import sys

import click

from ..options import Count
from ..plural import counted

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
        from ..errors import UsageError

        raise UsageError(f"{what} needs {', '.join(missing)}: {INSTALL_HINT}")


def parse_storage_options(text: str | None) -> dict | None:
    """--storage-options: a JSON object, or None."""
    if not text:
        return None
    try:
        options = json.loads(text)
    except json.JSONDecodeError as exc:
        raise click.BadParameter(f"not JSON: {exc}",
                                 param_hint="'--storage-options'") from exc
    if not isinstance(options, dict):
        raise click.BadParameter("a JSON object, e.g. '{\"anon\": true}'",
                                 param_hint="'--storage-options'")
    return options


@click.command()
@click.argument("inputs", nargs=-1, metavar="WARC_OR_GLOB…")
@click.option("-o", "--out", "--output", "out", required=True, metavar="DIR",
              help="Where the Parquet parts go (a folder, or an fsspec URL such as s3://…).")
@click.option("--workers", type=Count(), metavar="N",
              help="Worker processes on this machine (default: the number of cores).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Run the tasks on this existing Dask cluster instead.")
@click.option("--storage-options", metavar="JSON",
              help="fsspec options for the inputs and --out (e.g. credentials), as JSON.")
@click.option("--summary", is_flag=True,
              help="Then (or, without inputs, only) summarise the parts in --out: the posts "
                   "most embedded, by handle, by outlet host, by month; tables printed and "
                   "written as CSV.")
@click.option("--top", type=Count(), default=20, show_default=True,
              help="Rows of each summary table printed (the CSV files hold every row).")
@click.option("--csv-dir", metavar="DIR",
              help="Where the summary's CSV files go (default: DIR/summary under --out).")
def scan(inputs, out, workers, scheduler, storage_options, summary, top, csv_dir) -> None:
    """Find the X posts in WARC and ARC files (gzip or not): one Parquet row per post.

    Every 2xx response record that is a page (HTML, text, or a body of another type that
    opens an HTML document; never empty, an image or binary data) is read with its HTTP
    charset and target URI. One part per input file in --out; a scan run again skips the
    inputs whose part is complete. Records that are not responses, not HTML, not 2xx,
    empty or binary, truncated or malformed are counted and skipped. With --summary, the parts are summarised after the scan.
    """
    if not inputs and not summary:
        raise click.UsageError("give WARC files (or globs) to scan, or --summary")
    require_extra("scan")
    options = parse_storage_options(storage_options)
    from ..errors import UsageError

    try:  # an unknown protocol, or its filesystem's package missing (s3fs for s3://)
        from fsspec.core import url_to_fs

        out_fs, out_path = url_to_fs(out, **(options or {}))
    except (ImportError, ValueError) as exc:
        raise UsageError(f"--out {out}: {exc}") from exc
    if out_fs.isfile(out_path):
        raise UsageError(f"--out {out} is a file, not a folder: the parts go in a folder")
    from .scan import check_folder  # before the scan, not after it

    if inputs:
        check_folder(out, "--out", options)
    if summary and csv_dir:
        check_folder(csv_dir, "--csv-dir", options)
    failed = _scan(inputs, out, workers, scheduler, options) if inputs else False
    if summary:
        _summary(out, options, top, csv_dir)
    sys.exit(1 if failed else 0)


def _summary(out: str, options, top: int, csv_dir: str | None) -> None:
    import posixpath

    from ..cli import _print_table
    from .scan import require_scan_output
    from .summary import summarize, write_csv

    require_scan_output(out, options)  # a typo, a scan never run: said, nothing written
    tables = summarize(out, options)
    titles = {"top_posts": "posts most embedded", "by_handle": "by handle",
              "by_host": "by outlet host", "by_month": "by month of capture"}
    widths = {"post_id": 19, "handle": 16, "url": 50, "host": 30, "month": 7, "pages": 7,
              "posts": 7, "rows": 7, "hosts": 5, "first_capture": 20, "last_capture": 20}
    for name, rows in tables.items():
        click.echo("")
        click.echo(f"{titles[name]} ({len(rows)}):")
        if rows:
            _print_table(rows[:top], [(c, widths.get(c, 20)) for c in rows[0]])
    folder = csv_dir or posixpath.join(out.rstrip("/"), "summary")
    written = write_csv(tables, folder, options)
    click.echo("")
    click.echo(f"wrote {counted(len(written), 'CSV file')} to {folder}")


def _scan(inputs, out, workers, scheduler, options) -> bool:
    """The scan itself, with its summary line; True when an input failed."""
    from .scan import expand_inputs, run_scan

    bar = None
    if sys.stderr.isatty():
        from fsspec.core import url_to_fs

        found, _missing = expand_inputs(inputs, options)
        total = 0
        for name in found:
            fs, path = url_to_fs(name, **(options or {}))
            total += fs.size(path) or 0
        from ..terminal import raw_stderr

        bar = click.progressbar(length=max(total, 1), label="scanning",
                                file=raw_stderr(sys))  # (its cursor sequences are ours)

    def on_file(result):
        if bar is not None and not result.in_process:
            bar.update(result.bytes)

    try:
        result = run_scan(inputs, out, workers=workers, scheduler=scheduler,
                          storage_options=options, on_file=on_file,
                          on_progress=bar.update if bar is not None else None)
    except OSError as exc:
        from ..errors import ArchiverError

        raise ArchiverError(f"{out}: {exc.strerror or exc}") from exc
    finally:
        if bar is not None:
            bar.render_finish()
    for line in result.failed:
        click.echo(f"archiver: {line}", err=True)
    click.echo(result.summary())
    if any(not f.error for f in result.files):  # a part was written or found
        click.echo(f"the Parquet parts are in {out} (`archiver scan --summary --out {out}`: "
                   "what they hold)")
    return bool(result.failed)


@click.command(name="export-warc")
@click.option("--article", "article_url", metavar="URL", help="Only this article (and X's "
              "answers about the posts it shows).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              metavar="FILE.warc.gz", help="The WARC file to write: FILE.warc.gz gzipped, one "
                                           "member a record; FILE.warc plain.")
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
    from ..cli import _settings, article_named, no_article
    from ..store import open_archive_read_only
    from .export import export_warc as export

    # What is written is what the name says: gzip in a .warc.gz, plain WARC in a .warc.
    name = Path(output).name.lower()
    if not name.endswith((".warc", ".warc.gz")):
        raise UsageError(f"-o {output}: name a .warc.gz file (gzipped WARC) or a .warc file "
                         "(plain WARC)")
    # A bad setting (exit 2) or no archive (exit 1) is one line: the group says it.
    settings = _settings(db_path=db_path)  # with --config, as every command's
    db = open_archive_read_only(settings.db_path)  # an evidence copy nobody may write too
    temporary = f"{output}.tmp-{os.getpid()}"
    try:
        with open(temporary, "wb") as stream:
            counts = export(db, stream, article_url=article_named(article_url),
                            filename=Path(output).name, generated_at=utc_now(),
                            gzip=name.endswith(".gz"))
        os.replace(temporary, output)
    except LookupError as exc:
        if type(exc) is LookupError and article_url is not None:  # named as it was given
            raise ArchiverError(no_article(article_url, article_named(article_url))) from exc
        raise ArchiverError(exc.args[0]) from exc
    except OSError as exc:  # said of the file asked for, never of its temporary name
        raise ArchiverError(f"{output}: {exc.strerror or exc}") from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    click.echo(f"wrote {output}: {counts.line()}")


def archive_warc(db, settings, paths, *, render: bool = False, storage_options=None):
    """`archive --warc`: every page captured in these files (paths, globs or fsspec URLs,
    as `scan` takes them), one line each as `archive` prints them, then what the files
    held; (anything failed?, verdict tally)."""
    from ..cli import failure_line
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
                                       tally=captured, on_skip=skipped,
                                       storage_options=storage_options):
            click.echo(report.summary())
            tally.add(report.verdicts)
            for line in report.failures:  # each post, image or render, with its reason
                click.echo(f"archiver: {failure_line(report, line)}", err=True)
                failed = True
    finally:
        archiver.close()
    for line in captured.unreadable:
        click.echo(f"archiver: {line}", err=True)
        failed = True
    click.echo(captured.line())
    return failed, tally.settle(db)


def archive_from_scan(db, settings, out: str, limit: int | None) -> bool:
    """`archive --from-scan`: ask X about the distinct posts a scan found (most embedded
    first), politely, as `archive` does; one line per post asked. True when a post's
    answer was a bug of ours or a bad answer."""
    from ..clock import utc_now
    from ..pipeline import Archiver, recheck_posts
    from ..store import posts_to_resolve, record_found_posts
    from .summary import posts_from_scan

    found = posts_from_scan(out, limit=limit)
    new = record_found_posts(db, found, utc_now())
    todo = posts_to_resolve(db, [post_id for post_id, _, _ in found])
    archiver = Archiver.from_settings(db, settings)
    failed = False
    statuses: dict[str, int] = {}
    try:
        for recorded in recheck_posts(archiver, todo, workers=settings.workers):
            if not recorded.post_id:  # verification's own failure line
                for line in recorded.problems:
                    click.echo(f"archiver: {line}", err=True)
                failed = True
                continue
            state = recorded.status + (f" ({recorded.reason})" if recorded.reason else "")
            statuses[state] = statuses.get(state, 0) + 1
            click.echo(f"post {recorded.post_id}: {state}")
            for line in recorded.problems:
                click.echo(f"archiver: {line}", err=True)
                failed = True
    finally:
        archiver.close()
    tally = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())) or "nothing asked"
    click.echo(f"from the scan in {out}: {counted(len(found), 'distinct post')} ({new} new to "
               f"the archive), {len(todo)} asked of X: {tally}")
    return failed


COMMANDS = (scan, export_warc)
