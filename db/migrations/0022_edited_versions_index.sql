-- The versions whose post X says was edited (edit_control.edit_tweet_ids names two ids or
-- more): few, and read together by every verify pass, to find the other versions of an
-- edited post an article may quote (store.edit_chains). A partial index, so that reading
-- them costs a look at those rows only.
CREATE INDEX post_versions_edited ON post_versions(post_id) WHERE edit_ids LIKE '%,%';
