-- OpenID Connect on the authorization code flow: users' standard claims, the clients' ID token
-- algorithm and logout addresses, the nonce and authentication facts a code carries to its ID
-- token, login sessions at the AS and remembered consent. Only additions: a replica of the
-- previous version keeps working against this schema.

alter table end_user
    add column name            varchar(255),
    add column email           varchar(320),
    add column email_verified  boolean not null default false;

alter table oauth_client
    -- JWS algorithm of the client's ID tokens; null means RS256 (OpenID Connect Registration 2)
    add column id_token_signed_response_alg  varchar(16),
    -- RP-Initiated Logout 1.0 3.1: space-separated, exact match
    add column post_logout_redirect_uris     text;

alter table authorization_request
    add column nonce            varchar(512),
    -- the login session's user when only consent is asked (the user is already signed in)
    add column session_subject  varchar(255);

alter table authorization_code
    add column nonce      varchar(512),
    add column auth_time  timestamptz,
    add column amr        varchar(64);

-- A browser's login at the AS; the cookie holds a random value, this table only its SHA-256.
create table login_session (
    session_hash  varchar(64)  primary key,
    username      varchar(255) not null references end_user (username) on delete cascade,
    auth_time     timestamptz  not null,
    amr           varchar(64)  not null,
    created_at    timestamptz  not null default now(),
    expires_at    timestamptz  not null
);
create index login_session_username on login_session (username);
create index login_session_expires_at on login_session (expires_at);

-- What a user allowed a client, remembered so that the next request does not ask again.
create table user_consent (
    username    varchar(255) not null references end_user (username) on delete cascade,
    client_id   varchar(255) not null references oauth_client (client_id) on delete cascade,
    -- space-separated; a request is covered when each of its scopes is here
    scope       text         not null,
    granted_at  timestamptz  not null default now(),
    primary key (username, client_id)
);
