"""Settings: defaults, then a TOML file, then the environment, then options, in that order.

`Settings` keeps each default beside its help text. Stages receive the Settings object
(or the values they need) as arguments; they read neither globals nor the environment.
"""

from __future__ import annotations

import difflib
import logging
import math
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .errors import UsageError

log = logging.getLogger(__name__)


def _setting(default, help: str, env: str | None = None, *, minimum=None, maximum=None,
             above=None):
    """A setting: its default, what it means, its environment variable, and the range a
    value must lie in (`minimum`/`maximum` inclusive, `above` exclusive)."""
    return field(default=default, metadata={"help": help, "env": env, "minimum": minimum,
                                            "maximum": maximum, "above": above})


@dataclass(frozen=True)
class Settings:
    db_path: str = _setting("db/archive.db", "The archive file.", "ARCHIVER_DB")
    allow_private: bool = _setting(
        False, "Fetch private, loopback and link-local addresses too.", "ARCHIVER_ALLOW_PRIVATE"
    )
    syndication_url: str = _setting(
        "https://cdn.syndication.twimg.com", "Base URL of X's syndication endpoint.",
        "ARCHIVER_X_SYNDICATION_URL",
    )
    oembed_url: str = _setting(
        "https://publish.twitter.com", "Base URL of X's oEmbed endpoint.", "ARCHIVER_X_OEMBED_URL"
    )
    use_fxtwitter: bool = _setting(
        False, "Also ask a FxTwitter-style mirror for full long-post text (third-party "
        "evidence, stored as such).", "ARCHIVER_USE_FXTWITTER",
    )
    fxtwitter_url: str = _setting(
        "https://api.fxtwitter.com", "Base URL of the FxTwitter-style mirror API.",
        "ARCHIVER_FXTWITTER_URL",
    )
    fetch_media: bool = _setting(True, "Download photos and video posters.", "ARCHIVER_FETCH_MEDIA")
    fetch_video: bool = _setting(
        True, "Try to download video files too (X often refuses with 403; that is recorded).",
        "ARCHIVER_FETCH_VIDEO",
    )
    host_delay: float = _setting(
        1.0, "Seconds between the starts of two requests to one host.", "ARCHIVER_HOST_DELAY",
        minimum=0,
    )
    host_concurrency: int = _setting(
        2, "Requests at once to one host.", "ARCHIVER_HOST_CONCURRENCY", minimum=1, maximum=64
    )
    workers: int = _setting(8, "Threads fetching at once, across hosts.", "ARCHIVER_WORKERS",
                            minimum=1, maximum=256)
    respect_robots: bool = _setting(
        True, "Obey robots.txt of article sites.", "ARCHIVER_RESPECT_ROBOTS"
    )
    timeout: float = _setting(30.0, "Read timeout, seconds.", "ARCHIVER_TIMEOUT", above=0)
    retries: int = _setting(3, "Retries on connection errors, 429 and 5xx.", "ARCHIVER_RETRIES",
                            minimum=0, maximum=100)
    recheck_after_hours: float = _setting(
        24.0, "verify --recheck asks X again about posts last checked longer ago than this.",
        "ARCHIVER_RECHECK_AFTER_HOURS", minimum=0,
    )
    recheck_share: float = _setting(
        0.25, "Share of a run's --max-duration kept for re-checking old posts.",
        "ARCHIVER_RECHECK_SHARE", minimum=0, maximum=1,
    )
    render_loopback_only: bool = _setting(
        False, "--render reaches 127.0.0.0/8 and ::1 only: every other request the page "
        "makes is refused, decided from the URL without resolving names (tests use this).",
        "ARCHIVER_RENDER_LOOPBACK_ONLY",
    )
    render_timeout: float = _setting(
        30.0, "Seconds a page may take to load in the browser (--render); past it the render "
        "fails and the raw page stands.", "ARCHIVER_RENDER_TIMEOUT", above=0,
    )
    render_settle: float = _setting(
        10.0, "Seconds after the load for the page's network to go quiet (--render); past it "
        "the DOM is taken as it is.", "ARCHIVER_RENDER_SETTLE", minimum=0,
    )
    max_image_pixels: int = _setting(
        50_000_000, "Images with more pixels are refused (decompression bombs).",
        "ARCHIVER_MAX_IMAGE_PIXELS", minimum=1,
    )


def _convert(name: str, kind, value, *, text: bool = True):
    """`value` as `kind`: text from the environment or an option is read as one (`text`);
    a TOML value has a type of its own, which must be the setting's."""
    if text and isinstance(value, str) and kind is not str:
        text = value.strip().lower()
        try:
            if kind is bool:
                if text in ("1", "true", "yes", "on"):
                    return True
                if text in ("0", "false", "no", "off", ""):
                    return False
                raise ValueError
            return kind(text)
        except (ValueError, OverflowError):
            raise UsageError(f"setting {name}: cannot read {value!r} as {kind.__name__}") from None
    # A TOML value has its own type: it must be the setting's (an integer for a float too).
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        expected = {str: "a string", bool: "true or false", int: "a whole number",
                    float: "a number"}[kind]
        raise UsageError(f"setting {name}: {value!r} is not {expected}")
    return value


def _check_range(name: str, value, meta) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise UsageError(f"setting {name}: {value!r} is not a finite number")
    low, high, above = meta.get("minimum"), meta.get("maximum"), meta.get("above")
    if low is not None and value < low:
        raise UsageError(f"setting {name}: {value!r} is below its least value, {low}")
    if high is not None and value > high:
        raise UsageError(f"setting {name}: {value!r} is above its greatest value, {high}")
    if above is not None and value <= above:
        raise UsageError(f"setting {name}: {value!r} must be more than {above}")


def load_settings(config: str | Path | None = None, env=None, **overrides) -> Settings:
    """Defaults < TOML file (`config`, or ARCHIVER_CONFIG) < environment < overrides.

    Overrides whose value is None are ignored (an option the user did not give).

    Raises:
        UsageError: an unreadable config file or a value of the wrong type.
    """
    env = os.environ if env is None else env
    types = {f.name: type(f.default) for f in fields(Settings)}
    values: dict = {}
    config = config or env.get("ARCHIVER_CONFIG")
    if config:
        try:
            data = tomllib.loads(Path(config).read_text(encoding="utf-8-sig"))  # (a BOM: Notepad)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"cannot read config {config}: {exc}") from None
        except UnicodeDecodeError as exc:  # an image, a UTF-16 file: not a settings file
            raise UsageError(f"cannot read config {config}: not a UTF-8 TOML file "
                             f"({exc.reason} at byte {exc.start})") from None
        section = data.get("archiver", data)
        for key, value in section.items():
            if key in types:
                values[key] = _convert(key, types[key], value, text=False)
            elif not isinstance(value, dict):  # other tables belong to other readers
                near = difflib.get_close_matches(key, types, n=1)
                log.warning("%s: unknown setting %r ignored%s", config, key,
                            f" (did you mean {near[0]!r}?)" if near else "")
    for f in fields(Settings):
        name = f.metadata.get("env")
        if name and name in env:
            values[f.name] = _convert(name, types[f.name], env[name])
    for key, value in overrides.items():
        if value is not None:
            values[key] = _convert(key, types[key], value)
    meta = {f.name: f.metadata for f in fields(Settings)}
    for key, value in values.items():
        _check_range(key, value, meta[key])
    return replace(Settings(), **values)
