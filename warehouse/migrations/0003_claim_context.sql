-- Issue #4: who a claim is attributed to, and the named entities it mentions
-- (canonical gazetteer ids, plus NER entities outside the gazetteer with their label).
ALTER TABLE claims ADD COLUMN attributed_to VARCHAR;
ALTER TABLE claims ADD COLUMN entities JSON;
