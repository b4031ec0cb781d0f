-- Views for the fact-checker's pages (archiver.browse) and their exports.
--
-- post_overview loses its thumbnail BLOB: a view has no primary key and no rowid, and
-- Datasette's CSV export builds a download link for every BLOB cell from one of them, so
-- the Posts CSV stopped at the first post with an image ("No item with that key"). The
-- view now names the first image by its SHA-256 (the browse plugin shows it as a
-- thumbnail linking to the original) and counts the post's images.
DROP VIEW post_overview;
CREATE VIEW post_overview AS
SELECT p.id AS post_id,
       CASE WHEN p.has_x_id THEN 'https://x.com/' || coalesce(p.handle, 'i/web')
            || '/status/' || p.id END AS url,
       p.handle, p.author_name, p.date, p.created_at,
       (SELECT v.lang FROM post_versions v WHERE v.id = p.latest_version_id) AS lang,
       p.status, p.unavailable_reason AS reason, p.status_since,
       (SELECT v.text FROM post_versions v WHERE v.id = p.latest_version_id) AS text,
       (SELECT v.source FROM post_versions v WHERE v.id = p.latest_version_id) AS text_source,
       CASE WHEN p.latest_version_id IS NULL THEN
         (SELECT e.quoted_text FROM embeds e WHERE e.post_id = p.id
          AND e.quoted_text IS NOT NULL ORDER BY e.id DESC LIMIT 1) END AS quoted_text,
       (SELECT mf.sha256 FROM post_versions pv
          JOIN post_media pm ON pm.post_version_id = pv.id
          JOIN media_fetches mf ON mf.url = pm.image_url AND mf.sha256 IS NOT NULL
        WHERE pv.post_id = p.id ORDER BY pv.id DESC, pm.position LIMIT 1) AS image,
       (SELECT count(DISTINCT mf.sha256) FROM post_versions pv
          JOIN post_media pm ON pm.post_version_id = pv.id
          JOIN media_fetches mf ON mf.url = pm.image_url AND mf.sha256 IS NOT NULL
        WHERE pv.post_id = p.id) AS images,
       (SELECT count(DISTINCT e.article_id) FROM embeds e WHERE e.post_id = p.id) AS articles,
       (SELECT count(DISTINCT lv.article_id) FROM latest_verdicts lv
        WHERE lv.post_id = p.id AND lv.misquote) AS misquoted_in,
       (SELECT group_concat(verdict || ' ×' || n, ', ') FROM
          (SELECT lv.verdict, count(*) AS n FROM latest_verdicts lv
           WHERE lv.post_id = p.id GROUP BY lv.verdict ORDER BY lv.verdict)) AS verdicts,
       p.first_seen_at, p.last_checked_at, p.latest_version_id AS version_id
FROM posts p;

-- Misquotes: the embeds of each article's latest fetch whose newest verdict is altered,
-- author_mismatch or date_mismatch (not unavailable, unverifiable, truncated or match).
-- Read from the verdict index outwards: misquotes are few, embeds many.
CREATE VIEW misquotes AS
SELECT vf.id AS verification_id, e.id AS embed_id, e.article_id, a.title AS article_title,
       a.outlet, a.url AS article_url, f.fetched_at, vf.verdict,
       json_extract(vf.details, '$.' || vf.verdict) AS reason, vf.findings, vf.score,
       vf.post_id, e.handle AS shown_handle, e.author_name AS shown_author,
       e.shown_date, e.quoted_text, vf.checked_at
FROM verifications vf
JOIN embeds e ON e.id = vf.embed_id
JOIN articles a ON a.id = e.article_id
JOIN article_fetches f ON f.id = e.fetch_id
WHERE vf.verdict IN ('altered', 'author_mismatch', 'date_mismatch')
  AND vf.id = (SELECT max(id) FROM verifications WHERE embed_id = vf.embed_id)
  AND e.fetch_id = (SELECT max(fetch_id) FROM embeds WHERE article_id = e.article_id);

-- Posts X no longer serves (deleted, withheld, suspended, protected…), each with the
-- articles that quoted it and whether the archive holds a copy X served before.
CREATE VIEW unavailable_posts AS
SELECT p.id AS post_id,
       CASE WHEN p.has_x_id THEN 'https://x.com/' || coalesce(p.handle, 'i/web')
            || '/status/' || p.id END AS url,
       p.handle, p.author_name, p.date, p.unavailable_reason AS reason,
       p.status_since,
       (SELECT count(*) FROM post_versions v WHERE v.post_id = p.id
        AND v.source != 'embed') AS archived_copies,
       (SELECT v.text FROM post_versions v WHERE v.id = p.latest_version_id) AS text,
       CASE WHEN p.latest_version_id IS NULL THEN
         (SELECT e.quoted_text FROM embeds e WHERE e.post_id = p.id
          AND e.quoted_text IS NOT NULL ORDER BY e.id DESC LIMIT 1) END AS quoted_text,
       (SELECT count(DISTINCT e.article_id) FROM embeds e WHERE e.post_id = p.id) AS articles,
       (SELECT min(f.fetched_at) FROM embeds e JOIN article_fetches f ON f.id = e.fetch_id
        WHERE e.post_id = p.id) AS first_quoted_at
FROM posts p
WHERE p.status = 'unavailable';

