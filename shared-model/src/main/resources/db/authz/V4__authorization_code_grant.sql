-- Authorization code grant (RFC 6749 4.1) with PKCE (RFC 7636), public clients and bound refresh
-- tokens (RFC 8705 4). Codes and refresh tokens are stored only as SHA-256 (base64url).

create table end_user (
    username       varchar(255) primary key,
    password_hash  varchar(100) not null,
    enabled        boolean      not null default true,
    created_at     timestamptz  not null default now(),
    updated_at     timestamptz  not null default now()
);

-- An authorization request waiting for the user to log in and consent. It is tied to the browser
-- that made it (a cookie, stored hashed) and carries the CSRF token its form must echo.
create table authorization_request (
    request_id            varchar(64)  primary key,
    browser_binding_hash  varchar(64)  not null,
    csrf_token            varchar(64)  not null,
    client_id             varchar(255) not null references oauth_client (client_id) on delete cascade,
    redirect_uri          text         not null,
    scope                 text         not null,
    state                 text,
    code_challenge        varchar(128) not null,
    failed_logins         integer      not null default 0,
    expires_at            timestamptz  not null
);
create index authorization_request_expires_at on authorization_request (expires_at);

-- What a user granted a client; every code redemption starts one. Refresh tokens and the access
-- tokens issued under it form one family that is revoked together.
create table authorization_grant (
    grant_id    varchar(64)  primary key,
    client_id   varchar(255) not null references oauth_client (client_id) on delete cascade,
    subject     varchar(255) not null,
    scope       text         not null,
    created_at  timestamptz  not null default now(),
    expires_at  timestamptz  not null,
    revoked_at  timestamptz
);
create index authorization_grant_expires_at on authorization_grant (expires_at);

create table authorization_code (
    code_hash       varchar(64)  primary key,
    client_id       varchar(255) not null references oauth_client (client_id) on delete cascade,
    redirect_uri    text         not null,
    subject         varchar(255) not null,
    scope           text         not null,
    code_challenge  varchar(128) not null,
    created_at      timestamptz  not null default now(),
    expires_at      timestamptz  not null,
    redeemed_at     timestamptz,
    grant_id        varchar(64)  references authorization_grant (grant_id) on delete set null
);
create index authorization_code_created_at on authorization_code (created_at);

create table refresh_token (
    token_hash  varchar(64)  primary key,
    grant_id    varchar(64)  not null references authorization_grant (grant_id) on delete cascade,
    client_id   varchar(255) not null,
    -- RFC 8705 4: the certificate a public client presented; null when bound to the client instead
    x5t_s256    varchar(64),
    issued_at   timestamptz  not null default now(),
    expires_at  timestamptz  not null,
    -- set when a public client's refresh token was exchanged for its successor; presenting it again is reuse
    rotated_at  timestamptz
);
create index refresh_token_grant_id on refresh_token (grant_id);

-- The access tokens issued under a grant, so that revoking the grant revokes them (RFC 7009 2.1).
create table grant_access_token (
    jti         varchar(64)  primary key,
    grant_id    varchar(64)  not null references authorization_grant (grant_id) on delete cascade,
    expires_at  timestamptz  not null
);
create index grant_access_token_grant_id on grant_access_token (grant_id);
