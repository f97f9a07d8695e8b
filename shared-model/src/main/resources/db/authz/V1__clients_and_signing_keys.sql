-- Registered OAuth clients (RFC 7591 metadata relevant to RFC 8705) and the AS signing keys.
create table oauth_client (
    client_id                                   varchar(255) primary key,
    client_name                                 varchar(255),
    token_endpoint_auth_method                  varchar(64)  not null,
    -- tls_client_auth: exactly one of these five holds a value
    tls_client_auth_subject_dn                  text,
    tls_client_auth_san_dns                     varchar(255),
    tls_client_auth_san_uri                     text,
    tls_client_auth_san_ip                      varchar(64),
    tls_client_auth_san_email                   varchar(320),
    -- self_signed_tls_client_auth: jwks (JSON text) xor jwks_uri
    jwks                                        text,
    jwks_uri                                    text,
    tls_client_certificate_bound_access_tokens  boolean      not null default false,
    grant_types                                 text         not null,
    scope                                       text         not null,
    audience                                    text,
    introspection_allowed                       boolean      not null default false,
    client_secret_hash                          text,
    enabled                                     boolean      not null default true,
    created_at                                  timestamptz  not null default now(),
    updated_at                                  timestamptz  not null default now()
);

create table signing_key (
    kid                     varchar(64)  primary key,
    algorithm               varchar(16)  not null,
    status                  varchar(16)  not null check (status in ('next', 'current', 'retired')),
    public_jwk              text         not null,
    -- AES-GCM sealed PKCS#8 private key: nonce || ciphertext (see README, "Signing keys at rest")
    private_key_sealed      bytea        not null,
    created_at              timestamptz  not null default now(),
    retired_at              timestamptz
);
create index signing_key_status on signing_key (status);
