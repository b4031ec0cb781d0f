-- A lookup by handle finds an account's posts under the handles it had before (a rename:
-- author_handles keeps each handle X showed for the account): the posts by author id.
CREATE INDEX posts_author ON posts(author_id);
