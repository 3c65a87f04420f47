-- Issue #17: a reviewer rules once per dispute (a fact with two or more positions). Rulings are
-- appended here by the review UI and copied by the job, at the start of each run, into the
-- store's `dispute_rulings` (migration 0014), like review_verdicts. The latest ruling of a
-- dispute is its state: outcome 'supported' names the position held up by the evidence, 'none'
-- says no position is, 'open' reopens it.
-- Times are ISO-8601 UTC text, as in 0001; evidence_urls is a JSON array of http(s) URLs.

CREATE TABLE dispute_rulings (
    ruling_id      TEXT PRIMARY KEY,
    dispute_id     TEXT NOT NULL,
    position_id    TEXT,
    outcome        TEXT NOT NULL CHECK (outcome IN ('supported', 'none', 'open')),
    reviewer       TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    evidence_urls  TEXT NOT NULL DEFAULT '[]',
    decided_at     TEXT NOT NULL,
    CHECK ((outcome = 'supported') = (position_id IS NOT NULL))
);
CREATE INDEX dispute_rulings_by_dispute ON dispute_rulings (dispute_id, decided_at);

CREATE TRIGGER dispute_rulings_no_update BEFORE UPDATE ON dispute_rulings
BEGIN SELECT RAISE(ABORT, 'dispute_rulings is append-only'); END;
CREATE TRIGGER dispute_rulings_no_delete BEFORE DELETE ON dispute_rulings
BEGIN SELECT RAISE(ABORT, 'dispute_rulings is append-only'); END;
