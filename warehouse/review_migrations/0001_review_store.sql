-- Issue #14: the review UI's own store (SQLite, beside the DuckDB store), so that the UI never
-- opens the job's file. Reviewers, sign-in sessions and verdicts move here from migration 0006's
-- tables; the job copies verdicts into the main store (review_verdicts) at the start of each run.
-- Times are ISO-8601 UTC text ('2026-12-05T09:00:00.000000Z'): they sort as they compare.

CREATE TABLE reviewers (
    name          TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,  -- 'scrypt$n$r$p$salt$hash'; never the password
    created_at    TEXT NOT NULL
);

-- Only the SHA-256 of the cookie's token: a reader of this file cannot sign in as anyone.
CREATE TABLE review_sessions (
    session_hash TEXT PRIMARY KEY,
    reviewer     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX review_sessions_expiry ON review_sessions (expires_at);

-- Every verdict, in order; previous_status is the status the reviewer saw (snapshot status with
-- the UI's earlier verdicts laid over it).
CREATE TABLE review_verdicts (
    verdict_id       TEXT PRIMARY KEY,
    contradiction_id TEXT NOT NULL,
    reviewer         TEXT NOT NULL,
    verdict          TEXT NOT NULL CHECK (verdict IN ('confirmed', 'dismissed', 'needs_work')),
    note             TEXT NOT NULL DEFAULT '',
    previous_status  TEXT NOT NULL,
    decided_at       TEXT NOT NULL
);
CREATE INDEX review_verdicts_by_contradiction ON review_verdicts (contradiction_id, decided_at);

-- Append-only, enforced by the store itself rather than by every caller.
CREATE TRIGGER review_verdicts_no_update BEFORE UPDATE ON review_verdicts
BEGIN SELECT RAISE(ABORT, 'review_verdicts is append-only'); END;
CREATE TRIGGER review_verdicts_no_delete BEFORE DELETE ON review_verdicts
BEGIN SELECT RAISE(ABORT, 'review_verdicts is append-only'); END;
