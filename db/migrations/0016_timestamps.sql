-- Trusted timestamps: a time-stamping authority's RFC 3161 token over the evidence chain's
-- head (archiver timestamp). The token is what the authority answered (a TimeStampResp,
-- DER), kept as received; its message imprint is the SHA-256 of the head's 32 bytes, so
-- `openssl ts -verify -data HEAD.bin -in TOKEN.tsr -CAfile CA.pem` checks it too. Tokens
-- are chained like every evidence row (archiver.integrity.EVIDENCE_TABLES), and
-- `archiver verify --integrity` validates each against the head it names.
CREATE TABLE timestamps (
    id INTEGER PRIMARY KEY,
    tsa_url TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    head_seq INTEGER NOT NULL,             -- evidence_chain.seq of the head signed
    head_sha256 TEXT NOT NULL,             -- its chain_sha256
    gen_time TEXT NOT NULL,                -- the time the authority states (UTC ISO-8601)
    serial TEXT NOT NULL,                  -- the token's serial number, as the authority gave it
    policy TEXT,                           -- the authority's policy OID
    token BLOB NOT NULL,                   -- the TimeStampResp, DER, as received
    token_sha256 TEXT NOT NULL,
    roots TEXT                             -- PEM of the CA certificates trusted for it (--tsa-ca);
                                           -- NULL: the usual web trust store (certifi)
);
CREATE TRIGGER timestamps_no_update BEFORE UPDATE ON timestamps
BEGIN SELECT RAISE(ABORT, 'timestamps is append-only evidence'); END;
CREATE TRIGGER timestamps_no_delete BEFORE DELETE ON timestamps
BEGIN SELECT RAISE(ABORT, 'timestamps is append-only evidence'); END;
