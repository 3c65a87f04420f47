-- Issue #13: cluster_id names a fact cluster (the claims of one fact key, agreeing or not, and
-- their keyless paraphrases); story_id names the coarser story (the connected component of
-- links, which cluster_id used to be). Left NULL here: a claim with a cluster_id and no
-- story_id was clustered by the old rule, and the next link stage recomputes all clusters.
ALTER TABLE claims ADD COLUMN story_id VARCHAR;
