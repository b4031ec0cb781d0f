-- "Deleted or withheld since quoted" counts quoted posts: the view leaves out the edits X
-- named of an archived post that no article quotes (the home page and /unavailable read it).
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
WHERE p.status = 'unavailable'
  -- an edit X named of an archived post, which no article quotes, is that post's (listed
  -- on its page), not a quoted post gone: an edited post deleted counted twice, and an
  -- edit X would not serve made a quoted post on X count as gone
  AND NOT (NOT EXISTS (SELECT 1 FROM embeds c WHERE c.post_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM verifications m WHERE m.post_id = p.id)
           AND EXISTS (SELECT 1 FROM post_versions v, json_each(v.edit_ids) j
                       WHERE v.edit_ids LIKE '%,%' AND v.post_id != p.id
                       AND json_valid(v.edit_ids) AND j.value = p.id));
