"""The command line: parse options, call one library function, print.

Errors the user can act on are one line on stderr, `archiver: …`, raised as click
exceptions (Failure, BadUsage; the library's ArchiverError, a damaged or full archive and
a file that cannot be written become one of them in ArchiverGroup). Exit status: 0 when
everything worked, 1 when some input failed (the others were still processed) or the
archive cannot be read or written, 2 for bad usage, 130 when interrupted.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import logging
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from . import __version__, terminal
from .errors import ArchiverError, ArchiveWriteError, UsageError
from .errors import Interrupted as InterruptedWork
from .errors import RenderUnavailable
from .options import Count
from .plural import counted
from .loading import article_url, extract_source, is_url, load, renderable, unreadable
from .clock import utc_now
from .settings import Settings, load_settings

if TYPE_CHECKING:  # the archive, the fetcher, the browser: imported by the commands that use
    from .http import Http  # them, so that `extract` on a file starts in a fraction of the time
    from .render import Renderer


class Failure(click.ClickException):
    """Something failed that the user can act on: one line on stderr, exit status 1."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(f"archiver: {self.format_message()}", file=file, err=file is None)


class Interrupted(Failure):
    """SIGINT (Ctrl-C): what was kept, in one line; exit status 130. Every command: what
    one does not say itself, the `archiver` group says (never click's "Aborted!")."""

    exit_code = 130

    def __init__(self, message: str):
        from .errors import interrupt_exit_status

        super().__init__(message)
        self.exit_code = interrupt_exit_status()  # 143 for a supervisor's SIGTERM

    def show(self, file=None) -> None:
        from .errors import STOPPED_BY

        how = "terminated" if STOPPED_BY["signal"] == 15 else "interrupted"
        click.echo(f"archiver: {how}: {self.format_message()}", file=file,
                   err=file is None)


class BadUsage(click.UsageError):
    """A request that cannot be carried out as asked: one line on stderr (not click's
    usage block: the line names the option), exit status 2."""

    def show(self, file=None) -> None:
        click.echo(f"archiver: {self.format_message()}", file=file, err=file is None)


#: Errors of the file system a user can act on (a full disk, a missing folder, no
#: permission), said in one line when they reach the top.
_FULL_ERRNOS = {"ENOSPC", "EDQUOT", "EFBIG", "EIO"}
_FILE_ERRNOS = _FULL_ERRNOS | {"EROFS", "EACCES", "EPERM", "ENOENT", "ENOTDIR", "EISDIR"}


#: The commands that write the archive: an interrupt leaves it consistent (every write is
#: one transaction, whole or absent), and running the command again goes on.
_WRITING_COMMANDS = frozenset({"archive", "run", "verify", "timestamp", "migrate", "demo"})


def _database_error() -> type[Exception] | tuple:
    """sqlite3's DatabaseError, or no class at all when no command imported sqlite3 (none
    then can have raised it; `extract` starts without it)."""
    module = sys.modules.get("sqlite3")
    return module.DatabaseError if module is not None else ()


def _refuse_repeated(cmd: click.Command, name: str, args: list[str]) -> None:
    """An option that takes one value, given twice (`verify --article A --article B`):
    click keeps the last and drops the first silently; said, as bad usage."""
    seen: dict[str, str] = {}
    valued = {opt: param for param in cmd.params if isinstance(param, click.Option)
              and not param.is_flag and not param.count for opt in param.opts}
    arguments = iter(args)
    for arg in arguments:
        if arg == "--":
            break
        word = arg.split("=", 1)[0] if arg.startswith("--") else arg[:2]
        param = valued.get(word)
        if param is None:
            continue
        if word == arg:
            next(arguments, None)  # its value, whatever it reads ("--search --limit")
        if param.multiple:
            continue
        if param.name in seen:
            raise BadUsage(f"{seen[param.name]} is given twice: it takes one value "
                           f"(see archiver {name} --help)")
        seen[param.name] = word


class ArchiverGroup(click.Group):
    """The `archiver` group: what a command lets through becomes one line here."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Every command takes -v/--verbose after its name too, meaning what it means
        before it: `archiver extract PAGE -v` is `archiver -v extract PAGE`."""
        if not any("--verbose" in getattr(param, "opts", ()) for param in cmd.params):
            cmd.params.append(click.Option(
                ["-v", "--verbose"], is_flag=True, expose_value=False, help=verbose_help,
                callback=lambda ctx, _param, value: _verbose_given(ctx, value)))
        super().add_command(cmd, name)

    def resolve_command(self, ctx, args):
        name, cmd, rest = super().resolve_command(ctx, args)
        if cmd is not None:
            _refuse_repeated(cmd, name, rest)
        return name, cmd, rest

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        try:  # the group's own options: `archiver --bogus`
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            raise _one_line_usage(exc) from exc

    def invoke(self, ctx: click.Context):
        import errno

        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, InterruptedWork):  # SIGINT where a command says nothing
            name = ctx.invoked_subcommand or "archiver"
            kept = ("; what it wrote before is kept, the archive is consistent (run it "
                    "again to go on)") if name in _WRITING_COMMANDS else ""
            raise Interrupted(f"{name} stopped before it finished{kept}") from None
        except click.UsageError as exc:  # click's own: a bad value, an unknown option…
            raise _one_line_usage(exc, ctx) from exc
        except UsageError as exc:
            raise BadUsage(str(exc)) from exc
        except ArchiverError as exc:
            raise Failure(str(exc)) from exc
        except _database_error() as exc:  # a damaged file: said, not a traceback
            raise Failure(f"the archive cannot be read: {exc} (`archiver check` names what "
                          "is damaged)") from exc
        except OSError as exc:
            name = errno.errorcode.get(exc.errno)
            if exc.filename is None and name in _FULL_ERRNOS:  # stdout, or -o's file
                _drop_stdout()
                raise Failure(f"cannot write the output: {exc.strerror}") from exc
            if exc.filename is None or name not in _FILE_ERRNOS:
                raise
            raise Failure(f"{exc.filename}: {exc.strerror}") from exc


def _one_line_usage(exc: click.UsageError, group: click.Context | None = None
                    ) -> click.UsageError:
    """Click's usage error (`Usage: …`, `Try …`, `Error: …`: four lines) as one line,
    `archiver: MESSAGE (see archiver COMMAND --help)`, exit status 2. Ours (BadUsage)
    is one line already; `archiver` alone still shows the help."""
    if isinstance(exc, (BadUsage, click.exceptions.NoArgsIsHelpError)):
        return exc
    names, ctx = [], exc.ctx
    while ctx is not None and ctx.parent is not None:  # the root is `archiver`, whatever
        names.append(ctx.info_name)                    # a test harness calls it
        ctx = ctx.parent
    if not names and group is not None:
        # an option's value missing at the end of the line: click's error carries no
        # context, the group's holds the command's name still
        if group.invoked_subcommand:
            names.append(group.invoked_subcommand)
    command = " ".join(["archiver", *reversed(names)])
    message = " ".join(exc.format_message().split()).rstrip(".")
    return BadUsage(f"{message} (see {command} --help)")


