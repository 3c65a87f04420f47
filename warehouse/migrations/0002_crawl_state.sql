-- Issue #3: incremental, revision-aware crawling with failure accounting.

-- What the server said of each URL last time: validators for conditional requests, the
-- body hash that lets an unchanged page skip extraction, and "gone" (404/410) so a dead
-- URL is not fetched again every run.
CREATE TABLE url_state (
    url            VARCHAR PRIMARY KEY,
    source         VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,       -- article | feed | sitemap | listing
    etag           VARCHAR,
    last_modified  VARCHAR,
    body_sha1      VARCHAR,
    last_status    INTEGER,
    gone           BOOLEAN NOT NULL DEFAULT false,
    checked_at     TIMESTAMPTZ NOT NULL
);

-- Per run and source: how discovery and fetching went. Health is derived from it:
-- a source whose feeds all failed in its last 3 runs is unhealthy.
CREATE TABLE source_runs (
    run_id           VARCHAR NOT NULL,
    source           VARCHAR NOT NULL,
    feeds_ok         INTEGER NOT NULL,
    feeds_failed     INTEGER NOT NULL,
    articles_ok      INTEGER NOT NULL,
    articles_failed  INTEGER NOT NULL,
    not_modified     INTEGER NOT NULL,
    skipped          INTEGER NOT NULL,     -- robots.txt, too large, not HTML, gone, too old
    finished_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run_id, source)
);

-- "Correction: ..." / 訂正 notices found in an article version.
CREATE TABLE corrections (
    article_id  VARCHAR NOT NULL,
    version     INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    PRIMARY KEY (article_id, version, text)
);

-- A claim carried by a syndicated copy: provenance of the original's claim, not a new
-- source, never a confirmation or a contradiction of its own.
CREATE TABLE appearances (
    claim_id    VARCHAR NOT NULL,          -- the original's claim
    article_id  VARCHAR NOT NULL,          -- the copy
    source      VARCHAR NOT NULL,
    url         VARCHAR NOT NULL,
    seen_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (claim_id, article_id)
);
