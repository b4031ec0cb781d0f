-- What an article shows is a claim, never evidence about the post. Older archives stored
-- each embed's text as a post_versions row (source 'embed') and pointed
-- posts.latest_version_id at it; those rows stay (evidence is append-only and chained),
-- but nothing reads them as the post's text any more: a post's text is X's latest copy,
-- and a post X never served has none (the views show the newest quote, labelled).

UPDATE posts SET latest_version_id = (
    SELECT max(v.id) FROM post_versions v
    WHERE v.post_id = posts.id AND v.source IN ('syndication', 'oembed'))
WHERE latest_version_id IS NOT NULL
  AND latest_version_id NOT IN (SELECT id FROM post_versions
                                WHERE source IN ('syndication', 'oembed'));

-- The newest verdict on each embed of each article's latest fetch: one row per embed.
CREATE VIEW latest_verdicts AS
SELECT e.id AS embed_id, e.article_id, e.post_id, vf.id AS verification_id, vf.verdict,
       vf.findings, vf.score, vf.checked_at,
       vf.verdict IN ('altered', 'author_mismatch', 'date_mismatch') AS misquote
FROM embeds e
JOIN verifications vf ON vf.id = (SELECT max(id) FROM verifications WHERE embed_id = e.id)
WHERE e.fetch_id = (SELECT max(fetch_id) FROM embeds WHERE article_id = e.article_id);

DROP VIEW post_overview;
-- Each post with X's latest text (never an article's: for a post X never served, the
-- newest quote is in quoted_text, labelled as the article's), its status, first image,
-- the articles quoting it and each one's verdict.
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
       (SELECT m.thumbnail FROM post_versions pv
          JOIN post_media pm ON pm.post_version_id = pv.id
          JOIN media_fetches mf ON mf.url = pm.image_url AND mf.sha256 IS NOT NULL
          JOIN media m ON m.sha256 = mf.sha256
        WHERE pv.post_id = p.id ORDER BY pv.id DESC, pm.position LIMIT 1) AS thumbnail,
       (SELECT count(DISTINCT e.article_id) FROM embeds e WHERE e.post_id = p.id) AS articles,
       (SELECT count(DISTINCT lv.article_id) FROM latest_verdicts lv
        WHERE lv.post_id = p.id AND lv.misquote) AS misquoted_in,
       (SELECT group_concat(verdict || ' ×' || n, ', ') FROM
          (SELECT lv.verdict, count(*) AS n FROM latest_verdicts lv
           WHERE lv.post_id = p.id GROUP BY lv.verdict ORDER BY lv.verdict)) AS verdicts,
       p.first_seen_at, p.last_checked_at, p.latest_version_id AS version_id
FROM posts p;

DROP VIEW article_overview;
-- Each article with how many posts its latest fetch shows and how many of those it
-- misquotes (altered, author_mismatch, date_mismatch: not unavailable, unverifiable,
-- truncated or match).
CREATE VIEW article_overview AS
SELECT a.id AS article_id, a.url, a.title, a.outlet, a.lang, a.published, a.first_seen_at,
       a.last_checked_at,
       (SELECT count(*) FROM embeds e WHERE e.fetch_id =
          (SELECT max(fetch_id) FROM embeds WHERE article_id = a.id)) AS embeds,
       (SELECT count(*) FROM latest_verdicts lv WHERE lv.article_id = a.id AND lv.misquote)
           AS misquotes
FROM articles a;
