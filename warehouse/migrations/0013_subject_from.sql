-- Issue 13: how a figure's subject was resolved (nlp/discourse.py): named | carried | maker-of |
-- part-of | fallback. NULL: no subject, or a row stored before this column existed (named then).
-- A fallback subject is shown to reviewers but keys no fact (nlp.claims.fact_key).
ALTER TABLE figures ADD COLUMN subject_from VARCHAR;
