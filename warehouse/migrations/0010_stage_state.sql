-- Issue #14 part 1 / #12 item 3: every stage keeps its progress as a boolean column of its work
-- rows, set in the same transaction as its results (warehouse/stages.py names them). Nothing
-- downstream is selected by time any more, so a killed run's work is still pending next run.

-- embed: the claim's text has a vector and the claim its check-worthiness rank.
ALTER TABLE claims ADD COLUMN embedded BOOLEAN DEFAULT false;
UPDATE claims SET embedded = true
    WHERE linked OR text_sha1 IN (SELECT text_sha1 FROM embeddings);

-- topics: the article version has its topic scores; the claim has followed its version's verdict
-- (was: an article_beat row exists / claims.on_beat IS NOT NULL).
ALTER TABLE article_versions ADD COLUMN topics_scored BOOLEAN DEFAULT false;
UPDATE article_versions SET topics_scored = true
    WHERE EXISTS (SELECT 1 FROM article_beat b
                  WHERE b.article_id = article_versions.article_id AND b.version = article_versions.version);
ALTER TABLE claims ADD COLUMN topics_scored BOOLEAN DEFAULT false;
UPDATE claims SET topics_scored = on_beat IS NOT NULL;

-- factchecks: compared with the imported fact-checks (was: a factcheck_compared row).
ALTER TABLE claims ADD COLUMN factchecked BOOLEAN DEFAULT false;
UPDATE claims SET factchecked = true WHERE claim_id IN (SELECT claim_id FROM factcheck_compared);
DROP TABLE factcheck_compared;

-- contradictions: the link has been judged. Existing links start unjudged on purpose: links
-- made by a run that died before its contradiction stage were never judged (detect() took
-- only links created since the current run began); the next run judges every link once and
-- so restores the lost flags. Flags already stored are kept (ON CONFLICT DO NOTHING).
ALTER TABLE links ADD COLUMN judged BOOLEAN DEFAULT false;
