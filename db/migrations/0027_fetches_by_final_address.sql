-- The page an article is, reached by another address: an article is looked up by the
-- address its fetches ended at after the site's redirects as well as by its own
-- (pipeline: one page, one article, whatever address a listing wrote for it).
CREATE INDEX article_fetches_final_url ON article_fetches(final_url);
