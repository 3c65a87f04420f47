-- Issue #16 item 4: syndication by stored MinHash signatures and LSH buckets, so a load hashes
-- only its new article versions and looks them up by bucket instead of shingling every stored
-- article again (warehouse/syndication.py). Both tables are a cache of article_versions.text:
-- a store from before starts empty and the next load hashes every current version once.

-- One signature per article: the MinHash of its current version's 5-word shingles (128
-- permutations; datasketch's 32-bit values). `version` says which text it was computed from,
-- so an edited article is hashed again.
CREATE TABLE article_minhash (
    article_id VARCHAR PRIMARY KEY,
    version    INTEGER NOT NULL,
    signature  UINTEGER[] NOT NULL
);

-- Its LSH bands: one row per band, the band's hash as the bucket. Two articles that share a
-- bucket are candidates; the exact shingle overlap of their texts decides.
CREATE TABLE article_lsh (
    bucket     UBIGINT NOT NULL,
    band       SMALLINT NOT NULL,
    article_id VARCHAR NOT NULL
);
CREATE INDEX article_lsh_article ON article_lsh (article_id);