def _drop_stdout() -> None:
    """What is still buffered for a standard output that cannot be written goes nowhere,
    instead of failing again, with a traceback, when the interpreter exits."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a file (a test's capture)
        pass


db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    help=f"The archive file (default {Settings.db_path}; also ARCHIVER_DB).",
)


def _config_given(ctx: click.Context, _param, value):
    if value:
        ctx.meta["archiver.config"] = value
    return value


#: --config on every command that reads settings (kept in the context: _settings reads it).
config_option = click.option(
    "--config", type=click.Path(dir_okay=False, exists=True), expose_value=False,
    callback=_config_given, help="A TOML settings file (also ARCHIVER_CONFIG).")


def network_options(command):
    """Options of every command that fetches."""
    for option in reversed([
        config_option,
        click.option("--allow-private", is_flag=True, default=None,
                     help="Fetch private and loopback addresses too (also "
                          "ARCHIVER_ALLOW_PRIVATE=1)."),
        click.option("--syndication-url", metavar="URL",
                     help="Base URL of X's syndication endpoint (ARCHIVER_X_SYNDICATION_URL)."),
        click.option("--oembed-url", metavar="URL",
                     help="Base URL of X's oEmbed endpoint (ARCHIVER_X_OEMBED_URL)."),
        click.option("--fxtwitter/--no-fxtwitter", "use_fxtwitter", default=None,
                     help="Also ask a FxTwitter-style mirror for long posts (third-party "
                          "evidence; off by default)."),
        click.option("--fxtwitter-url", metavar="URL", help="Base URL of that mirror."),
        click.option("--media/--no-media", "fetch_media", default=None,
                     help="Download photos and video posters (default on)."),
        click.option("--host-delay", type=float, metavar="SECONDS",
                     help="Seconds between requests to one host (default 1)."),
        click.option("--workers", type=Count(), metavar="N",
                     help="Articles at once (default 8)."),
    ]):
        command = option(command)
    return command


render_option = click.option(
    "--render", is_flag=True,
    help="Also load each page in headless Chromium (the system's, found on PATH) and find "
         "the posts its scripts insert.")
render_loopback_option = click.option(
    "--render-loopback-only", "render_loopback_only", is_flag=True, default=None,
    help="A rendered page reaches 127.0.0.0/8 and ::1 only; every other request it makes "
         "is refused (also ARCHIVER_RENDER_LOOPBACK_ONLY=1).")


FORMATS = ("table", "json", "csv")


def limit_option(what: str, *, default: int | None = None, extra: str = ""):
    """--limit N, the one meaning it has everywhere: at most N rows (or posts)."""
    return click.option("--limit", type=Count(), metavar="N",
                        default=default, show_default=default is not None,
                        help=f"{extra}{'at' if extra else 'At'} most N {what}.")


def format_options(what: str):
    """--format table|json|csv and its short form --json, on every command that lists
    rows; the command reads them with _format()."""
    def decorate(command):
        command = click.option("--json", "as_json", is_flag=True,
                               help="Short for --format json.")(command)
        return click.option(
            "--format", "fmt", type=click.Choice(FORMATS), default=None,
            help=f"table (default), json (one object per line per {what}) or csv (a header "
                 "row, then one row per " + what + ").")(command)
    return decorate


def _format(fmt: str | None, as_json: bool) -> str:
    if as_json and fmt not in (None, "json"):
        _fail(f"--json is short for --format json: it cannot go with --format {fmt}", 2)
    return "json" if as_json else fmt or "table"


def _csv_cell(value) -> str:
    """A value as one CSV cell: lists as their items separated by spaces (one a line when
    an item holds a space or a line break itself: a run's errors), a list of objects and
    an object as JSON, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        if any(isinstance(item, (dict, list, tuple)) for item in value):
            return json.dumps(value, ensure_ascii=False)
        items = ["" if item is None else str(item) for item in value]
        spaced = any(not item or any(c.isspace() for c in item) for item in items)
        return ("\n" if spaced else " ").join(items)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _json_line_encoder():
    """What encodes one row as a JSON line, as json.dumps(row, ensure_ascii=False) does.
    JSONEncoder.encode builds its C encoder anew for every call: on a page of thousands
    of posts that was 40% of the lines' cost (bench/extract.py's CLI part), so the C
    encoder is built once where this Python has it."""
    base = json.JSONEncoder(ensure_ascii=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return base.encode
    encode = make(None, base.default, json.encoder.encode_basestring, None,
                  base.key_separator, base.item_separator, False, False, True)
    return lambda row: "".join(encode(row, 0))


_JSON_LINE = _json_line_encoder()


def _print_rows(rows, fmt: str, columns: list[str] | None = None, *,
                header: bool = True) -> None:
    """Rows (dicts) as JSON lines, or as CSV under `columns` (default: the first row's
    keys), with the header row unless `header` is false. One write for them all."""
    if fmt == "json":
        text = "\n".join(map(_JSON_LINE, rows))
        if text:
            click.echo(text)
        return
    rows = list(rows)
    columns = columns or (list(rows[0]) if rows else None)
    if not columns:
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(columns)
    writer.writerows([_csv_cell(row.get(name)) for name in columns] for row in rows)
    click.echo(buffer.getvalue(), nl=False)


def _check_render(renderer: Renderer) -> None:
    """Exit 2 with one line when rendering cannot work here."""
    try:
        renderer.check()
    except RenderUnavailable as exc:
        _fail(str(exc), 2)


def _settings(**options) -> Settings:
    """The settings: defaults < the --config file (or ARCHIVER_CONFIG) < the environment
    < these options (None: not given)."""
    context = click.get_current_context(silent=True)
    config = context.meta.get("archiver.config") if context is not None else None
    try:
        return load_settings(config, **options)
    except UsageError as exc:
        _fail(_as_option_error(str(exc), options, context), 2)


def _as_option_error(message: str, options: dict, context) -> str:
    """A setting's error (`setting NAME: …`) about a value given on the command line is
    said of the option the user typed, as click says its own: `Invalid value for
    '--recheck-after': -5.0 is below its least value, 0 (see archiver verify --help)`.
    (An option's value wins over the environment and the file: it is the one checked.)"""
    name, _, rest = message.removeprefix("setting ").partition(": ")
    if not message.startswith("setting ") or options.get(name) is None or context is None:
        return message
    param = next((p for p in context.command.params if p.name == name), None)
    if param is None or not getattr(param, "opts", None):
        return message
    option = max(param.opts, key=len)
    return f"Invalid value for '{option}': {rest} (see archiver {context.info_name} --help)"


def _fail(message: str, code: int = 1) -> NoReturn:
    """Stop with one line on stderr: exit status 1 (Failure) or 2 (BadUsage)."""
    raise BadUsage(message) if code == 2 else Failure(message)


def article_named(value: str | None) -> str | None:
    """The articles.url an --article option (or report's argument) names: what `archive`
    took — an http(s) URL as given, a saved page's path, relative or absolute, or its
    file:// URL, as the file:// URL archive stored it under (pipeline.article_url)."""
    if value is None or value == "-" or is_url(value):
        return value
    return article_url(value)


def no_article(value: str, url: str) -> str:
    """The line for an --article that names nothing archived: what was given, and the
    URL it was looked up as when that differs."""
    return f"no archived article {value}" + (f" (looked up as {url})" if url != value else "")


def _open(db_path: str, *, create: bool = True):
    """The archive for a command that writes, migrated; created only when `create` (the
    commands that start an archive: archive, run, demo)."""
    from .store import open_archive

    try:
        return open_archive(db_path, create=create)
    except ArchiverError as exc:
        _fail(str(exc))


def _open_read(db_path: str):
    """The archive for a command that only reads: read-only, never created or migrated."""
    from .store import open_archive_read_only

    try:
        return open_archive_read_only(db_path)
    except ArchiverError as exc:
        _fail(str(exc))


verbose_help = "Say what happens: log it to stderr (and `run` prints its summary)."


def _verbose_given(ctx: click.Context, value: bool) -> bool:
    """-v/--verbose, before the command's name or after it: remembered for the whole
    command line (`_verbose()`), and the log goes to stderr from here on."""
    if value:
        ctx.meta["archiver.verbose"] = True
        _log_to_stderr(True)
    return value


def _verbose() -> bool:
    """Whether -v/--verbose was given, before the command's name or after it."""
    context = click.get_current_context(silent=True)
    return bool(context is not None and context.meta.get("archiver.verbose"))

_stderr_log: logging.Handler | None = None


def _log_to_stderr(verbose: bool) -> None:
    """Warnings on stderr, and with `verbose` everything logged. Warnings are shown
    without -v: they say what was not read (a page nested past the parser's depth, a page
    that could not be read for posts), never noise. The handler's own level keeps a more
    talkative logger (run --log raises `archiver` to INFO for its file) off stderr.
    Where logging is set up already (a test harness), it is left as it is."""
    global _stderr_log
    root = logging.getLogger()
    if _stderr_log is None:
        if root.handlers:
            return
        logging.basicConfig()
        _stderr_log = root.handlers[0]
    level = logging.INFO if verbose else logging.WARNING
    root.setLevel(level)
    _stderr_log.setLevel(level)
    _stderr_log.setFormatter(logging.Formatter(
        "%(levelname)s %(name)s: %(message)s" if verbose
        else "archiver: %(levelname)s: %(message)s"))


@click.group(cls=ArchiverGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="archiver")
@click.option("-v", "--verbose", is_flag=True, help=verbose_help)
def cli(verbose: bool) -> None:
    """Archive and verify the X posts that news articles quote."""
    _log_to_stderr(verbose)
    _verbose_given(click.get_current_context(), verbose)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@format_options("post")
@click.option("--allow-private", is_flag=True, default=None,
              help="Fetch private and loopback addresses too (also ARCHIVER_ALLOW_PRIVATE=1).")
@render_option
@render_loopback_option
@config_option
def extract(sources: tuple[str, ...], fmt, as_json: bool, allow_private, render: bool,
            render_loopback_only) -> None:
    """Print the X posts each page embeds or links (no archive is written).

    SOURCES are URLs, saved pages, or - for plain text on stdin. With --render, the posts
    found only after the page's scripts ran follow the others ("rendered": true in JSON).
    """
    fmt = _format(fmt, as_json)
    failed = False
    settings = _settings(allow_private=allow_private, render_loopback_only=render_loopback_only)
    renderer = http = None
    if render:
        from .render import Renderer

        renderer = Renderer.from_settings(settings)
        _check_render(renderer)
    if any(map(is_url, sources)):
        from .http import Http

        http = Http.from_settings(settings)
    try:
        for index, source in enumerate(sources):
            failed |= _extract_one(source, http, renderer, fmt, header=index == 0)
    except RenderUnavailable as exc:  # Chromium is there but will not start
        _fail(str(exc), 2)
    finally:
        if renderer is not None:
            renderer.close()
    sys.exit(1 if failed else 0)


def _extract_one(source: str, http, renderer: Renderer | None, fmt: str, *,
                 header: bool) -> bool:
    """Print one source's posts (CSV: under one header row, written with the first
    source's); True when it failed (one line on stderr)."""
    from .models import EMBED_JSON_KEYS

    failed = False
    columns = list(EMBED_JSON_KEYS) + (["rendered"] if renderer is not None else [])
    fetch = load(source, http)
    if not fetch.ok:
        click.echo(f"archiver: {fetch.detail}", err=True)
        if fmt == "csv" and header:
            _print_rows([], fmt, columns)
        return True
    page = extract_source(source, fetch, markup=False)  # no format shows the markup
    if renderer is not None and renderable(source, fetch):
        from .pipeline import render_source  # the browser's start dwarfs the import

        result, combined = render_source(renderer, source, fetch, page)
        if combined is None:
            click.echo(f"archiver: {result.detail or result.error}", err=True)
            failed = True
        else:
            page = combined
    if fmt == "table":
        _print_embed_table(source, page.embeds)
    else:  # one write: a page may hold thousands of posts
        _print_rows((embed.to_json() for embed in page.embeds), fmt, columns, header=header)
    return failed


def failure_line(report, line: str) -> str:
    """One failure of an archived source, named by its source once (a render's failure
    and a fetch's own line, "x.pdf: not an HTML or text page", name it already)."""
    if line == report.render_failure or line.startswith(f"{report.source}: "):
        return line
    return f"{report.source}: {line}"


def _clip(value, width: int) -> str:
    """A table's cell: one line, its control characters shown (terminal.shown: click
    would strip a page's ESC sequences from a pipe, leaving two sides alike), cut to
    `width` terminal columns (a Chinese character takes two)."""
    text = "" if value is None else terminal.shown(str(value).replace("\n", " "))
    return text if terminal.columns(text) <= width else terminal.fit(text, width).rstrip(" ")


def _shown_texts(rows: list[dict]) -> list[dict]:
    """Rows for a table: X's text, or for a post X never served the article's quote,
    labelled as such (never passed off as the post's own words); X's cut copy of a long
    post labelled as cut (never passed off as the whole post)."""
    shown = [{**row, "text": (f"[cut by X] {row['text']}" if row.get("text_cut")
                              else row["text"]) if row.get("text") is not None else
              (f"[as quoted] {row['article_text']}" if row.get("article_text") else None)}
             for row in rows]
    for row in shown:  # a post edited since: which post its words are now
        if row.get("edited_to") and row.get("text") is not None:
            row["text"] = f"[edited since: {row['edited_to']}] {row['text']}"
    return shown


def _print_table(rows: list[dict], columns: list[tuple[str, int]]) -> None:
    widths = {
        name: min(limit, max([len(name)] + [terminal.columns(_clip(r.get(name), limit))
                                            for r in rows]))
        for name, limit in columns
    }
    click.echo("  ".join(name.ljust(widths[name]) for name, _ in columns).rstrip())
    click.echo("  ".join("-" * widths[name] for name, _ in columns))
    for row in rows:
        click.echo(
            "  ".join(terminal.fit(_clip(row.get(name), widths[name]), widths[name])
                      for name, _ in columns).rstrip()
        )


def _print_embed_table(source: str, embeds) -> None:
    click.echo(f"{source}: {len(embeds)} post{'s' if len(embeds) != 1 else ''}")
    if not embeds:
        return
    rows = [
        {**e.to_json(), "positions": ",".join(map(str, e.positions)),
         "media": len(e.media) or "", "rendered": "yes" if e.rendered else ""}
        for e in embeds
    ]
    columns = [("positions", 9), ("kind", 5), ("post_id", 19), ("handle", 16), ("date", 10),
               ("media", 5), ("text", 50)]
    if any(e.rendered for e in embeds):  # found only after rendering (--render)
        columns.insert(2, ("rendered", 8))
    _print_table(rows, columns)
    click.echo("")


@cli.command()
@click.argument("sources", nargs=-1)
@click.option("--warc", "from_warc", is_flag=True,
              help="SOURCES are WARC/ARC files: archive the pages captured in them, with the "
                   "capture's date, status, headers and bytes, without fetching them.")
@click.option("--storage-options", metavar="JSON",
              help="With --warc: fsspec options for SOURCES that are URLs (s3://…), as "
                   "JSON, as `scan` takes them.")
@click.option("--from-scan", "scan_dir", metavar="DIR",
              help="Instead: ask X about the distinct posts `archiver scan` found (its "
                   "--out), most embedded first.")
@limit_option("posts", extra="With --from-scan: ")
@db_option
@network_options
@render_option
@render_loopback_option
def archive(sources: tuple[str, ...], from_warc: bool, storage_options, scan_dir, limit,
            db_path, render: bool, **options) -> None:
    """Archive articles: the page, its embeds, each post as X serves it, its images.

    SOURCES are URLs, saved pages, or - for plain text on stdin. Prints one line per
    article. Archiving an unchanged page again adds nothing; a changed page adds a new
    fetch and new versions; what failed before (posts X did not answer for, images) is
    tried again. With --render, a new or changed page is also rendered in Chromium and
    the DOM stored as its own fetch, with the posts found only there.
    """
    from .render import Renderer

    settings = _settings(db_path=db_path, **options)
    if scan_dir is not None:
        from .warc.cli import archive_from_scan, require_extra

        if sources or from_warc or render:
            _fail("--from-scan takes no SOURCES, --warc or --render", 2)
        require_extra("archive --from-scan", ("pyarrow", "fsspec"))
        from .warc.scan import require_scan_output

        require_scan_output(scan_dir)  # before an archive is started for nothing
        db = _open(settings.db_path)
        failed = archive_from_scan(db, settings, scan_dir, limit)
        _print_head(db)
        sys.exit(1 if failed else 0)
    if not sources:
        _fail("give the articles to archive (URLs, files, - for stdin), or --from-scan DIR", 2)
    if storage_options and not from_warc:
        _fail("--storage-options goes with --warc", 2)
    if from_warc and render:
        # a browser would fetch the page's scripts and images from its servers, and the
        # captured pages are never fetched again
        _fail("--render does not go with --warc: a captured page is archived as captured, "
              "and rendering it would ask its servers for its scripts", 2)
    if from_warc:
        from .warc.cli import parse_storage_options, require_extra

        require_extra("archive --warc", ("fastwarc", "warcio", "fsspec"))
        storage_options = parse_storage_options(storage_options)
    if render:
        _check_render(Renderer.from_settings(settings))
    db = _open(settings.db_path)
    if from_warc:
        from .warc.cli import archive_warc

        failed, tally = archive_warc(db, settings, sources, render=render,
                                     storage_options=storage_options)
    else:
        failed, tally = _archive_all(db, settings, sources, render=render)
    # as the demo says it: pages found unchanged leave nothing new to verify
    click.echo(tally.summary() if tally.total else "verified nothing new")
    _print_head(db)
    sys.exit(1 if failed else 0)


def _archive_all(db, settings: Settings, sources, http: Http | None = None, *,
                 render: bool = False):
    """Archive (and verify) every source, one line each; (anything failed?, verdicts)."""
    from .pipeline import Archiver, archive_sources
    from .verification import Tally

    failed = False
    refused = [(source, unreadable(source)) for source in sources]
    for _source, why in refused:
        if why:  # never an article row for ftp:, javascript: and the like
            click.echo(f"archiver: {why}", err=True)
            failed = True
    sources = [source for source, why in refused if not why]
    archiver = Archiver.from_settings(db, settings, http, render=render)
    tally = Tally()
    show_bar = sys.stderr.isatty() and len(sources) > 1
    bar = click.progressbar(length=len(sources), label="archiving",
                            file=terminal.raw_stderr(sys)) if show_bar else None
    # Sources whose every stage is done and stored (in any order; in the workers' threads):
    # never one an interrupt cut short, which stored nothing of what it was doing.
    finished, counting = [0], threading.Lock()

    def on_done(_report) -> None:
        with counting:
            finished[0] += 1
        if bar is not None:
            bar.update(1)

    reports = archive_sources(archiver, sources, workers=settings.workers, on_done=on_done)
    try:
        for report in reports:
            if report.error:
                click.echo(f"archiver: {report.fetch.detail}", err=True)
                failed = True
                continue
            click.echo(report.summary())
            tally.add(report.verdicts)
            # Each post, image or render that failed, with its reason (the summary line
            # only counts them): an outage, a bad answer, a refused image, a bug of ours.
            for line in report.failures:
                click.echo(f"archiver: {failure_line(report, line)}", err=True)
                failed = True
    except ArchiveWriteError as exc:  # a full disk: what was stored stays, the rest waits
        reports.close()  # the workers stopped and waited for: the count is final
        if bar is not None:
            bar.render_finish()
            bar = None
        advice = {"read_only": "make it writable, or archive into another --db",
                  "folder": "make its folder writable"}.get(exc.kind, "make room")
        raise Failure(f"{exc}; {finished[0]} of {counted(len(sources), 'source')} archived "
                      f"and kept, the rest not ({advice}, then run the same command "
                      "again)") from exc
    except (KeyboardInterrupt, InterruptedWork):
        # The workers are stopped and waited for first: the count is then final, and
        # counts only the sources whose archive completed.
        reports.close()
        if bar is not None:
            bar.render_finish()
            bar = None
        raise Interrupted(  # (the finally below closes the browser)
            f"{finished[0]} of {counted(len(sources), 'source')} archived and kept; the rest "
            "not finished (the archive is consistent: run the same command again to go on)"
        ) from None
    finally:
        reports.close()
        archiver.close()
        if bar is not None:
            bar.render_finish()
    return failed, tally.settle(db)


@cli.command()
@click.option("--handle", help="Author handle, any case, with or without @.")
@click.option("--date", "on_date", metavar="YYYY-MM-DD", help="Posts of this day.")
@click.option("--since", metavar="YYYY-MM-DD", help="Posts of this day or later.")
@click.option("--until", metavar="YYYY-MM-DD", help="Posts of this day or earlier.")
@click.option("--search", metavar="WORDS", help="Words in the text (Arabic, Turkish aware).")
@limit_option("posts")
@format_options("post")
@db_option
@config_option
def posts(handle, on_date, since, until, search, limit, fmt, as_json, db_path) -> None:
    """Look up archived posts by handle, date and words, newest first."""
    from .store import POST_COLUMNS, find_posts
    from .store import normal_handle, parse_date

    fmt = _format(fmt, as_json)
    try:  # bad usage is said before the archive is looked for
        for name, value in (("--date", on_date), ("--since", since), ("--until", until)):
            parse_date(value, name)
    except UsageError as exc:
        _fail(str(exc), 2)
    # A range no day is in is a mistake, not "0 posts".
    for (low_name, low), (high_name, high) in ((("--since", since), ("--until", until)),
                                               (("--since", since), ("--date", on_date)),
                                               (("--date", on_date), ("--until", until))):
        if low and high and parse_date(low) > parse_date(high):
            _fail(f"{low_name} {low} is after {high_name} {high}: no day is both", 2)
    if handle is not None:
        if not normal_handle(handle):
            _fail(f"--handle {handle!r} names no handle", 2)
        handle = normal_handle(handle)
    db = _open_read(_settings(db_path=db_path).db_path)
    try:
        # one row more than asked for: whether --limit cut the list is then known
        rows = find_posts(db, handle=handle, date=on_date, since=since, until=until,
                          search=search, limit=limit + 1 if limit else None)
    except UsageError as exc:
        _fail(str(exc), 2)
    cut = bool(limit) and len(rows) > limit
    rows = rows[:limit] if cut else rows
    failing = _texts_failing_chain(db, rows)
    if fmt != "table":
        _print_rows(rows, fmt, list(POST_COLUMNS))
    else:
        _print_table(_shown_texts(rows), [("post_id", 19), ("handle", 16), ("date", 10),
                                          ("status", 12), ("reason", 8), ("media", 5),
                                          ("articles", 8), ("misquoted", 9),
                                          ("text", 50)])
        more = f" (the first {limit}: --limit cut the list; a higher one shows more)" \
            if cut else ""
        click.echo(f"{len(rows)} post{'s' if len(rows) != 1 else ''}{more}")
    if handle and rows:  # found under the handle the account has now
        now = sorted({name for (name,) in db.execute(
            "SELECT DISTINCT a.handle FROM authors a JOIN author_handles h ON h.author_id = a.id"
            " WHERE h.handle = ? COLLATE NOCASE AND a.handle IS NOT NULL", [handle])})
        moved = [name for name in now if name.lower() != handle.lower()]
        if moved and len(moved) == len(now):
            click.echo(f"archiver: @{handle} is a handle the same account had before: it is now "
                       + ", ".join(f"@{name}" for name in moved), err=True)
        elif moved:  # another account took the handle the first gave up: both are listed
            click.echo(f"archiver: @{handle} is also a handle another account had before: "
                       "that account is now " + ", ".join(f"@{name}" for name in moved),
                       err=True)
    if not rows and search is not None and handle is None:
        _say_handle_searched(db, search, on_date, since, until)
    if failing:
        for line in failing:
            click.echo(f"archiver: {line}", err=True)
        sys.exit(1)


def _texts_failing_chain(db, rows: list[dict]) -> list[str]:
    """What a listing of posts would show from rows that no longer match the evidence
    chain (X's newest copy edited since it was stored, an article's quote of a post X never
    served, a verdict the misquote count is read from) or from a status its newest status
    change does not say: each such value is taken out of its row (None), and one line says
    why. Nothing is shown from a row that fails its hash."""
    from .store import listed_posts_evidence, newest_status_changes, rows_failing_chain

    by_post = {row["post_id"]: row for row in rows if row.get("post_id")}
    if not by_post:
        return []
    evidence = listed_posts_evidence(
        db, list(by_post), {post: row["article_text"] for post, row in by_post.items()
                            if row.get("article_text") is not None})
    lines = []
    for problem in rows_failing_chain(db, {table: set(keys)
                                           for table, keys in evidence.items()}):
        post = evidence[problem.table].get(int(problem.key))
        column, said = {"post_versions": ("text", f"the text of post {post}"),
                        "embeds": ("article_text", f"the text of post {post}")}.get(
            problem.table, ("misquoted", f"how many articles misquote post {post}"))
        if post in by_post:
            by_post[post][column] = None
        lines.append(f"{problem.table} {problem.key} does not match its hash in the evidence "
                     f"chain ({problem.kind.replace('_', ' ')}): {said} is not shown; run "
                     "`archiver check`")
    for post, newest in newest_status_changes(db, list(by_post)).items():
        row = by_post[post]
        if row["status"] != newest:  # posts.status is derived from its newest change
            lines.append(f"posts {post}: status {row['status']}, but its newest status change "
                         f"says {newest}: its status is not shown; run `archiver check`")
            row["status"] = row["reason"] = None
    return lines


def _say_handle_searched(db, search: str, on_date, since, until) -> None:
    """A search that found nothing, for words that name a handle the archive has posts by
    (`PortAuthorityX`, `@portauthorityx`): one line on stderr with the command that lists
    them (with the same dates), as the web search says it."""
    from .store import find_posts
    import re
    import shlex

    found = re.fullmatch(r"\s*@?([A-Za-z0-9_]{1,15})\s*", search)
    if not found:
        return
    by = find_posts(db, handle=found.group(1), date=on_date, since=since, until=until)
    if not by:
        return
    name = by[0]["handle"]
    dates = [f"{option} {value}" for option, value in (("--date", on_date), ("--since", since),
                                                       ("--until", until)) if value]
    click.echo(f"archiver: @{name} is a handle the archive has: {counted(len(by), 'post')}; "
               f"search is of the posts' words: archiver posts --handle "
               f"{' '.join([shlex.quote(name), *dates])}", err=True)


@cli.command()
@click.option("--article", "article_url", metavar="URL", help="Only this article.")
@click.option("--post", "post_id", metavar="ID", help="Only embeds of this post.")
@click.option("--since", metavar="YYYY-MM-DD", help="Only articles fetched since this day.")
@click.option("--recheck", is_flag=True,
              help="First ask X again about posts last checked longer ago than "
                   "--recheck-after hours, so deletions and edits show as new verdicts.")
@click.option("--recheck-after", "recheck_after_hours", type=float, metavar="HOURS",
              help="Age that makes a post due for --recheck (default 24).")
@format_options("verdict")
@click.option("--integrity", is_flag=True,
              help="Moved to `archiver check` (this spelling still works): check the archive "
                   "itself instead.")
@db_option
@network_options
def verify(article_url, post_id, since, recheck, recheck_after_hours, fmt, as_json, integrity,
           db_path, **options) -> None:
    """Check each embed against what X served: one verdict, every finding, the diff.

    Every check adds a row to `verifications`; earlier verdicts stay. The archive's own
    check, once `verify --integrity`, is `archiver check`.
    """
    from .pipeline import Archiver

    fmt = _format(fmt, as_json)
    if integrity:
        _check_integrity(_settings(db_path=db_path).db_path, fmt)
        return
    from datetime import datetime, timedelta, timezone

    from .pipeline import recheck_posts
    from .store import (embeds_to_verify, has_article, has_post, never_read, parse_date,
                        posts_due_for_recheck, stored_article_url)
    from .verification import Tally, check_prose_quotes, verify_archive

    if recheck_after_hours is not None and not recheck:
        _fail("--recheck-after says when a post is due for --recheck: it needs --recheck", 2)
    settings = _settings(db_path=db_path, recheck_after_hours=recheck_after_hours, **options)
    try:  # bad usage is said before the archive is looked for
        parse_date(since, "--since")
    except UsageError as exc:
        _fail(str(exc), 2)
    if post_id is not None and "/" in post_id:
        # a post's address pasted from X names it
        from .ids import parse_post_id

        post_id = parse_post_id(post_id) or _fail(
            f"--post {post_id!r} names no post: give its id or its address on X", 2)
    db = _open(settings.db_path, create=False)  # verifying never starts an archive
    # An article or post not archived is said, as `report` and `export-warc` say it, not
    # passed over as "nothing to check". A saved page is named as `archive` was given it.
    given, article_url = article_url, article_named(article_url)
    if article_url is not None and not has_article(db, article_url):
        _fail(no_article(given, article_url))
    if article_url is not None:  # (an address the article was also reached by names it)
        article_url = stored_article_url(db, article_url)
    unread = never_read(db, article_url) if article_url is not None else None
    if unread is not None:  # (its posts are not known: not "nothing to check")
        _fail(f"{given}: never read ({unread}): what it shows is not known")
    if post_id is not None and not has_post(db, post_id.strip()):
        _fail(f"no archived post {post_id}")
    post_id = post_id.strip() if post_id is not None else None
    failed = False
    try:
        if recheck:
            embeds = embeds_to_verify(db, article_url=article_url, post_id=post_id, since=since)
            cutoff = (datetime.now(timezone.utc) - timedelta(hours=settings.recheck_after_hours)
                      ).strftime("%Y-%m-%dT%H:%M:%SZ")
            due = posts_due_for_recheck(db, cutoff, {e["post_id"] for e in embeds if e["has_x_id"]})
            if due:
                archiver = Archiver.from_settings(db, settings)
                archiver.verify = False  # verified below, with everything else asked for
                answered = 0
                for recorded in recheck_posts(archiver, due, workers=settings.workers):
                    answered += recorded.answered
                    for line in recorded.problems:  # an outage, a bad answer, an image
                        click.echo(f"archiver: {line}", err=True)
                        failed = True
                if fmt == "table":
                    said = counted(len(due), "post")
                    click.echo(f"re-checked {said} with X" if answered == len(due) else
                               f"asked X about {said}: {answered} answered, "
                               f"{len(due) - answered} did not (said above)")
        checked_at = utc_now()
        refused = []  # rows that no longer match the chain: not used, said, exit 1
        results = verify_archive(db, article_url=article_url, post_id=post_id, since=since,
                                 checked_at=checked_at, refused=refused)
        for refusal in refused:
            click.echo(f"archiver: {refusal.line()}", err=True)
            failed = True
        prose_refused = []
        claims = check_prose_quotes(db, article_url=article_url, post_id=post_id, since=since,
                                    checked_at=checked_at, refused=prose_refused)
        for refusal in prose_refused:
            click.echo(f"archiver: {refusal.line()}", err=True)
            failed = True
    except UsageError as exc:
        _fail(str(exc), 2)
    if fmt != "table":
        rows = [{"type": "embed", **{k: result[k] for k in VERDICT_KEYS}} for result in results]
        rows += [{"type": "prose_quote", **{k: claim[k] for k in CLAIM_KEYS}} for claim in claims]
        # JSON: each row with its own keys; CSV: every key of either kind, empty where
        # a row has none.
        _print_rows(rows, fmt, ["type", *dict.fromkeys(VERDICT_KEYS + CLAIM_KEYS)])
        sys.exit(1 if failed else 0)
    by_article: dict[str, list] = {}
    for claim in claims:
        by_article.setdefault(claim["article_url"], []).append(claim)
    article = None
    for index, result in enumerate(results):
        if result["article_url"] != article:
            article = result["article_url"]
            click.echo(article)
        who = f"@{result['handle']}" if result["handle"] else ""
        reason = result["details"].get(result["verdict"], "")
        click.echo(f"  {result['post_id'] or '(no id)':19} {who:17} {result['verdict']:16} {reason}")
        if result["verdict"] == "altered" and result["diff"]:
            click.echo(f"  {'':19} {'':17} {'':16} {_changes(result['diff'])}")
        for extra in result["findings"][1:]:
            click.echo(f"  {'':19} {'':17} {'+ ' + extra:16} {result['details'].get(extra, '')}")
            if extra == "altered" and result["diff"]:
                click.echo(f"  {'':19} {'':17} {'':16} {_changes(result['diff'])}")
        last = index + 1 == len(results) or results[index + 1]["article_url"] != article
        for claim in by_article.get(article, []) if last else ():
            click.echo(f"  quote in prose, @{claim['handle']}: “{_clip(claim['quote'], 60)}”")
            click.echo(f"  {'':19} {'':17} {claim['result']:16} {claim['detail']}")
    # an altered quote in an article's prose is a misquote too, counted and said apart
    left_out = sum(refusal.embeds for refusal in refused)
    if results or claims:
        click.echo(Tally().add(results).add_claims(claims).summary())
    elif left_out:
        click.echo(f"nothing verified: {counted(left_out, 'embed')} left out, on rows that no "
                   "longer match their hash (said above)")
    else:
        click.echo("nothing to check")
    _print_head(db)
    sys.exit(1 if failed else 0)


#: How many of an altered quote's changes the verify table shows, and how much of each side.
_CHANGES_SHOWN, _CHANGE_WIDTH = 3, 30


def _changes(diff) -> str:
    """An altered quote's first changes, in one line under its verdict: `X “fast” →
    article “slowly”` (X's words, then the article's), `article adds “…”`, `article drops
    “…”`, then how many more. The words "X" and "article" stand between the two sides, so
    a terminal that lays out right-to-left text keeps them in this order (two Arabic
    words with only quotes and an arrow between them would be read as one right-to-left
    run, and shown swapped); a line break shows as ↵."""
    def words(text: str) -> str:
        return "“" + _clip(text, _CHANGE_WIDTH) + "”"

    shown = []
    for change in diff[:_CHANGES_SHOWN]:
        quote, post = (_one_line(change.get(side) or "") for side in ("quote", "post"))
        if quote and post:
            post, quote = _where_they_differ(post, quote)
            shown.append(f"X {words(post)} → article {words(quote)}")
        elif quote:
            shown.append(f"article adds {words(quote)}")
        else:
            shown.append(f"article drops {words(post)}")
    more = len(diff) - len(shown)
    return "; ".join(shown) + (f"; {more} more change{'s' if more != 1 else ''} in --json"
                               if more > 0 else "")


def _one_line(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "↵")


#: Characters kept on each side of what differs, when two long sides are cut to it.
_CHANGE_CONTEXT = 8


def _where_they_differ(post: str, quote: str) -> tuple[str, str]:
    """Two sides too long for the line, cut to where they differ: what they begin and
    end with alike is left out ("…Demolition2025" → "…Demolition2026"), so that the cut
    never leaves two same-looking sides."""
    if len(post) <= _CHANGE_WIDTH and len(quote) <= _CHANGE_WIDTH:
        return post, quote
    shortest = min(len(post), len(quote))
    head = 0
    while head < shortest and post[head] == quote[head]:
        head += 1
    tail = 0
    while tail < shortest - head and post[-1 - tail] == quote[-1 - tail]:
        tail += 1
    from .verify import within_cluster

    start = max(0, head - _CHANGE_CONTEXT)
    while start and within_cluster(post, start):  # never a lone mark or half an emoji
        start -= 1
    drop_end = max(0, tail - _CHANGE_CONTEXT)
    while drop_end and within_cluster(post, len(post) - drop_end):
        drop_end -= 1

    def cut(text: str) -> str:
        end = len(text) - drop_end
        return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")

    return cut(post), cut(quote)


#: The keys of `verify --format json|csv`: an embed's verdict, a quote in prose.
VERDICT_KEYS = ("article_url", "post_id", "verdict", "findings", "score", "diff", "checked_at",
                "details", "embed_id")
CLAIM_KEYS = ("article_url", "handle", "quote", "result", "post_id", "score", "detail",
              "sentence", "checked_at")


def _print_verdicts(db) -> None:
    """The latest verdict on each embed of each article's current copy, one line each."""
    from .store import latest_claims, latest_verdicts

    claims: dict[str, list] = {}
    for claim in latest_claims(db):
        claims.setdefault(claim["article_url"], []).append(claim)

    def prose(url) -> None:  # an article's quotes in its own prose, after its embeds
        for claim in claims.pop(url, ()):
            click.echo(f"    quote in prose, @{claim['handle']}: “{_clip(claim['quote'], 60)}”")
            click.echo(f"    {'':19} {'':17} {claim['result']:16} {_clip(claim['detail'], 70)}")

    article = None
    for row in latest_verdicts(db):
        if row["article_url"] != article:
            if article is not None:
                prose(article)
            article = row["article_url"]
            click.echo(f"  {_clip(article, 100)}")
        who = f"@{row['handle']}" if row["handle"] else ""
        click.echo(f"    {row['post_id'] or '(no id)':19} {who:17} {row['verdict']:16} "
                   f"{_clip(row['reason'] or '', 70)}")
        if row["verdict"] == "altered" and row["diff"]:
            click.echo(f"    {'':19} {'':17} {'':16} {_changes(row['diff'])}")
    if article is not None:
        prose(article)


def _print_head(db) -> None:
    from .store import chain_head

    seq, sha = chain_head(db)
    click.echo(f"evidence chain head: #{seq} {sha}")


@cli.command()
@format_options("problem")
@click.option("--manifest", "manifest_path", type=click.Path(dir_okay=False, exists=True),
              metavar="FILE", help="Also compare the chain with a manifest exported earlier "
                                   "(export-manifest): only that shows its newest rows "
                                   "removed, or the chain rewritten from a row on.")
@db_option
@config_option
def check(fmt, as_json, manifest_path, db_path) -> None:
    """Check the archive itself: every evidence hash and the chain, what is derived from
    them, SQLite's quick_check, the search indexes and the stored time-stamps; name each
    row that no longer matches (exit status 1 if any). Read-only. With json or csv, a row
    per problem ("type": "problem"), then the result ("type": "result": intact or not,
    the evidence rows and bytes checked, the chain head)."""
    manifest = None
    if manifest_path:
        try:
            with open(manifest_path, encoding="utf-8") as stream:
                manifest = json.load(stream)
        except UnicodeDecodeError:
            raise UsageError(f"{manifest_path} is not an evidence manifest (not UTF-8 JSON)") \
                from None
        except json.JSONDecodeError as exc:
            raise UsageError(f"{manifest_path} is not an evidence manifest (not JSON: "
                             f"{exc.msg} at line {exc.lineno})") from None
        except OSError as exc:
            raise UsageError(f"cannot read the manifest {manifest_path}: "
                             f"{exc.strerror or exc}") from None
        if not isinstance(manifest, dict):
            raise UsageError(f"{manifest_path} is not an evidence manifest")
    _check_integrity(_settings(db_path=db_path).db_path, _format(fmt, as_json), manifest,
                     manifest_path)


#: The keys of `check --format json|csv`: a problem found, then the check's result.
PROBLEM_KEYS = ("table", "key", "problem", "detail")
CHECK_RESULT_KEYS = ("intact", "rows", "bytes", "head_seq", "head_sha256")


def _check_integrity(db_path: str, fmt: str, manifest: dict | None = None,
                     manifest_path: str | None = None) -> None:
    from .store import check_archive, manifest_problems

    db = _open_read(db_path)
    started = time.perf_counter()
    report = check_archive(db)
    compared = ""
    if manifest is not None:
        try:
            found, compared = manifest_problems(db, manifest)
        except ValueError as exc:
            raise UsageError(f"{manifest_path}: {exc}") from None
        if found:
            report = dataclasses.replace(report, problems=report.problems + tuple(found))
    seconds = time.perf_counter() - started
    if fmt != "table":
        # JSON: each row with its own keys; CSV: the keys of both kinds, empty where a row
        # has none (as verify lists its two kinds of row). The result row comes last, so
        # an intact archive is not an empty listing.
        rows = [{"type": "problem", "table": problem.table, "key": problem.key,
                 "problem": problem.kind, "detail": problem.detail}
                for problem in report.problems]
        rows.append({"type": "result", "intact": report.ok, "rows": report.rows,
                     "bytes": report.bytes, "head_seq": report.head_seq,
                     "head_sha256": report.head_sha256})
        _print_rows(rows, fmt, ["type", *PROBLEM_KEYS, *CHECK_RESULT_KEYS])
    else:
        for problem in report.problems:
            click.echo(problem.line())
        if compared:
            click.echo(compared)
        elif manifest is None and report.ok:
            click.echo("(the chain checks itself, up to its head: its newest rows removed, or "
                       "the chain rewritten from a row on, show only against a manifest "
                       "exported earlier or a time-stamp: archiver check --manifest FILE)")
        verdict = "intact" if report.ok else counted(len(report.problems), "problem")
        if any(problem.kind == "corruption" for problem in report.problems):
            verdict = f"corrupt ({verdict})"
        click.echo(f"{counted(report.rows, 'evidence row')}, {report.bytes / 1e6:.1f} MB hashed in "
                   f"{seconds:.1f} s: {verdict}")
        click.echo(f"evidence chain head: #{report.head_seq} {report.head_sha256}")
        _print_timestamps(db)
    sys.exit(0 if report.ok else 1)


def _print_timestamps(db) -> None:
    import sqlite3

    from .store import timestamps_summary

    try:
        count, newest = timestamps_summary(db)
    except sqlite3.DatabaseError:
        return  # said above, as corruption
    if newest:
        click.echo(f"timestamps: {count}, the newest by {newest['tsa_url']} at "
                   f"{newest['gen_time']} over head #{newest['head_seq']}")


@cli.command()
@click.option("--tsa", "tsa_urls", multiple=True, metavar="URL",
              help="An RFC 3161 time-stamping authority; repeat for several (default "
                   "http://timestamp.digicert.com).")
@click.option("--tsa-ca", type=click.Path(dir_okay=False, exists=True), metavar="PEM",
              help="The CA certificate(s) to trust for the authority, kept with each token "
                   "(default: the usual web trust store).")
@click.option("--allow-private", is_flag=True, default=None,
              help="Reach an authority on a private or loopback address (also "
                   "ARCHIVER_ALLOW_PRIVATE=1).")
@db_option
@config_option
def timestamp(tsa_urls, tsa_ca, allow_private, db_path) -> None:
    """Have a time-stamping authority sign the evidence chain head (RFC 3161), and keep
    its token in the archive; `archiver check` validates every token kept."""
    from .http import Http
    from .store import chain_head
    from .store import record_timestamp
    from .timestamps import DEFAULT_TSA, TimestampError, request_timestamp

    settings = _settings(db_path=db_path, allow_private=allow_private)
    if not Path(settings.db_path).is_file():
        _fail(f"no archive at {settings.db_path}")
    roots = Path(tsa_ca).read_text(encoding="ascii", errors="replace") if tsa_ca else None
    db = _open(settings.db_path)
    seq, head = chain_head(db)
    if seq == 0:
        _fail("the archive holds no evidence yet: there is no chain head to timestamp")
    http = Http.from_settings(settings)
    failed = False
    for url in tsa_urls or (DEFAULT_TSA,):
        try:
            token = request_timestamp(http, url, seq, head, roots)
        except TimestampError as exc:
            click.echo(f"archiver: {exc}", err=True)
            failed = True
            continue
        key = record_timestamp(db, token, utc_now())
        click.echo(f"timestamp {key}: {url} signed head #{seq} {head} at {token.gen_time} "
                   f"(serial {token.serial})")
    _print_head(db)
    sys.exit(1 if failed else 0)


@cli.command(name="export-manifest")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              metavar="FILE", help="Where to write the JSON (default: standard output).")
@db_option
@config_option
def export_manifest(output, db_path) -> None:
    """Write the evidence chain head and every row's hash as JSON, to timestamp anywhere."""
    db = _open_read(_settings(db_path=db_path).db_path)
    # Opened here, as every -o is: a file that cannot be written is one line naming it.
    with click.open_file(output, "w", encoding="utf-8") as stream:
        _write_manifest(db, stream)


def _write_manifest(db, output) -> None:
    from .store import chain_head
    from .store import iter_chain

    db.conn.execute("BEGIN")  # one snapshot: the head is the last row written out
    seq, sha = chain_head(db)
    # Written as json.dump(…, indent=1) writes it, a row at a time: the chain of a large
    # archive is never held in memory.
    head = json.dumps({"format": "x-post-archiver evidence manifest 1", "generated_at": utc_now(),
                       "algorithm": "chain_sha256 = sha256(previous chain_sha256 + row_sha256), "
                                    "the two hashes joined as their 64-character lower-case "
                                    "hex texts, encoded as ASCII, starting from 64 zeros",
                       "head": {"seq": seq, "chain_sha256": sha}, "rows": []}, indent=1)
    output.write(head.removesuffix("[]\n}") + "[")
    separator = "\n  "
    for s_, t, k, r, c in iter_chain(db):
        row = {"seq": s_, "table": t, "key": k, "row_sha256": r, "chain_sha256": c}
        output.write(separator + json.dumps(row, indent=1).replace("\n", "\n  "))
        separator = ",\n  "
    output.write("]\n}\n" if separator == "\n  " else "\n ]\n}\n")
    db.conn.execute("ROLLBACK")


@cli.command()
@click.option("--sources", "sources_path", default="sources.toml", show_default=True,
              type=click.Path(dir_okay=False), help="The sources file (TOML).")
@click.option("--max-duration", type=click.FloatRange(min=1), metavar="SECONDS",
              help="Stop cleanly between articles after this long.")
@click.option("--log", "log_file", type=click.Path(dir_okay=False),
              help="Also log to this file (rotated at 10 MB, 5 kept).")
@db_option
@network_options
@render_loopback_option
def run(sources_path, max_duration, log_file, db_path, **options) -> None:
    """The cron job: archive what the sources list that is new or changed, re-check old
    posts on an age schedule, and record the run.

    Silent on success when not on a terminal (unless --verbose); errors go to stderr, one
    line each. Exit status 0 whenever the run itself worked, even if some URLs failed;
    2 for a bad sources file or settings (or a source with `render = true` and no
    Chromium), 1 when the archive (or its lock file) cannot be opened or written — a full
    disk stops the run, keeping what was stored — or --log cannot be written (the run goes
    on without it).
    """
    from .render import Renderer
    from .store import open_archive
    from .errors import ArchiveOpenError
    from .job import LockUnwritable, RunLocked, run_job
    from .sources import load_sources

    interactive = sys.stderr.isatty()
    # -v means one thing, before the command's name or after it: each article's line and
    # the summary, even when not on a terminal, and the log on stderr.
    run_verbose = _verbose()
    if run_verbose:
        _log_to_stderr(True)
    # The run's own account (its errors and summary) for --log only: stderr has them
    # already, one line each.
    runlog = logging.getLogger("archiver.runlog")
    runlog.propagate = False
    runlog.setLevel(logging.INFO)
    handler = None
    log_unwritable = None
    if log_file:
        try:
            from .runlog import RunLog  # (logging.handlers: for `run --log` alone)

            handler = RunLog(log_file)
        except OSError as exc:
            # said once; the run goes on without its log, and exits 1 (as a log that
            # stops taking writes midway), its runs row saying so
            log_unwritable = (f"--log {log_file}: cannot write there "
                              f"({exc.strerror or exc}); the run goes on")
            click.echo(f"archiver: {log_unwritable}", err=True)
    if handler is not None:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logging.getLogger("archiver").addHandler(handler)
        logging.getLogger("archiver").setLevel(logging.INFO)
        runlog.addHandler(handler)
    else:
        runlog.addHandler(logging.NullHandler())
    click.get_current_context().call_on_close(lambda: _close_run_log(runlog))
    try:
        sources = load_sources(sources_path)
    except UsageError as exc:
        _fail(str(exc), 2)
    settings = _settings(db_path=db_path, **options)
    if any(source.render for source in sources):
        _check_render(Renderer.from_settings(settings))
    try:
        db = open_archive(settings.db_path)
    except ArchiveOpenError as exc:
        _fail(str(exc), 1)
    bar = click.progressbar(length=1, label="archiving",
                            file=terminal.raw_stderr(sys)) if interactive else None
    printed: set[str] = set()

    def on_article(report, error):
        if error:
            click.echo(f"archiver: {error}", err=True)
            runlog.error(error)
            printed.add(error)
        elif run_verbose:
            click.echo(report.summary())
        if bar is not None:
            bar.length = max(bar.length, bar.pos + 2)
            bar.update(1)

    def on_error(error):  # a source's error, said as the source is read
        click.echo(f"archiver: {error}", err=True)
        runlog.error(error)
        printed.add(error)

    try:
        if log_unwritable:
            printed.add(log_unwritable)
        result = run_job(db, settings.db_path, settings, sources, max_duration=max_duration,
                         on_article=on_article, log_error=log_unwritable, on_error=on_error)
    except RunLocked as exc:
        click.echo(f"archiver: another run is in progress ({exc}); nothing done", err=True)
        return
    except KeyboardInterrupt:
        runlog.error("interrupted")
        raise Interrupted("the run stopped; what it archived is kept, its runs row says what "
                          "was done, and the next run goes on from there") from None
    except ArchiveWriteError as exc:  # a full disk
        line = str(exc)
        if not isinstance(exc, LockUnwritable):
            line += ("; the run stopped: what it archived before is kept, the rest is "
                     "left for the next run")
        runlog.error(line)
        _fail(line, 1)
    except ArchiverError as exc:
        _fail(str(exc), 1)
    finally:
        if bar is not None:
            bar.render_finish()
    for error in result.errors:  # the sources' errors, and posts or media that failed
        if error not in printed:
            click.echo(f"archiver: {error}", err=True)
            runlog.error(error)
    for line in result.summary().splitlines():  # each line of the log with its time
        runlog.info(line)
    _close_run_log(runlog)
    if run_verbose or interactive:
        click.echo(result.summary())
        _print_head(db)
    # A log that could not be written was said on stderr at once; the run went on.
    sys.exit(max(result.exit_status,
                 1 if log_unwritable or (handler is not None and handler.failed) else 0))


def _close_run_log(runlog: logging.Logger) -> None:
    """One run's log is that run's: its handler is detached and closed."""
    for attached in list(runlog.handlers):
        runlog.removeHandler(attached)
        logging.getLogger("archiver").removeHandler(attached)
        attached.close()


@cli.command()
@limit_option("runs", default=10)
@format_options("run")
@db_option
@config_option
def runs(limit, fmt, as_json, db_path) -> None:
    """The last runs of the cron job, newest first."""
    from .store import last_runs, run_columns

    fmt = _format(fmt, as_json)
    db = _open_read(_settings(db_path=db_path).db_path)
    rows = last_runs(db, limit)
    if fmt != "table":
        _print_rows(rows, fmt, run_columns(db))  # none: nothing, or the CSV header alone
        return
    if not rows:  # said, as `posts` says "0 posts"
        click.echo("0 runs")
    for row in rows:
        errors = len(row["errors"])
        state = row["stopped_reason"] or "killed or still running"
        if row["finished_at"] is None and row["articles_seen"] is None:
            # a run writes its counts when it ends: a killed one's are not known (its
            # articles are in the archive, and the next run goes on from there)
            click.echo(f"run {row['id']}: {row['started_at']} -> ?  {state}: its counts "
                       "are written when it ends")
            continue
        click.echo(f"run {row['id']}: {row['started_at']} -> {row['finished_at'] or '?'}  "
                   f"{counted(row['articles_seen'] or 0, 'article')} ({row['articles_new'] or 0} "
                   f"new, {row['articles_changed'] or 0} changed, "
                   f"{row['articles_unchanged'] or 0} unchanged, {row['articles_failed'] or 0} "
                   f"failed, {row['articles_deferred'] or 0} deferred), "
                   f"{row['posts_rechecked'] or 0} re-checked, "
                   f"{counted(row['requests'] or 0, 'request')}, {counted(errors, 'error')}, "
                   f"{state}"
                   + (f", exit status {row['exit_status']}" if row["exit_status"] else ""))


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs --public.")
@click.option("-p", "--port", default=8001, show_default=True, type=click.IntRange(1, 65535))
@click.option("--public", is_flag=True,
              help="Allow a --host beyond loopback. Datasette has no login of its own: put "
                   "authentication in front first (see the README).")
@click.option("--immutable", is_flag=True,
              help="Open the file as immutable (faster counts; only when no run writes to it).")
@db_option
@config_option
def serve(host, port, public, immutable, db_path) -> None:
    """Browse the archive with Datasette (read-only): misquotes, articles, posts, search."""
    import os

    from .serve import check_port, check_serving, datasette_command

    settings = _settings(db_path=db_path)
    try:
        check_serving(settings.db_path, host, public)
    except UsageError as exc:
        _fail(str(exc), 2)
    db = _open_read(settings.db_path)
    db.conn.close()
    wal = Path(f"{settings.db_path}-wal")
    if immutable and wal.exists() and wal.stat().st_size:
        _fail(f"--immutable would not see what {wal} holds: serve without it, or once the "
              "writer has finished (SQLite folds the log into the archive then)")
    immutable = immutable or db.immutable  # a read-only folder: see open_archive_read_only
    check_port(host, port)  # a port taken is one line, before "Serving" is said
    command, _metadata = datasette_command(settings.db_path, host=host, port=port,
                                           immutable=immutable)
    click.echo(f"Serving {settings.db_path} read-only at http://{host}:{port}/")
    if public:
        click.echo("Warning: --public: anyone who reaches this address reads the archive. Datasette "
                   "has no login of its own: put authentication in front (README, Browsing).",
                   err=True)
    os.execv(command[0], command)


@cli.command()
@click.argument("article_url")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              metavar="FILE", help="The HTML file to write (with --pdf, FILE.pdf is the PDF "
                                   "and the HTML goes beside it, as FILE.html).")
