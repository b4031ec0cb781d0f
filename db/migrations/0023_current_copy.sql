-- An article's current copy is the newest it was seen as: its newest successful fetch by
-- the time it was made (a capture from a web archive may be older than a fetch stored
-- before it), the DOM rendered from it when the embeds were read from that. It was the
-- newest fetch holding embeds (max(fetch_id) of embeds): a copy that no longer shows a
-- post (the article corrected, the embed taken down) left the posts and verdicts of the
-- copy before it as the article's, a corrected misquote still counted as one, and an older
-- capture archived after a live fetch became the article's current copy.
--
-- articles.current_fetch_id names that fetch; the views read "the article as it stands"
-- from it (schema 0024). A trigger keeps it, whatever writes the fetches: a successful raw
-- fetch made no earlier than the current copy's raw fetch becomes current, and then the
-- DOM rendered from it (its embeds are stored against that row); a failed fetch, or an
-- older capture, changes nothing (archiver.store.record_fetch says which it was).
ALTER TABLE articles ADD COLUMN current_fetch_id INTEGER REFERENCES article_fetches(id);

CREATE TRIGGER article_fetches_current AFTER INSERT ON article_fetches
WHEN NEW.error IS NULL
BEGIN
    UPDATE articles SET current_fetch_id = NEW.id
    WHERE id = NEW.article_id
      AND CASE WHEN NEW.rendered_from IS NULL THEN
                 current_fetch_id IS NULL
                 OR NEW.fetched_at >= (SELECT r.fetched_at FROM article_fetches c
                                       JOIN article_fetches r
                                       ON r.id = coalesce(c.rendered_from, c.id)
                                       WHERE c.id = articles.current_fetch_id)
               ELSE NEW.rendered_from = current_fetch_id END;
END;

UPDATE articles SET current_fetch_id = (
    SELECT coalesce((SELECT max(r.id) FROM article_fetches r
                     WHERE r.rendered_from = f.id AND r.error IS NULL), f.id)
    FROM article_fetches f
    WHERE f.article_id = articles.id AND f.error IS NULL AND f.rendered_from IS NULL
    ORDER BY f.fetched_at DESC, f.id DESC LIMIT 1);
