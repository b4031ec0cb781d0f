-- Every view reads an article as it stands from articles.current_fetch_id (schema 0023),
-- where it read the newest fetch holding embeds, and prose quotes by their newest check
-- for the current copy, where they were read for the newest copy that had any: a
-- corrected article's old misquotes are no longer its. A post's articles are those whose
-- current copy shows it (a corrected article no longer quotes it).

DROP VIEW latest_verdicts;

-- The newest verdict on each embed of each article's current copy: one row per embed.
CREATE VIEW latest_verdicts AS
SELECT e.id AS embed_id, e.article_id, e.post_id, vf.id AS verification_id, vf.verdict,
       vf.findings, vf.score, vf.checked_at,
       vf.verdict IN ('altered', 'author_mismatch', 'date_mismatch') AS misquote
FROM embeds e
JOIN verifications vf ON vf.id = (SELECT max(id) FROM verifications WHERE embed_id = e.id)
WHERE e.fetch_id = (SELECT current_fetch_id FROM articles WHERE id = e.article_id);

-- Misquotes: each embed of an article's current copy whose newest verdict is altered,
-- author_mismatch or date_mismatch (kind 'embed'), then each quote in an article's prose
-- whose newest check is altered (kind 'prose': verdict 'altered', reason the check's
-- detail, embed_id and verification_id empty, quote_claim_id its quote_claims row,
-- quoted_text the quote, sentence the sentence holding it, fetched_at the copy checked).
DROP VIEW misquotes;
CREATE VIEW misquotes AS
SELECT vf.id AS verification_id, e.id AS embed_id, e.article_id, a.title AS article_title,
       a.outlet, a.url AS article_url, f.fetched_at, vf.verdict,
       json_extract(vf.details, '$.' || vf.verdict) AS reason, vf.findings, vf.score,
       vf.post_id, e.handle AS shown_handle, e.author_name AS shown_author,
       e.shown_date, e.quoted_text, vf.checked_at, 'embed' AS kind,
       NULL AS quote_claim_id, NULL AS sentence
FROM verifications vf
JOIN embeds e ON e.id = vf.embed_id
JOIN articles a ON a.id = e.article_id
JOIN article_fetches f ON f.id = e.fetch_id
WHERE vf.verdict IN ('altered', 'author_mismatch', 'date_mismatch')
  AND vf.id = (SELECT max(id) FROM verifications WHERE embed_id = vf.embed_id)
  AND e.fetch_id = (SELECT current_fetch_id FROM articles WHERE id = e.article_id)
UNION ALL
SELECT NULL, NULL, q.article_id, a.title, a.outlet, a.url, f.fetched_at, q.result,
       q.detail, NULL, q.score, q.post_id, q.handle, NULL, NULL, q.quote, q.checked_at,
       'prose', q.id, q.sentence
FROM quote_claims q
JOIN articles a ON a.id = q.article_id
JOIN article_fetches f ON f.id = q.fetch_id
WHERE q.result = 'altered'
  AND q.fetch_id = (SELECT current_fetch_id FROM articles WHERE id = q.article_id)
  AND q.id = (SELECT max(id) FROM quote_claims WHERE article_id = q.article_id
              AND fetch_id = q.fetch_id AND handle = q.handle AND sentence = q.sentence
              AND quote = q.quote);

-- Each article with the posts its current copy shows and its misquotes: misquotes counts
-- both kinds, prose_misquotes those in the article's own prose.
DROP VIEW article_overview;
CREATE VIEW article_overview AS
SELECT a.id AS article_id, a.url, a.title, a.outlet, a.lang, a.published, a.first_seen_at,
       a.last_checked_at,
       (SELECT count(*) FROM embeds e WHERE e.fetch_id = a.current_fetch_id) AS embeds,
       (SELECT count(*) FROM latest_verdicts lv WHERE lv.article_id = a.id AND lv.misquote)
         + (SELECT count(*) FROM quote_claims q
            WHERE q.article_id = a.id AND q.result = 'altered'
              AND q.fetch_id = a.current_fetch_id
              AND q.id = (SELECT max(id) FROM quote_claims WHERE article_id = a.id
                          AND fetch_id = q.fetch_id AND handle = q.handle
                          AND sentence = q.sentence AND quote = q.quote)) AS misquotes,
       (SELECT count(*) FROM quote_claims q
        WHERE q.article_id = a.id AND q.result = 'altered'
          AND q.fetch_id = a.current_fetch_id
          AND q.id = (SELECT max(id) FROM quote_claims WHERE article_id = a.id
                      AND fetch_id = q.fetch_id AND handle = q.handle
                      AND sentence = q.sentence AND quote = q.quote)) AS prose_misquotes
FROM articles a;

-- Each post: misquoted_in counts the articles misquoting it in an embed or in their prose.
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
                       UNION SELECT m.embed_id FROM verifications m WHERE m.post_id = p.id)
          AND e.fetch_id = (SELECT current_fetch_id FROM articles WHERE id = e.article_id))
           AS articles,
       (SELECT count(*) FROM
          (SELECT lv.article_id FROM latest_verdicts lv
           WHERE lv.misquote
             AND lv.embed_id IN (SELECT c.id FROM embeds c WHERE c.post_id = p.id
                                 UNION SELECT m.embed_id FROM verifications m
                                 WHERE m.post_id = p.id)
           UNION
           SELECT q.article_id FROM quote_claims q
           WHERE q.post_id = p.id AND q.result = 'altered'
             AND q.fetch_id = (SELECT current_fetch_id FROM articles WHERE id = q.article_id)
             AND q.id = (SELECT max(id) FROM quote_claims WHERE article_id = q.article_id
                         AND fetch_id = q.fetch_id AND handle = q.handle
                         AND sentence = q.sentence AND quote = q.quote))) AS misquoted_in,
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
