"""Which evidence rows a page shows, checked against the evidence chain before it shows
them: a row edited after it was written (as `archiver check` names it) is named in a
warning on the page, never shown as if it were the evidence.

The rows checked are those a page states as evidence: the article's copies of its posts
(embeds), X's copies (post_versions), the verdicts (verifications), the prose quotes
checked (quote_claims), the stored copies of the page (article_fetches), X's answers
(post_checks) and the post's status changes (post_status_events). Each is hashed with the
store's own row hash (store.rows_failing_chain), read-only.
"""

from __future__ import annotations

from ..store import rows_failing_chain


def add(wanted: dict, table: str, key) -> None:
    if key is not None:
        wanted.setdefault(table, set()).add(key)


def article_rows(article: dict) -> dict[str, set]:
    """{table: keys} of the evidence rows an article page (or its report) shows."""
    wanted: dict[str, set] = {}
    for fetch in article.get("fetches", ()):
        add(wanted, "article_fetches", fetch["id"])
    for embed in article.get("embeds", ()):
        add(wanted, "embeds", embed["id"])
        add(wanted, "verifications", (embed.get("check") or {}).get("id"))
        for version in (embed.get("version"), embed.get("newest")):
            if version:
                add(wanted, "post_versions", version["id"])
                add(wanted, "post_checks", (version.get("check") or {}).get("id"))
    for claim in article.get("prose_quotes", ()):
        add(wanted, "quote_claims", claim["id"])
    for earlier in article.get("earlier_misquoted", ()):  # what an earlier copy misquoted
        add(wanted, "embeds", earlier["embed_id"])
        add(wanted, "verifications", earlier["verification_id"])
        add(wanted, "post_versions", earlier.get("post_version_id"))
    return wanted


def post_rows(post: dict) -> dict[str, set]:
    """{table: keys} of the evidence rows a post page shows."""
    wanted: dict[str, set] = {}
    for version in post.get("versions", ()):
        add(wanted, "post_versions", version["id"])
    for check in post.get("checks", ()):
        add(wanted, "post_checks", check["id"])
    for event in post.get("events", ()):
        add(wanted, "post_status_events", event["id"])
    for quote in post.get("quoted_in", ()):
        add(wanted, "embeds", quote["embed_id"])
        add(wanted, "verifications", quote.get("verification_id"))
    for quote in post.get("quoted_earlier", ()):
        add(wanted, "embeds", quote["embed_id"])
    return wanted


def failing(conn, wanted: dict[str, set]) -> list[dict]:
    """The rows among `wanted` that no longer match the chain, as the pages name them:
    table, key, what is wrong (`row changed`…) and the detail."""
    return [{"table": p.table, "key": p.key, "kind": p.kind.replace("_", " "),
             "detail": p.detail} for p in rows_failing_chain(conn, wanted)]


def lines(found: list[dict]) -> str:
    """The failing rows in one line: `post_versions 1 (row changed), embeds 4 (…)`."""
    return ", ".join(f"{f['table']} {f['key']} ({f['kind']})" for f in found)