@click.option("--pdf", is_flag=True,
              help="Also print it to PDF (OUTPUT with .pdf) with the system's headless Chromium.")
@db_option
@config_option
def report(article_url, output, pdf, db_path) -> None:
    """An evidence report on one article: one self-contained HTML file (images inline)
    with each quote beside X's text, the verdicts, the hashes, the chain head and the times."""
    import shutil

    from .browse.report import RowsFailChain, find_article, print_pdf, render_report
    from .render import CHROMIUM_NAMES

    # The HTML and the PDF are two files: -o names the HTML, the PDF is its .pdf sibling;
    # -o FILE.pdf with --pdf names the PDF, and the HTML is FILE.html. (One name for both
    # had Chromium print the HTML over itself: a blank page.)
    target = Path(output).with_suffix(".pdf")
    if Path(output).suffix.lower() == ".pdf":
        if not pdf:
            _fail(f"-o {output}: the report is HTML; name an .html file, or add --pdf to "
                  f"print it to {output} too", 2)
        target, output = Path(output), str(Path(output).with_suffix(".html"))
    settings = _settings(db_path=db_path)
    conn = _open_read(settings.db_path).conn
    with conn:
        article_id = find_article(conn, article_named(article_url))
        if article_id is None:
            _fail(no_article(article_url, article_named(article_url)))
        try:  # a report to hand on is never made from rows that fail their hash
            html = render_report(conn, article_id, generated_at=utc_now(), refuse_failing=True)
        except RowsFailChain as exc:
            _fail(f"no report written: evidence rows it would show no longer match the "
                  f"evidence chain: {exc}; run `archiver check`")
    Path(output).write_text(html, encoding="utf-8")
    click.echo(f"wrote {output}")
    if pdf:
        chromium = next(filter(None, (shutil.which(n) for n in CHROMIUM_NAMES)), None)
        if chromium is None:
            _fail("--pdf needs Chromium, and none is on PATH (apt-get install chromium)")
        import subprocess

        try:
            print_pdf(Path(output), target, chromium)
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
            _fail(str(exc))
        from .browse.report import missing_fonts

        for script in missing_fonts(Path(output).read_text(encoding="utf-8")):
            # (the HTML report reads right in a browser that has them; the PDF does not)
            click.echo(f"archiver: warning: no font on this machine draws {script}: the PDF "
                       "shows boxes for those words (install a font for them, e.g. Debian's "
                       "fonts-noto-cjk or fonts-noto-core, and print it again)", err=True)
        click.echo(f"wrote {target}")


