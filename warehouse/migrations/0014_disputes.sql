-- Issue #17: positions, disputes and provenance of fact clusters (rules in core/positions.py and
-- core/provenance.py; docs/disputes.md). Derived rows: the dispute stage replaces the rows of
-- every cluster it recomputes, in one transaction with its stage state. Rulings are the
-- exception: they are the reviewers' record and are only ever appended (synced from the review
-- store at the start of a run, like review_verdicts).

-- The origin each current claim's figure is attributed to (core.provenance.Origin).
CREATE TABLE claim_origins (
    claim_id   VARCHAR PRIMARY KEY,
    kind       VARCHAR NOT NULL,   -- self | outlet | publication | official | anonymous | named
    origin_id  VARCHAR NOT NULL,   -- 'outlet:reuters', 'official:mofcom', ...
    name       VARCHAR NOT NULL    -- as shown to people
);

-- One row per fact cluster with figures of its fact key (disputed or not).
CREATE TABLE fact_summaries (
    cluster_id        VARCHAR PRIMARY KEY,
    fact_key          VARCHAR NOT NULL,
    subject           VARCHAR,
    measure           VARCHAR,
    unit              VARCHAR,
    positions         INTEGER NOT NULL,   -- count
    support           INTEGER NOT NULL,   -- independent origins of the whole fact
    single_source     BOOLEAN NOT NULL,
    first_claim_id    VARCHAR,
    first_source      VARCHAR,
    first_reported_at TIMESTAMPTZ,
    last_reported_at  TIMESTAMPTZ
);

-- A fact with two or more positions. dispute_id = stable_id('dispute', cluster_id).
-- score is computed when read (core.positions.score(spread, contest, last_reported_at, now)).
CREATE TABLE fact_disputes (
    dispute_id       VARCHAR PRIMARY KEY,
    cluster_id       VARCHAR NOT NULL,
    spread           DOUBLE NOT NULL,
    contest          DOUBLE NOT NULL,
    last_reported_at TIMESTAMPTZ
);

-- Positions of every summarised fact, low to high (ordinal 0 = lowest).
CREATE TABLE fact_positions (
    position_id       VARCHAR PRIMARY KEY,  -- stable_id('position', cluster_id, first claim_id)
    cluster_id        VARCHAR NOT NULL,
    ordinal           INTEGER NOT NULL,
    lower             DOUBLE,               -- NULL = unbounded
    upper             DOUBLE,
    value             DOUBLE,               -- representative value
    support           INTEGER NOT NULL,     -- independent origins
    single_source     BOOLEAN NOT NULL,
    first_claim_id    VARCHAR NOT NULL,
    first_source      VARCHAR,
    first_reported_at TIMESTAMPTZ,
    origins           VARCHAR[] NOT NULL DEFAULT []  -- the root origin ids behind it (support = len)
);

-- The figures (claim_id, figures.idx) each position holds.
CREATE TABLE position_claims (
    position_id VARCHAR NOT NULL,
    claim_id    VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    PRIMARY KEY (position_id, claim_id, idx)
);

-- Re-report edges within a fact: citing origin -> cited origin, via claim_id.
-- kind: cites (an attribution) | copy (a syndicated copy of the cited outlet's article).
CREATE TABLE citation_edges (
    cluster_id VARCHAR NOT NULL,
    citing     VARCHAR NOT NULL,
    cited      VARCHAR NOT NULL,
    claim_id   VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,
    PRIMARY KEY (cluster_id, citing, cited, claim_id)
);

-- A reviewer's ruling on a dispute, append-only. outcome: supported (position_id names the
-- supported position) | none (no position is supported) | open (reopened / still open).
-- evidence_urls: a JSON array of strings.
CREATE TABLE dispute_rulings (
    ruling_id     VARCHAR PRIMARY KEY,
    dispute_id    VARCHAR NOT NULL,
    position_id   VARCHAR,
    outcome       VARCHAR NOT NULL CHECK (outcome IN ('supported', 'none', 'open')),
    reviewer      VARCHAR NOT NULL,
    note          VARCHAR NOT NULL DEFAULT '',
    evidence_urls VARCHAR NOT NULL DEFAULT '[]',
    decided_at    TIMESTAMPTZ NOT NULL
);

-- The dispute stage's state (warehouse/disputes.py): each clustered, eligible claim as the stage
-- last built its fact from it: its cluster and a digest of what its rows depend on (outlet,
-- reported time, attribution, language, syndicated appearances, the outlets below). A claim
-- whose cluster or digest differs, or that left every cluster, is pending, and so are its old
-- and new clusters: the stage's work is the clusters touched since it last ran, by state.
CREATE TABLE dispute_inputs (
    claim_id   VARCHAR PRIMARY KEY,
    cluster_id VARCHAR NOT NULL,
    digest     VARCHAR NOT NULL
);

-- The outlets attributions were resolved against (the sources file of the last daily run;
-- `reprocess`, which has no sources file, reuses them). A change makes every claim pending.
CREATE TABLE dispute_outlets (
    name    VARCHAR PRIMARY KEY,
    domains VARCHAR[] NOT NULL,
    aliases VARCHAR[] NOT NULL
);
