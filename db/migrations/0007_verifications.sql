-- One row per embed per check: the verdict and all findings, against which versions.
CREATE TABLE verifications (
    id INTEGER PRIMARY KEY,
    embed_id INTEGER NOT NULL REFERENCES embeds(id),
    article_id INTEGER NOT NULL REFERENCES articles(id),
    post_id TEXT REFERENCES posts(id),      -- the post compared with (for a plain-text
                                            -- embed without id: the archived post found)
    checked_at TEXT NOT NULL,
    verdict TEXT NOT NULL,                  -- the primary finding (archiver.verify.PRECEDENCE)
    findings TEXT NOT NULL,                 -- JSON array of every finding that holds
    details TEXT,                           -- JSON object: finding -> one line
    score REAL,                             -- text similarity 0-100
    diff TEXT,                              -- JSON array of {op, at, quote, post}
    post_version_id INTEGER REFERENCES post_versions(id),   -- X's copy nearest the fetch
    newest_version_id INTEGER REFERENCES post_versions(id), -- X's newest copy
    verifier_version TEXT NOT NULL
);
CREATE INDEX verifications_embed ON verifications(embed_id, id);
CREATE INDEX verifications_post ON verifications(post_id, id);
CREATE INDEX verifications_verdict ON verifications(verdict);

CREATE TRIGGER verifications_no_update BEFORE UPDATE ON verifications
BEGIN SELECT RAISE(ABORT, 'verifications is append-only evidence'); END;
CREATE TRIGGER verifications_no_delete BEFORE DELETE ON verifications
BEGIN SELECT RAISE(ABORT, 'verifications is append-only evidence'); END;
