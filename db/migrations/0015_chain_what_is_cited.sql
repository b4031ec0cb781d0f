-- Everything a fact-checker cites is chained, not only the bytes X and the sites served:
-- which version shows which image (post_media), every download of an image
-- (media_fetches), every status change (post_status_events), every verdict
-- (verifications), every checked prose quote (quote_claims) and every finished run (runs)
-- join evidence_chain as they are written (archiver.integrity.EVIDENCE_TABLES).
--
-- The rows an archive holds when this is applied are chained by the step that follows
-- this file in the same transaction (archiver.store.seal_rows_written_before_their_chain),
-- in the order they were written: nothing is updated or deleted, only chain entries added.
-- A run is chained when it finishes; a finished run is never changed again.

CREATE TRIGGER IF NOT EXISTS runs_no_delete BEFORE DELETE ON runs
BEGIN SELECT RAISE(ABORT, 'runs is append-only evidence'); END;
CREATE TRIGGER IF NOT EXISTS runs_finished_no_update BEFORE UPDATE ON runs
WHEN OLD.finished_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a finished run is evidence: it is never changed'); END;
