-- RFC 7009 revocation of JWT access tokens: kept by jti until they expire, then cleaned up.
create table revoked_token (
    jti         varchar(64)  primary key,
    client_id   varchar(255) not null,
    expires_at  timestamptz  not null,
    revoked_at  timestamptz  not null default now()
);
create index revoked_token_expires_at on revoked_token (expires_at);
