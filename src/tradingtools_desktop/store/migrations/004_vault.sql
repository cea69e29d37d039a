-- 004: the secrets vault. Only ciphertext is stored: each secret is AES-256-GCM under the
-- profile's data key, bound (associated data) to the profile id and its name; the data key
-- itself is stored wrapped by a key in the OS keychain or by a passphrase (scrypt, its
-- parameters in kdf). The audit trail records names and actions, never values.
CREATE TABLE IF NOT EXISTS vault_keys (
    key_id         VARCHAR PRIMARY KEY,
    profile_id     VARCHAR NOT NULL,
    protection     VARCHAR NOT NULL,
    cipher         VARCHAR NOT NULL,
    kdf            JSON,
    keychain_user  VARCHAR,
    wrapped_key    BLOB NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS vault_secrets (
    name        VARCHAR PRIMARY KEY,
    key_id      VARCHAR NOT NULL,
    ciphertext  BLOB NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS vault_audit_seq;

CREATE TABLE IF NOT EXISTS vault_audit (
    id          BIGINT PRIMARY KEY DEFAULT nextval('vault_audit_seq'),
    changed_at  TIMESTAMPTZ NOT NULL,
    name        VARCHAR NOT NULL,
    action      VARCHAR NOT NULL,
    source      VARCHAR NOT NULL
);
