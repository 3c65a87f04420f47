-- Issue #6: reviewers, their sign-in sessions, and the append-only record of verdicts.

-- Created by `claimwatch review add-user NAME`; the password itself is never stored, only
-- 'scrypt$n$r$p$salt$hash' (hashlib.scrypt, a 16-byte random salt per reviewer).
CREATE TABLE reviewers (
    name          VARCHAR PRIMARY KEY,
    password_hash VARCHAR NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

-- A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a
-- reader of the database file cannot sign in as anyone. Rows go at sign-out or expiry.
CREATE TABLE review_sessions (
    session_hash VARCHAR PRIMARY KEY,
    reviewer     VARCHAR NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);

-- Every verdict, in order: who, when, what, why, and the status it replaced. Rows are only
-- ever inserted (warehouse/review.py record_verdict); contradictions.status follows the
-- latest one.
CREATE TABLE review_verdicts (
    verdict_id       VARCHAR PRIMARY KEY,
    contradiction_id VARCHAR NOT NULL,
    reviewer         VARCHAR NOT NULL,
    verdict          VARCHAR NOT NULL CHECK (verdict IN ('confirmed', 'dismissed', 'needs_work')),
    note             VARCHAR NOT NULL DEFAULT '',
    previous_status  VARCHAR NOT NULL,
    decided_at       TIMESTAMPTZ NOT NULL
);
