-- Issue #6: a flag closes itself when a revision removes one of its sides (status 'closed');
-- closed_reason says why (revised | syndicated). figure_a/figure_b are the figures.idx of the
-- two figures that disagree, so the review UI can highlight them in both claims.
ALTER TABLE contradictions ADD COLUMN closed_at TIMESTAMPTZ;
ALTER TABLE contradictions ADD COLUMN closed_reason VARCHAR;
ALTER TABLE contradictions ADD COLUMN figure_a INTEGER;
ALTER TABLE contradictions ADD COLUMN figure_b INTEGER;
