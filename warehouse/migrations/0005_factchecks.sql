-- Issue #5, "has this already been checked?": imported fact-checks and the new claims matched to them.

-- One fact-checked claim (CheckThat! verified claim, JSONL row or ClaimReview).
CREATE TABLE factchecks (
    factcheck_id VARCHAR PRIMARY KEY,       -- the file's id / url / @id
    claim        VARCHAR NOT NULL,          -- the claim that was checked (vclaim, claimReviewed)
    title        VARCHAR NOT NULL DEFAULT '',
    url          VARCHAR,
    rating       VARCHAR,                   -- reviewRating.alternateName
    published    VARCHAR,                   -- as given (datePublished / date)
    text_sha1    VARCHAR NOT NULL,          -- embedding key of "claim title" (nlp.embeddings.text_key)
    dup_key      VARCHAR NOT NULL,          -- the claim, lower-cased, letters and digits only
    canonical_id VARCHAR NOT NULL,          -- lowest id sharing dup_key: near-duplicates answer once
    source_file  VARCHAR,
    imported_at  TIMESTAMPTZ NOT NULL
);

-- A claim compared with the fact-checks: at most k rows per claim, rank 1 = best.
CREATE TABLE factcheck_matches (
    claim_id     VARCHAR NOT NULL,
    factcheck_id VARCHAR NOT NULL,
    rank         INTEGER NOT NULL,
    score        DOUBLE NOT NULL,
    matched_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (claim_id, factcheck_id)
);

-- Claims already compared (with or without a match above the floor), so reruns skip them.
CREATE TABLE factcheck_compared (
    claim_id     VARCHAR PRIMARY KEY,
    compared_at  TIMESTAMPTZ NOT NULL
);
