-- What X serves: authors by user id, every check of a post, status changes, media.

CREATE TABLE authors (
    id TEXT PRIMARY KEY,               -- X's user id: stays when the handle is renamed
    handle TEXT,                       -- latest seen
    name TEXT,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE TABLE author_handles (
    author_id TEXT NOT NULL REFERENCES authors(id),
    handle TEXT NOT NULL,
    name TEXT,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    PRIMARY KEY (author_id, handle)
);
CREATE INDEX author_handles_handle ON author_handles(handle COLLATE NOCASE);

ALTER TABLE posts ADD COLUMN author_id TEXT REFERENCES authors(id);
ALTER TABLE posts ADD COLUMN unavailable_reason TEXT;  -- when status = 'unavailable'
ALTER TABLE posts ADD COLUMN status_since TEXT;
ALTER TABLE posts ADD COLUMN last_checked_at TEXT;     -- last answer from X, outages included

-- Every answer a post source gave: the raw body is evidence even when it is a tombstone.
CREATE TABLE post_checks (
    id INTEGER PRIMARY KEY,
    post_id TEXT NOT NULL REFERENCES posts(id),
    source TEXT NOT NULL,              -- syndication | oembed | fxtwitter
    checked_at TEXT NOT NULL,
    url TEXT NOT NULL,
    status INTEGER,                    -- HTTP status
    outcome TEXT NOT NULL,             -- ok | unavailable | outage
    signal TEXT,                       -- tombstone, empty_tombstone, no_user, http_404, empty_json…
    error TEXT,
    detail TEXT,
    body BLOB,
    body_sha256 TEXT
);
CREATE INDEX post_checks_post ON post_checks(post_id, id);

-- A post's status over time; outages never add a row.
CREATE TABLE post_status_events (
    id INTEGER PRIMARY KEY,
    post_id TEXT NOT NULL REFERENCES posts(id),
    observed_at TEXT NOT NULL,
    status TEXT NOT NULL,              -- available | unavailable
    reason TEXT,                       -- deleted, withheld, age_restricted, suspended, protected, unknown
    previous_status TEXT,
    previous_reason TEXT
);
CREATE INDEX post_status_events_post ON post_status_events(post_id, id);

ALTER TABLE post_versions ADD COLUMN check_id INTEGER REFERENCES post_checks(id);
ALTER TABLE post_versions ADD COLUMN author_id TEXT;
ALTER TABLE post_versions ADD COLUMN created_at TEXT;
ALTER TABLE post_versions ADD COLUMN text_sha256 TEXT;        -- SHA-256 of the canonical text
ALTER TABLE post_versions ADD COLUMN urls TEXT;               -- JSON [[t.co, expanded], …]
ALTER TABLE post_versions ADD COLUMN edit_ids TEXT;           -- JSON, oldest first
ALTER TABLE post_versions ADD COLUMN quoted_post_id TEXT;
ALTER TABLE post_versions ADD COLUMN reply_to_post_id TEXT;
ALTER TABLE post_versions ADD COLUMN source_truncated INTEGER; -- 1: a long post the source cut
ALTER TABLE post_versions ADD COLUMN third_party INTEGER NOT NULL DEFAULT 0;

-- Images and videos, content-addressed: the same bytes in many posts are stored once.
CREATE TABLE media (
    sha256 TEXT PRIMARY KEY,
    content BLOB NOT NULL,
    mime TEXT NOT NULL,                -- from the real format, not the Content-Type
    format TEXT,
    bytes INTEGER NOT NULL,
    width INTEGER,
    height INTEGER,
    phash TEXT,                        -- 64-bit pHash, 16 hex digits
    phash_quality INTEGER,             -- 0-100; below ~50 the hash means little
    thumbnail BLOB,                    -- JPEG, under 100 KB
    thumbnail_width INTEGER,
    thumbnail_height INTEGER,
    first_url TEXT,
    first_seen_at TEXT NOT NULL
);

-- What each version of a post shows, in order.
CREATE TABLE post_media (
    id INTEGER PRIMARY KEY,
    post_version_id INTEGER NOT NULL REFERENCES post_versions(id),
    position INTEGER NOT NULL,
    type TEXT NOT NULL,                -- photo | video | animated_gif
    image_url TEXT NOT NULL,           -- photo at original size, or the video's poster
    display_url TEXT,
    expanded_url TEXT,
    variants TEXT,                     -- JSON: video files, best first
    alt_text TEXT
);
CREATE INDEX post_media_version ON post_media(post_version_id);
CREATE INDEX post_media_url ON post_media(image_url);

-- Every download of a media URL: the stored bytes, or why there are none.
CREATE TABLE media_fetches (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    kind TEXT NOT NULL,                -- image | video
    fetched_at TEXT NOT NULL,
    status INTEGER,
    claimed_type TEXT,                 -- Content-Type as served
    sha256 TEXT REFERENCES media(sha256),
    error TEXT,                        -- http_403, truncated_image, not_an_image, decompression_bomb…
    detail TEXT
);
CREATE INDEX media_fetches_url ON media_fetches(url, id);

CREATE TRIGGER post_checks_no_update BEFORE UPDATE ON post_checks
BEGIN SELECT RAISE(ABORT, 'post_checks is append-only evidence'); END;
CREATE TRIGGER post_checks_no_delete BEFORE DELETE ON post_checks
BEGIN SELECT RAISE(ABORT, 'post_checks is append-only evidence'); END;
CREATE TRIGGER post_status_events_no_update BEFORE UPDATE ON post_status_events
BEGIN SELECT RAISE(ABORT, 'post_status_events is append-only evidence'); END;
CREATE TRIGGER post_status_events_no_delete BEFORE DELETE ON post_status_events
BEGIN SELECT RAISE(ABORT, 'post_status_events is append-only evidence'); END;
CREATE TRIGGER media_no_update BEFORE UPDATE ON media
BEGIN SELECT RAISE(ABORT, 'media is append-only evidence'); END;
CREATE TRIGGER media_no_delete BEFORE DELETE ON media
BEGIN SELECT RAISE(ABORT, 'media is append-only evidence'); END;
CREATE TRIGGER post_media_no_update BEFORE UPDATE ON post_media
BEGIN SELECT RAISE(ABORT, 'post_media is append-only evidence'); END;
CREATE TRIGGER post_media_no_delete BEFORE DELETE ON post_media
BEGIN SELECT RAISE(ABORT, 'post_media is append-only evidence'); END;
CREATE TRIGGER media_fetches_no_update BEFORE UPDATE ON media_fetches
BEGIN SELECT RAISE(ABORT, 'media_fetches is append-only evidence'); END;
CREATE TRIGGER media_fetches_no_delete BEFORE DELETE ON media_fetches
BEGIN SELECT RAISE(ABORT, 'media_fetches is append-only evidence'); END;
