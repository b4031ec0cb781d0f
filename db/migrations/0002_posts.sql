-- Posts, every distinct version of them, and every embed position in every fetch.
CREATE TABLE posts (
    id TEXT PRIMARY KEY,               -- X's id_str; "text:<16 hex>" for a post known only
                                       -- from its plain-text rendering (no id shown)
    has_x_id INTEGER NOT NULL,         -- 1 when id is X's own
    handle TEXT,                       -- latest known, without "@"
    author_name TEXT,
    created_at TEXT,                   -- UTC ISO-8601 from the Snowflake id
    date TEXT,                         -- YYYY-MM-DD: Snowflake date, else the shown date
    status TEXT NOT NULL DEFAULT 'unchecked', -- unchecked | unidentified (no id) | available | unavailable
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    latest_version_id INTEGER          -- post_versions.id of the newest version
);
CREATE INDEX posts_handle ON posts(handle COLLATE NOCASE, date);
CREATE INDEX posts_date ON posts(date);

CREATE TABLE post_versions (
    id INTEGER PRIMARY KEY,
    post_id TEXT NOT NULL REFERENCES posts(id),
    source TEXT NOT NULL,              -- 'embed': the article's claim, not X's
    fetched_at TEXT NOT NULL,
    article_fetch_id INTEGER REFERENCES article_fetches(id),
    handle TEXT,
    author_name TEXT,
    shown_date TEXT,
    text TEXT,
    lang TEXT,
    media TEXT,                        -- JSON array of pic.twitter.com/… links
    raw BLOB,                          -- the bytes this version was read from
    raw_sha256 TEXT,
    content_sha256 TEXT NOT NULL,      -- SHA-256 of the version's fields; equal = same version
    text_search TEXT                   -- folded copy of text for full-text search
);
CREATE INDEX post_versions_post ON post_versions(post_id, source, id);

CREATE TABLE embeds (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    fetch_id INTEGER NOT NULL REFERENCES article_fetches(id),
    post_id TEXT REFERENCES posts(id),
    post_version_id INTEGER REFERENCES post_versions(id),
    kind TEXT NOT NULL,                -- embed | link | text
    form TEXT NOT NULL,                -- blockquote, amp, iframe, attribute, link, text-url, text-embed
    positions TEXT NOT NULL,           -- JSON array of occurrence ordinals in the page
    handle TEXT,
    author_name TEXT,
    shown_date TEXT,
    date TEXT,
    url TEXT,
    quoted_text TEXT,
    lang TEXT,
    media TEXT,                        -- JSON array
    raw_html TEXT,                     -- the embed's markup (or text) as parsed
    raw_sha256 TEXT,
    quoted_text_search TEXT            -- folded copy of quoted_text for full-text search
);
CREATE INDEX embeds_article ON embeds(article_id, fetch_id);
CREATE INDEX embeds_post ON embeds(post_id);
