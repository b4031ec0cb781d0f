-- find_posts counts the articles quoting each post: a covering index answers that
-- without reading the embeds rows (bench/lookup.py).
CREATE INDEX embeds_post_article ON embeds(post_id, article_id);
DROP INDEX embeds_post;
