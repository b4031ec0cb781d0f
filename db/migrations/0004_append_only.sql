-- Evidence is append-only: a change is a new row with its own hash, never an edit.
CREATE TRIGGER article_fetches_no_update BEFORE UPDATE ON article_fetches
BEGIN SELECT RAISE(ABORT, 'article_fetches is append-only evidence'); END;
CREATE TRIGGER article_fetches_no_delete BEFORE DELETE ON article_fetches
BEGIN SELECT RAISE(ABORT, 'article_fetches is append-only evidence'); END;
CREATE TRIGGER post_versions_no_update BEFORE UPDATE ON post_versions
BEGIN SELECT RAISE(ABORT, 'post_versions is append-only evidence'); END;
CREATE TRIGGER post_versions_no_delete BEFORE DELETE ON post_versions
BEGIN SELECT RAISE(ABORT, 'post_versions is append-only evidence'); END;
CREATE TRIGGER embeds_no_update BEFORE UPDATE ON embeds
BEGIN SELECT RAISE(ABORT, 'embeds is append-only evidence'); END;
CREATE TRIGGER embeds_no_delete BEFORE DELETE ON embeds
BEGIN SELECT RAISE(ABORT, 'embeds is append-only evidence'); END;
