-- A status change names the answers that established it: the post_checks rows recorded
-- with it, as a JSON list of ids. Pages matched them by equal timestamps, which holds only
-- while the answers and the change fall in the same second. Rows written before this
-- column keep NULL (the pages then fall back to the timestamps), and the column joins a
-- row's hash only when set (archiver.integrity.ADDED_COLUMNS).
ALTER TABLE post_status_events ADD COLUMN check_ids TEXT;
