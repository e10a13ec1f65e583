-- One consent record per row, chained by hash (see src/chain.rs). Portable SQL: the same
-- file runs on SQLite and PostgreSQL. No IP address or cookie is ever stored.
CREATE TABLE consent_records (
    seq BIGINT PRIMARY KEY,
    consent_id TEXT NOT NULL,
    revision BIGINT NOT NULL,
    given_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    method TEXT NOT NULL,
    performance BIGINT NOT NULL,
    functionality BIGINT NOT NULL,
    targeting BIGINT NOT NULL,
    changed TEXT NOT NULL,
    page TEXT NOT NULL,
    received_at_ms BIGINT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (consent_id, given_at_ms)
);
CREATE INDEX consent_records_given_at ON consent_records (given_at_ms);
CREATE INDEX consent_records_received_at ON consent_records (received_at_ms);

-- The single chain-head row: every append and purge updates it in its own transaction,
-- which serialises writers across server instances. base_* is where verification starts
-- after a purge removed the oldest rows.
CREATE TABLE chain_head (
    id BIGINT PRIMARY KEY,
    head_seq BIGINT NOT NULL,
    head_hash TEXT NOT NULL,
    base_seq BIGINT NOT NULL,
    base_hash TEXT NOT NULL
);
INSERT INTO chain_head (id, head_seq, head_hash, base_seq, base_hash) VALUES (
    1,
    0, '0000000000000000000000000000000000000000000000000000000000000000',
    0, '0000000000000000000000000000000000000000000000000000000000000000'
);
