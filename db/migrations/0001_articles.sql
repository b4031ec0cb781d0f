-- Articles and every fetch of them. A fetch row is evidence: the exact bytes received,
-- their SHA-256, and the headers that matter. An unchanged page adds no fetch row.
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,          -- as given: http(s) URL, or file:// for a saved page
    canonical_url TEXT,                -- <link rel=canonical> of the latest fetch
    title TEXT,
    outlet TEXT,                       -- og:site_name, else the host
    lang TEXT,                         -- <html lang>
    published TEXT,                    -- article:published_time as the page gives it
    first_seen_at TEXT NOT NULL,       -- UTC ISO-8601
    last_checked_at TEXT NOT NULL
);

CREATE TABLE article_fetches (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    fetched_at TEXT NOT NULL,
    requested_url TEXT NOT NULL,
    final_url TEXT,                    -- after redirects
    status INTEGER,                    -- HTTP status; NULL for a local file
    content_type TEXT,
    encoding TEXT,                     -- the codec the page was decoded with
    etag TEXT,
    last_modified TEXT,
    headers TEXT,                      -- JSON object: the response headers that matter
    body BLOB,                         -- the raw bytes, as received
    body_bytes INTEGER,
    body_sha256 TEXT,                  -- lowercase hex SHA-256 of body
    embeds_found INTEGER,
    error TEXT,                        -- short stable code (http_404, timeout, too_large…); NULL on success
    detail TEXT                        -- one line for a person
);
CREATE INDEX article_fetches_article ON article_fetches(article_id, id);
CREATE INDEX article_fetches_body_sha256 ON article_fetches(body_sha256);
