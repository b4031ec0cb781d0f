-- The cron job: one row per run, and what each source answered last.
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,                       -- NULL: the run was killed (the next one resumes)
    sources INTEGER,
    articles_seen INTEGER,
    articles_new INTEGER,
    articles_changed INTEGER,
    articles_unchanged INTEGER,
    articles_failed INTEGER,
    articles_deferred INTEGER,              -- not reached before --max-duration
    posts_rechecked INTEGER,
    requests INTEGER,                       -- HTTP requests sent, retries included
    errors TEXT,                            -- JSON array of one-line errors
    exit_status INTEGER,
    stopped_reason TEXT,                    -- completed | max_duration | ...
    chain_head TEXT                         -- "#seq sha256" after the run
);

CREATE TABLE source_checks (
    url TEXT PRIMARY KEY,                   -- a feed or sitemap
    checked_at TEXT NOT NULL,
    status INTEGER,
    etag TEXT,
    last_modified TEXT,
    articles INTEGER,
    error TEXT
);
