-- Quotes in an article's prose attributed to an author whose posts it embeds, and what
-- the author's archived posts say about them.
CREATE TABLE quote_claims (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    fetch_id INTEGER NOT NULL REFERENCES article_fetches(id),
    handle TEXT NOT NULL,                   -- the author the sentence quotes
    sentence TEXT NOT NULL,
    quote TEXT NOT NULL,
    result TEXT NOT NULL,                   -- found | not_found | cross_language
    post_id TEXT REFERENCES posts(id),      -- the post found (or the closest one)
    score REAL,
    detail TEXT,
    checked_at TEXT NOT NULL,
    verifier_version TEXT NOT NULL
);
CREATE INDEX quote_claims_article ON quote_claims(article_id, id);
CREATE TRIGGER quote_claims_no_update BEFORE UPDATE ON quote_claims
BEGIN SELECT RAISE(ABORT, 'quote_claims is append-only evidence'); END;
CREATE TRIGGER quote_claims_no_delete BEFORE DELETE ON quote_claims
BEGIN SELECT RAISE(ABORT, 'quote_claims is append-only evidence'); END;
