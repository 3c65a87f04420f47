-- The claim store: sources -> fetches -> articles (+versions) -> claims -> figures /
-- embeddings -> links / clusters -> contradictions. Natural keys everywhere, so that a
-- rerun over the same input inserts nothing (DESIGN.md, invariant 2).

CREATE TABLE runs (
    run_id       VARCHAR PRIMARY KEY,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    sources_file VARCHAR,
    status       VARCHAR NOT NULL,          -- running | completed | failed
    report       JSON                       -- counts and seconds per stage
);

-- One HTTP exchange. Body kept zlib-compressed so later stages can be replayed offline.
-- fetch_id = hash(url, status, body sha1): an unchanged page refetched adds no row.
CREATE TABLE fetches (
    fetch_id     VARCHAR PRIMARY KEY,
    url          VARCHAR NOT NULL,
    final_url    VARCHAR,
    source       VARCHAR NOT NULL,
    status       INTEGER,                   -- NULL when no response came (DNS, timeout)
    headers      JSON,
    encoding     VARCHAR,
    body_sha1    VARCHAR,
    body         BLOB,
    error        VARCHAR,
    fetched_at   TIMESTAMPTZ NOT NULL,
    run_id       VARCHAR
);

CREATE TABLE articles (
    article_id      VARCHAR PRIMARY KEY,    -- hash of the URL
    url             VARCHAR NOT NULL UNIQUE,
    canonical_url   VARCHAR,
    source          VARCHAR NOT NULL,
    title           VARCHAR,
    author          VARCHAR,
    published_at    TIMESTAMPTZ,
    lang            VARCHAR,
    version         INTEGER NOT NULL,       -- current version number, 1 = first seen
    duplicate_of    VARCHAR,                -- article_id of the earliest copy (syndication)
    first_seen      TIMESTAMPTZ NOT NULL
);

CREATE TABLE article_versions (
    article_id   VARCHAR NOT NULL,
    version      INTEGER NOT NULL,
    content_sha1 VARCHAR NOT NULL,
    title        VARCHAR,
    text         VARCHAR NOT NULL,
    fetch_id     VARCHAR NOT NULL,
    fetched_at   TIMESTAMPTZ NOT NULL,
    processed    BOOLEAN NOT NULL DEFAULT false,  -- claims extracted for this version
    PRIMARY KEY (article_id, version)
);

-- A check-worthy sentence. claim_id = hash(article_id, version, start, end).
CREATE TABLE claims (
    claim_id        VARCHAR PRIMARY KEY,
    article_id      VARCHAR NOT NULL,
    version         INTEGER NOT NULL,
    start_char      INTEGER NOT NULL,
    end_char        INTEGER NOT NULL,
    text            VARCHAR NOT NULL,
    text_sha1       VARCHAR NOT NULL,       -- of the normalised text: the embedding cache key
    lang            VARCHAR,
    claim_type      VARCHAR,
    checkworthiness DOUBLE NOT NULL,
    current         BOOLEAN NOT NULL DEFAULT true,
    superseded_by   VARCHAR,
    cluster_id      VARCHAR,
    linked          BOOLEAN NOT NULL DEFAULT false,  -- compared against the store already
    created_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE figures (
    claim_id    VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,           -- position of the figure within its claim
    value       DOUBLE NOT NULL,
    unit        VARCHAR NOT NULL,
    lower       DOUBLE,                     -- NULL = unbounded
    upper       DOUBLE,
    hedge       VARCHAR NOT NULL,
    precision   DOUBLE NOT NULL,
    surface     VARCHAR NOT NULL,
    start_char  INTEGER NOT NULL,           -- offsets within the claim text
    end_char    INTEGER NOT NULL,
    subject     VARCHAR,                    -- canonical entity id
    measure     VARCHAR,
    noun        VARCHAR,
    PRIMARY KEY (claim_id, idx)
);

CREATE TABLE embeddings (
    text_sha1   VARCHAR NOT NULL,
    model       VARCHAR NOT NULL,
    vector      FLOAT[384] NOT NULL,
    PRIMARY KEY (text_sha1, model)
);

-- claim_a < claim_b, so each pair is stored once.
CREATE TABLE links (
    claim_a     VARCHAR NOT NULL,
    claim_b     VARCHAR NOT NULL,
    similarity  DOUBLE NOT NULL,
    method      VARCHAR NOT NULL,           -- embedding | figure | embedding+figure
    tier        VARCHAR NOT NULL DEFAULT 'suggested',
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (claim_a, claim_b)
);

CREATE TABLE contradictions (
    contradiction_id VARCHAR PRIMARY KEY,   -- hash(claim_a, claim_b, kind)
    claim_a     VARCHAR NOT NULL,
    claim_b     VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,           -- quantity | date
    fact_key    VARCHAR,
    reason      VARCHAR NOT NULL,
    score       DOUBLE NOT NULL,
    status      VARCHAR NOT NULL DEFAULT 'open',  -- open | confirmed | dismissed
    detected_at TIMESTAMPTZ NOT NULL
);
