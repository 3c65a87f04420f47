-- Issue #15: crawling the real web.
-- The redirect chain of a fetch ([{url, status}], first hop first; final_url answered).
ALTER TABLE fetches ADD COLUMN redirects JSON;
-- Revisits decay by age since first seen; a listing's change marker (<lastmod>, <updated>,
-- <pubDate>, <guid>) that differs from the stored one triggers a refetch at once.
ALTER TABLE url_state ADD COLUMN first_seen TIMESTAMPTZ;
ALTER TABLE url_state ADD COLUMN entry_stamp VARCHAR;
-- Per run and source, what the crawl ran into: bounds hit (bound -> URLs not fetched),
-- refusals of the closed address space (reason -> count), configured URLs that moved
-- permanently (url -> new url), requests made. Kept apart from source_runs so that a
-- truncated or moved source is reported as such, never as failing.
CREATE TABLE source_crawls (
    run_id     VARCHAR NOT NULL,
    source     VARCHAR NOT NULL,
    truncated  JSON NOT NULL,
    refused    JSON NOT NULL,
    moved      JSON NOT NULL,
    requests   INTEGER NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run_id, source)
);
