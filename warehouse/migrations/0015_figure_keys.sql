-- Issue 12: the rules of core/ stored with the rows, so no query re-derives them.
--
-- 1. Each figure's fact key and its value and bounds oriented to that key (core.facts:
--    `fact_key`, `oriented`): written by warehouse/claimstore.py when claims are stored. The
--    UPDATE below fills the rows stored before this migration with the same rule as it stands
--    today (a fallback subject keys nothing; a ratio is keyed by its sorted entity pair and
--    inverted when its subject sorts after its reference; a missing measure reads "None", as
--    Python's f-string wrote it). tests/test_figure_keys.py pins this SQL to core.facts.
ALTER TABLE figures ADD COLUMN fact_key VARCHAR;     -- NULL: keys no fact (no subject, a date, a guess)
ALTER TABLE figures ADD COLUMN key_value DOUBLE;     -- value in the key's direction (NULL: 1/0)
ALTER TABLE figures ADD COLUMN key_lower DOUBLE;     -- NULL = unbounded
ALTER TABLE figures ADD COLUMN key_upper DOUBLE;

UPDATE figures SET
    fact_key = CASE
        WHEN subject IS NULL OR unit = 'year' OR coalesce(subject_from = 'fallback', false) THEN NULL
        WHEN unit = 'x' AND coalesce(reference, '') <> '' AND reference <> subject
            THEN least(subject, reference) || '~' || greatest(subject, reference) || '|'
                 || coalesce(measure, 'None') || '|x'
        ELSE subject || '|' || coalesce(measure, 'None') || '|' || unit
    END,
    key_value = CASE
        WHEN unit = 'x' AND coalesce(reference, '') <> '' AND coalesce(subject, '') <> '' AND subject > reference
            THEN CASE WHEN value = 0 THEN NULL ELSE 1.0 / value END
        ELSE value
    END,
    key_lower = CASE
        WHEN unit = 'x' AND coalesce(reference, '') <> '' AND coalesce(subject, '') <> '' AND subject > reference
            THEN CASE WHEN coalesce(upper, 0) = 0 THEN NULL ELSE 1.0 / upper END
        ELSE lower
    END,
    key_upper = CASE
        WHEN unit = 'x' AND coalesce(reference, '') <> '' AND coalesce(subject, '') <> '' AND subject > reference
            THEN CASE WHEN coalesce(lower, 0) = 0 THEN NULL ELSE 1.0 / lower END
        ELSE upper
    END;

-- 2. Invariant 4 (core.eligibility.eligible): superseded claims and the claims of syndicated
--    copies take no part in links, clusters or contradictions. The one SQL encoding of it:
--    every query that needs it joins this view.
CREATE VIEW eligible_claims AS
SELECT c.claim_id, c.article_id
FROM claims c JOIN articles a ON a.article_id = c.article_id
WHERE c.current AND a.duplicate_of IS NULL;
