-- v2 rows (src/chain.rs): the admin trail (purges, token use, exports) lives in the same
-- chain as consents (kind); a visitor's decision number under one consent id; the hash
-- of the notice they were shown, each notice kept once; and the newest receipt time, so
-- that receipt times never go backwards in the chain (a purge cuts a prefix by them).
ALTER TABLE consent_records ADD COLUMN kind TEXT NOT NULL DEFAULT 'consent';
ALTER TABLE consent_records ADD COLUMN decision BIGINT NOT NULL DEFAULT 0;
ALTER TABLE consent_records ADD COLUMN notice_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE consent_records ADD COLUMN detail TEXT NOT NULL DEFAULT '';
ALTER TABLE chain_head ADD COLUMN head_received_ms BIGINT NOT NULL DEFAULT 0;
-- Where purges made before purge records existed left the anchor: verify accepts that
-- one anchor without a purge record (every later purge writes one).
ALTER TABLE chain_head ADD COLUMN legacy_base_seq BIGINT NOT NULL DEFAULT 0;
UPDATE chain_head SET legacy_base_seq = base_seq;
CREATE TABLE notices (
    hash TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    received_at_ms BIGINT NOT NULL
);
