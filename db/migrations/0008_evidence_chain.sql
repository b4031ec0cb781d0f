-- Every evidence row, in insertion order, chained: chain_sha256 = sha256(previous
-- chain_sha256 + row_sha256). Rewriting a row, deleting one or swapping bytes breaks
-- the chain from there on (archiver verify --integrity); the head can be exported and
-- timestamped anywhere (archiver export-manifest).
CREATE TABLE evidence_chain (
    seq INTEGER PRIMARY KEY,
    table_name TEXT NOT NULL,
    row_key TEXT NOT NULL,                 -- the row's primary key, as text
    row_sha256 TEXT NOT NULL,              -- SHA-256 of the row (archiver.integrity.row_sha256)
    chain_sha256 TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX evidence_chain_row ON evidence_chain(table_name, row_key);
CREATE TRIGGER evidence_chain_no_update BEFORE UPDATE ON evidence_chain
BEGIN SELECT RAISE(ABORT, 'evidence_chain is append-only'); END;
CREATE TRIGGER evidence_chain_no_delete BEFORE DELETE ON evidence_chain
BEGIN SELECT RAISE(ABORT, 'evidence_chain is append-only'); END;
