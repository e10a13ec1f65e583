-- v3 rows (src/chain.rs): PECR Schedule A1 paras 5-6. `statistics` granted or not, and
-- which granted categories the visitor merely did not object to (run until objection)
-- as opposed to consented to, and which such categories they objected to. Space-
-- separated category ids; empty on every row written before these columns existed.
ALTER TABLE consent_records ADD COLUMN statistics BIGINT NOT NULL DEFAULT 0;
ALTER TABLE consent_records ADD COLUMN not_objected TEXT NOT NULL DEFAULT '';
ALTER TABLE consent_records ADD COLUMN objected TEXT NOT NULL DEFAULT '';
