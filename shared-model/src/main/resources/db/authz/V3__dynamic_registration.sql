-- RFC 7591/7592: redirect URIs and the registration access token (SHA-256, base64url) of dynamically registered clients.
alter table oauth_client add column redirect_uris text;
alter table oauth_client add column registration_access_token_hash varchar(64);
alter table oauth_client add column registered_dynamically boolean not null default false;

-- Signing key rotation: when a key became current.
alter table signing_key add column activated_at timestamptz;
update signing_key set activated_at = created_at where status <> 'next';
