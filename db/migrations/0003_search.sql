-- Full-text search over folded shadow columns (archiver.textnorm.fold_for_search): the
-- unicode61 tokenizer alone splits vowelled Arabic and folds neither alef forms, tatweel
-- nor Turkish İ/ı. Queries are folded by the same function before MATCH.
CREATE VIRTUAL TABLE post_versions_fts USING fts5(
    text_search, content='post_versions', content_rowid='id'
);
CREATE TRIGGER post_versions_fts_insert AFTER INSERT ON post_versions BEGIN
    INSERT INTO post_versions_fts(rowid, text_search) VALUES (new.id, new.text_search);
END;

CREATE VIRTUAL TABLE embeds_fts USING fts5(
    quoted_text_search, content='embeds', content_rowid='id'
);
CREATE TRIGGER embeds_fts_insert AFTER INSERT ON embeds BEGIN
    INSERT INTO embeds_fts(rowid, quoted_text_search) VALUES (new.id, new.quoted_text_search);
END;
