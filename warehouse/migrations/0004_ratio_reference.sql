-- Issue #4: a ratio keeps what it compares against ("1.7 times the GB200 NVL72"), so that
-- "A is 1.7 times B" and "B is 7.5 times slower than A" share a fact key.
ALTER TABLE figures ADD COLUMN reference VARCHAR;
