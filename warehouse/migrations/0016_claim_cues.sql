-- Issue #12 item 4: the contradiction cues of a claim's sentence (nlp/contradiction_cues.py:
-- its event class, the periods it names, each figure's part/whole scope) are computed once, when
-- the claim is extracted, and stored with it, so the contradiction stage reads them instead of
-- re-running multilingual regexes on every judged link.
-- cues: JSON {"event", "periods", "scopes"}; NULL only while `cued` is false.
-- cued: the cues stage's done column (warehouse/stages.py). Claims stored before this migration
-- start uncued; the next run's NLP stage computes their cues. A link with an uncued side stays
-- unjudged until then: a missing cue is never read as "no cue".
ALTER TABLE claims ADD COLUMN cues JSON;
ALTER TABLE claims ADD COLUMN cued BOOLEAN DEFAULT false;
