-- Issue #8: topics, the beat as data. Scores per article version and per claim; an article
-- whose best allowed topic is under the threshold is off-beat: stored (provenance), its
-- claims kept with on_beat = false and never linked, flagged or matched.

-- Every topic's score for one article version (all topics, so a new threshold can be
-- tried on the store); allowed = the source is not limited to other topics;
-- on_topic = allowed and score >= the threshold of the run that scored it.
CREATE TABLE article_topics (
    article_id  VARCHAR NOT NULL,
    version     INTEGER NOT NULL,
    topic       VARCHAR NOT NULL,
    score       DOUBLE NOT NULL,
    allowed     BOOLEAN NOT NULL,
    on_topic    BOOLEAN NOT NULL,
    PRIMARY KEY (article_id, version, topic)
);

-- One row per scored article version: its best on-topic topic (NULL = off-beat).
CREATE TABLE article_beat (
    article_id  VARCHAR NOT NULL,
    version     INTEGER NOT NULL,
    on_beat     BOOLEAN NOT NULL,
    topic       VARCHAR,
    threshold   DOUBLE NOT NULL,
    scored_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (article_id, version)
);

-- The topics a claim belongs to (score >= threshold), for `export --topic`.
CREATE TABLE claim_topics (
    claim_id    VARCHAR NOT NULL,
    topic       VARCHAR NOT NULL,
    score       DOUBLE NOT NULL,
    PRIMARY KEY (claim_id, topic)
);

-- The last topic limits seen per source (`topics: [...]` in the sources file), so that
-- `claimwatch reprocess` scores new versions as the daily job would.
CREATE TABLE source_topic_limits (
    source      VARCHAR PRIMARY KEY,
    topics      VARCHAR[] NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

ALTER TABLE claims ADD COLUMN topic VARCHAR;     -- best topic; NULL = off-beat or not scored yet
ALTER TABLE claims ADD COLUMN on_beat BOOLEAN;   -- NULL = not scored yet (treated as on the beat)
