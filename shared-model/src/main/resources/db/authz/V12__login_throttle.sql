-- Failed logins counted across authorization requests (and replicas), per user name and per caller
-- address. The key is the SHA-256 of "user:<name>" or "address:<ip>": names that do not exist are
-- counted exactly like real ones, and no submitted string is stored.
create table login_throttle (
    throttle_key     varchar(64)  primary key,
    failures         integer      not null,
    last_failure_at  timestamptz  not null,
    locked_until     timestamptz
);
create index login_throttle_last_failure_at on login_throttle (last_failure_at);

-- Pending authorization requests are limited per caller address (SHA-256 of it).
alter table authorization_request add column caller_address_hash varchar(64);
create index authorization_request_caller on authorization_request (caller_address_hash, expires_at);
