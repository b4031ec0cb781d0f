"""An evidence report on one article: a single self-contained HTML file to hand on.

The same comparison as the article page (each quote beside X's text, the difference
marked, the verdict in words, author and date findings, the post's status), with the
hashes of every stored copy, the markup of every embed, X's answers behind each copy,
the images inline, the evidence chain head and the times. No script, no external
resource: it opens offline years later. `print_pdf` prints it through the system's
headless Chromium when there is one.

Reads the archive read-only (`archiver.browse.data`); writes nothing to it.
"""

from __future__ import annotations

import base64
import subprocess
import tempfile
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import __version__
from ..store import chain_head
from ..verify import VERIFIER_VERSION
from . import STATIC, TEMPLATES, data, seals, words

#: Originals larger than this are shown by their thumbnail only (their hash is given).
MAX_INLINE_IMAGE_BYTES = 3 * 1024 * 1024
#: The report's own policy, for a browser that honours a <meta> CSP: inline styles and
#: inline images only.
REPORT_CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
              "form-action 'none'")


def find_article(conn, article_url: str) -> int | None:
    """An article's id by its URL, as given, as the page's canonical URL, or as an address
    one of its fetches asked for or was redirected to."""
    return data.scalar(conn, """
        SELECT id FROM (SELECT id, 0 AS how FROM articles WHERE url = :u OR canonical_url = :u
                        UNION ALL
                        SELECT article_id, 1 FROM article_fetches
                        WHERE (final_url = :u OR requested_url = :u) AND error IS NULL)
        ORDER BY how, id LIMIT 1""", {"u": article_url})


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(["html"]), trim_blocks=False)
    env.filters["ltr_units"] = words.ltr_units
    return env


class RowsFailChain(Exception):
    """The report would show evidence rows that no longer match the evidence chain."""

    def __init__(self, failing: list[dict]):
        super().__init__(seals.lines(failing))
        self.failing = failing


def render_report(conn, article_id: int, *, generated_at: str,
                  refuse_failing: bool = False) -> str | None:
    """The report's HTML, or None when there is no such article. Every evidence row it
    shows is checked against the evidence chain first (browse.seals): a row that fails
    is named in a warning at the report's head, or, with `refuse_failing` (`archiver
    report`: a file to hand on is never made from such rows), raises RowsFailChain."""
    article = data.article(conn, article_id)
    if article is None:
        return None
    images: dict[str, dict] = {}
    for embed in article["embeds"]:
        for version in (embed["version"], embed["newest"]):
            for image in (version or {}).get("images", []):
                if image["sha256"] and image["sha256"] not in images:
                    images[image["sha256"]] = data.image(conn, image["sha256"])
    inline: dict[tuple[str, str], str] = {}

    def img(sha256: str, kind: str) -> str:
        if kind in ("page", "link"):
            return f"#image-{sha256}"
        key = (sha256, kind)
        if key not in inline:
            found = data.image_bytes(conn, sha256, thumbnail=kind == "thumbnail")
            if found is None or (kind == "original" and len(found[0]) > MAX_INLINE_IMAGE_BYTES):
                found = data.image_bytes(conn, sha256, thumbnail=True)
            inline[key] = (f"data:{found[1]};base64,{base64.b64encode(found[0]).decode('ascii')}"
                           if found else "")
        return inline[key]

    def href(kind: str, row_id) -> str:
        if kind == "post":
            return data.post_url(str(row_id), None) or "#"
        return {"version": f"#version-{row_id}", "raw-embed": f"#markup-{row_id}",
                "verification": f"#verification-{row_id}"}.get(kind, "#")

    seq, head = chain_head(conn)
    versions = {}
    for embed in article["embeds"]:
        for version in (embed["version"], embed["newest"]):
            if version and version["id"] not in versions:
                version["check"] = data.one(
                    conn, "SELECT id, source, checked_at, url, status, outcome, body_sha256"
                          " FROM post_checks WHERE id = ?", (version["check_id"],)) \
                    if version.get("check_id") else None
                versions[version["id"]] = version
    for earlier in article.get("earlier_misquoted", ()):  # X's copy each was compared with
        version_id = earlier.get("post_version_id")
        if version_id and version_id not in versions:
            version = data.version_detail(conn, version_id)
            if version:
                version["check"] = data.one(
                    conn, "SELECT id, source, checked_at, url, status, outcome, body_sha256"
                          " FROM post_checks WHERE id = ?", (version["check_id"],)) \
                    if version.get("check_id") else None
                versions[version_id] = version
    failing = seals.failing(conn, seals.article_rows(article))
    if failing and refuse_failing:
        raise RowsFailChain(failing)
    css = (STATIC / "archiver.css").read_text(encoding="utf-8")
    template = _environment().get_template("archiver_report.html")
    return template.render(
        article=article, versions=list(versions.values()), images=list(images.values()),
        img=img, href=href, css=css, csp=REPORT_CSP, generated_at=generated_at,
        chain_seq=seq, chain_head=head, version=__version__, rules=VERIFIER_VERSION,
        failing=failing, **words.context())


#: Scripts a report may hold, the fontconfig language that tells whether a font draws
#: them, and the letters that say the text holds them.
_SCRIPTS = (("Chinese and Japanese", "zh", "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]"),
            ("Korean", "ko", "[\uac00-\ud7af]"), ("Arabic", "ar", "[\u0600-\u06ff]"),
            ("Hebrew", "he", "[\u0590-\u05ff]"), ("Devanagari", "hi", "[\u0900-\u097f]"),
            ("Thai", "th", "[\u0e00-\u0e7f]"))


def missing_fonts(text: str) -> list[str]:
    """The scripts `text` holds that no installed font draws, as fontconfig (`fc-list
    :lang=…`) says: a PDF printed here shows boxes for them. Empty when fontconfig is not
    there to ask."""
    import re
    import shutil

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    missing = []
    for name, lang, letters in _SCRIPTS:
        if re.search(letters, text) is None:
            continue
        found = subprocess.run([fc_list, f":lang={lang}", "family"], capture_output=True,
                               timeout=30, check=False)
        if found.returncode == 0 and not found.stdout.strip():
            missing.append(name)
    return missing


def print_pdf(html_path: Path, pdf_path: Path, chromium: str, *, timeout: float = 120) -> None:
    """Print an HTML file to PDF with headless Chromium (no network: the file is whole).

    Raises:
        RuntimeError: Chromium failed or wrote nothing.
    """
    from ..render import chromium_flags

    with tempfile.TemporaryDirectory() as profile:
        command = [chromium, "--headless", *chromium_flags(), f"--user-data-dir={profile}",
                   "--no-pdf-header-footer", f"--print-to-pdf={pdf_path}",
                   Path(html_path).resolve().as_uri()]
        result = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    if result.returncode != 0 or not Path(pdf_path).exists() or Path(pdf_path).stat().st_size == 0:
        last = (result.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-1:]
        raise RuntimeError(f"Chromium could not print the report: {' '.join(last) or result.returncode}")