@cli.command()
@db_option
@config_option
def migrate(db_path) -> None:
    """Bring the archive's schema up to date (every writing command does it first; the
    reading ones never write)."""
    from .store import schema_version

    path = _settings(db_path=db_path).db_path
    click.echo(f"{path}: schema {schema_version(_open(path, create=False))}")


@cli.command()
@db_option
@config_option
def demo(db_path) -> None:
    """Archive the bundled sample, offline: a local server plays the news sites and X.

    It serves the sample article pages and X's answers (in X's real shapes, one post
    deleted, one with two photos, images drawn with Pillow) on 127.0.0.1, points the
    tool at it and runs the whole archive job.
    """
    from .store import counts, find_posts
    import errno

    from .demo import DEMO_PORT, PAGES, SampleServer

    # Its own port, always: the article URLs hold it, and the second run finds them
    # unchanged only there (another port would archive every sample page again as new).
    try:
        server = SampleServer(port=DEMO_PORT)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            _fail(f"the demo's port {DEMO_PORT} on 127.0.0.1 is in use; stop what holds it "
                  "and run again")
        _fail(f"the demo cannot listen on port {DEMO_PORT} of 127.0.0.1: "
              f"{exc.strerror or exc}")
    with server:
        settings = _settings(
            db_path=db_path, allow_private=True, host_delay=0.0,
            syndication_url=f"{server.url}/x", oembed_url=f"{server.url}/x",
        )
        sources = [*server.page_urls(), str(PAGES / "shafaq-turkiye-syria-ankara-talks.txt")]
        click.echo(f"Sample sites and X answering on {server.url} (loopback only)")
        click.echo(f"Archiving {counted(len(sources), 'sample article')} into {settings.db_path}")
        click.echo("")
        db = _open(settings.db_path)
        failed, tally = _archive_all(db, settings, sources)
    click.echo("")
    for line in holds(counts(db)):
        click.echo(line)
    click.echo("")
    _print_table(_shown_texts(find_posts(db)), [("post_id", 19), ("handle", 16), ("date", 10),
                                  ("status", 12), ("reason", 8), ("media", 5), ("text", 40)])
    click.echo("")
    click.echo("Look things up:")
    click.echo("  .venv/bin/archiver posts --handle hakanfidan")
    click.echo("  .venv/bin/archiver posts --search SURİYE --format json")
    click.echo("  .venv/bin/archiver posts --since 2025-10-01 --format csv")
    click.echo("Browse it:  .venv/bin/archiver serve   (http://127.0.0.1:8001/: misquotes, "
               "articles quote by quote, posts)")
    click.echo("One article's evidence, one file:  .venv/bin/archiver report ARTICLE_URL -o "
               "report.html")
    click.echo("")
    click.echo("Verdicts (each article's quote of each post, against X's copy):")
    _print_verdicts(db)
    click.echo(tally.summary() if tally.total else "verified nothing new (the archive had it all)")
    click.echo("")
    click.echo("Again, on demand:  .venv/bin/archiver verify;  the archive itself:  "
               ".venv/bin/archiver check")
    _print_head(db)
    sys.exit(1 if failed else 0)


