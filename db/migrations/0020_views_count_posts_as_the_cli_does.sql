-- The views count posts as `archiver posts` (store.find_posts) and the pages do.
--
-- An article's copy of a post without its id (plain text, a `text:<hash>` row, status
-- unidentified) that verification matched to an archived post is that post: it is not a
-- post of its own (store.NOT_A_MATCHED_COPY), and the article showing it is one of that
-- post's articles, its verdict one of that post's verdicts. post_overview listed such a
-- copy as one more post (the canned queries by handle and by day, and the view's facets,
-- counted it twice over: once as the copy, once as the post) and left its article out of
-- the post's `articles`. A copy no verification matched stays a post of its own, as in
-- the CLI.
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
       (SELECT count(DISTINCT e.article_id) FROM embeds e
        WHERE e.id IN (SELECT c.id FROM embeds c WHERE c.post_id = p.id
                       UNION SELECT m.embed_id FROM verifications m WHERE m.post_id = p.id))
           AS articles,
       (SELECT count(DISTINCT lv.article_id) FROM latest_verdicts lv
        WHERE lv.misquote
          AND lv.embed_id IN (SELECT c.id FROM embeds c WHERE c.post_id = p.id
                              UNION SELECT m.embed_id FROM verifications m
                              WHERE m.post_id = p.id)) AS misquoted_in,
       (SELECT group_concat(verdict || ' ×' || n, ', ') FROM
          (SELECT lv.verdict, count(*) AS n FROM latest_verdicts lv
           WHERE lv.embed_id IN (SELECT c.id FROM embeds c WHERE c.post_id = p.id
                                 UNION SELECT m.embed_id FROM verifications m
                                 WHERE m.post_id = p.id)
           GROUP BY lv.verdict ORDER BY lv.verdict)) AS verdicts,
       p.first_seen_at, p.last_checked_at, p.latest_version_id AS version_id
FROM posts p
WHERE p.has_x_id OR NOT EXISTS (SELECT 1 FROM embeds c JOIN verifications m
                                ON m.embed_id = c.id WHERE c.post_id = p.id
                                AND m.post_id IS NOT NULL AND m.post_id != p.id);

-- Posts X no longer serves: the articles quoting one counted as above.
DROP VIEW unavailable_posts;
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
       (SELECT count(DISTINCT e.article_id) FROM embeds e
        WHERE e.id IN (SELECT c.id FROM embeds c WHERE c.post_id = p.id
                       UNION SELECT m.embed_id FROM verifications m WHERE m.post_id = p.id))
           AS articles,
       (SELECT min(f.fetched_at) FROM embeds e JOIN article_fetches f ON f.id = e.fetch_id
        WHERE e.id IN (SELECT c.id FROM embeds c WHERE c.post_id = p.id
                       UNION SELECT m.embed_id FROM verifications m WHERE m.post_id = p.id))
           AS first_quoted_at
FROM posts p
WHERE p.status = 'unavailable';
