-- Views for browsing (Datasette): what a person wants to see together, without SQL.

-- Each post with X's (or, without an X copy, the article's) latest text, its status,
-- first image, how many articles quote it and the latest verdict on them.
CREATE VIEW post_overview AS
SELECT p.id AS post_id,
       CASE WHEN p.has_x_id THEN 'https://x.com/' || coalesce(p.handle, 'i/web')
            || '/status/' || p.id END AS url,
       p.handle, p.author_name, p.date, p.created_at,
       (SELECT v.lang FROM post_versions v WHERE v.id = p.latest_version_id) AS lang,
       p.status, p.unavailable_reason AS reason, p.status_since,
       (SELECT v.text FROM post_versions v WHERE v.id = p.latest_version_id) AS text,
       (SELECT v.source FROM post_versions v WHERE v.id = p.latest_version_id) AS text_source,
       (SELECT m.thumbnail FROM post_versions pv
          JOIN post_media pm ON pm.post_version_id = pv.id
          JOIN media_fetches mf ON mf.url = pm.image_url AND mf.sha256 IS NOT NULL
          JOIN media m ON m.sha256 = mf.sha256
        WHERE pv.post_id = p.id ORDER BY pv.id DESC, pm.position LIMIT 1) AS thumbnail,
       (SELECT count(DISTINCT e.article_id) FROM embeds e WHERE e.post_id = p.id) AS articles,
       (SELECT vf.verdict FROM verifications vf WHERE vf.post_id = p.id
        ORDER BY vf.id DESC LIMIT 1) AS latest_verdict,
       p.first_seen_at, p.last_checked_at, p.latest_version_id AS version_id
FROM posts p;
-- (Scalar subqueries, not a join: a facet or count over the view then reads only the
-- posts columns it names, from their indexes. bench/browse.py.)

-- Each embed of each article's stored fetches, with the article, the post and the
-- latest verdict on it.
CREATE VIEW embed_overview AS
SELECT e.id AS embed_id, a.url AS article_url, a.title AS article_title, a.outlet,
       f.fetched_at, e.post_id, e.kind, e.handle, e.author_name, e.shown_date, e.date,
       e.quoted_text, e.lang, p.status AS post_status, p.unavailable_reason AS post_reason,
       vf.verdict, vf.findings, vf.score, vf.checked_at AS verified_at
FROM embeds e
JOIN articles a ON a.id = e.article_id
JOIN article_fetches f ON f.id = e.fetch_id
LEFT JOIN posts p ON p.id = e.post_id
LEFT JOIN verifications vf ON vf.id = (SELECT max(id) FROM verifications WHERE embed_id = e.id);

-- Each article with how many posts it shows and how its latest verdicts came out.
CREATE VIEW article_overview AS
SELECT a.id AS article_id, a.url, a.title, a.outlet, a.lang, a.published, a.first_seen_at,
       a.last_checked_at,
       (SELECT count(*) FROM embeds e WHERE e.fetch_id =
          (SELECT max(fetch_id) FROM embeds WHERE article_id = a.id)) AS embeds,
       (SELECT count(*) FROM embeds e JOIN verifications vf ON vf.id =
          (SELECT max(id) FROM verifications WHERE embed_id = e.id)
        WHERE e.article_id = a.id AND vf.verdict NOT IN ('match', 'truncated')) AS misquotes
FROM articles a;

CREATE INDEX verifications_post_id ON verifications(post_id, id DESC);
-- For the views' search (fts_pk version_id) and facets (bench/browse.py).
CREATE INDEX posts_latest_version ON posts(latest_version_id);
CREATE INDEX posts_status ON posts(status, unavailable_reason);