#: The tables `demo` counts, in words: (one, many).
_TABLE_WORDS = {"articles": ("article",), "article_fetches": ("article fetch", "article fetches"),
                "embeds": ("embed",), "posts": ("post",), "post_versions": ("post version",)}


def holds(totals: dict[str, int]) -> list[str]:
    """What the archive holds, in words (store.counts): the posts as `posts` lists them,
    and what the posts table holds besides, or among them, with status `unidentified`."""
    lines = ["Archive now holds: " + ", ".join(
        counted(totals[table], *words) for table, words in _TABLE_WORDS.items())]
    if totals["unidentified"]:
        lines.append(f"  of the {counted(totals['posts'], 'post')}, "
                     f"{totals['unidentified']} unidentified: shown by an article as text "
                     "without an id, and matched to no archived post")
    if totals["matched_text_copies"]:
        n = totals["matched_text_copies"]
        lines.append(f"  besides, {counted(n, 'text copy', 'text copies')} of listed posts "
                     f"(status unidentified in the posts table): shown by an article as text "
                     f"without an id, and matched to {'its post' if n == 1 else 'their posts'} "
                     "by verification")
    return lines


def _add_web_archive_commands() -> None:
    """scan and export-warc (archiver/warc/cli.py): they import their extra when run."""
    from .warc.cli import COMMANDS

    for command in COMMANDS:
        if any(getattr(param, "name", None) == "db_path" for param in command.params):
            config_option(command)  # export-warc reads settings (--db's default)
        cli.add_command(command)


_add_web_archive_commands()


def main() -> None:
    from .errors import stop_on_sigterm

    stop_on_sigterm()
    terminal.guard(sys)  # a page's ESC sequences are shown on a terminal, never obeyed
    cli(prog_name="archiver")


if __name__ == "__main__":
    main()
