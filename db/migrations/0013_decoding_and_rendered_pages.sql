-- How a page's bytes were decoded, and pages as a browser rendered them.
--
-- encoding_source: how the codec in `encoding` was chosen: bom, header, meta, utf-8 (valid
-- UTF-8, nothing declared), detected, or "<how> fallback from <declared>: <why>" when a
-- declared charset did not decode the bytes cleanly (archiver.extract.decoding).
--
-- A rendered page (archive --render) is its own article_fetches row: the DOM after the
-- page's scripts ran, serialised as UTF-8, with its SHA-256, chained like every fetch;
-- rendered_from names the raw response it was rendered from. An embed found only in the
-- rendered DOM has rendered = 1.
--
-- These columns join a row's hash only when they hold a value other than their default
-- (archiver.integrity.ADDED_COLUMNS), so rows chained before them still match.
ALTER TABLE article_fetches ADD COLUMN encoding_source TEXT;
ALTER TABLE article_fetches ADD COLUMN rendered_from INTEGER REFERENCES article_fetches(id);
ALTER TABLE embeds ADD COLUMN rendered INTEGER NOT NULL DEFAULT 0;
