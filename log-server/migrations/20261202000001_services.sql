-- v4 rows (src/chain.rs): the per-service choice inside each category, as canonical
-- JSON (`{"performance":{"clarity":false,"ga4":true}}`); empty on every row written
-- before this column existed, and on records from pages that run no named service.
ALTER TABLE consent_records ADD COLUMN services TEXT NOT NULL DEFAULT '';
