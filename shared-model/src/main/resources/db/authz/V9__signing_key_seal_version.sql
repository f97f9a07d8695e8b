-- How each signing key's private part is sealed (see docs/security-hardening-c.md, "Signing keys at rest"):
-- 1 = AES-256-GCM under SHA-256(label || secret), stored as nonce || ciphertext (every release so far);
-- 2 = AES-256-GCM under HKDF-SHA256(secret, per-key random salt), stored as salt || nonce || ciphertext.
-- Rows written by a replica that does not know this column are version 1, which is what it writes.
alter table signing_key add column seal_version smallint not null default 1 check (seal_version in (1, 2));
