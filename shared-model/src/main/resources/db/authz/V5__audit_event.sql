-- The audit trail's table, filled in batches off the request path; rows older than
-- suite.audit.retention are deleted. details never holds secrets or tokens (jti only).
create table audit_event (
    id           bigserial    primary key,
    occurred_at  timestamptz  not null,
    event_type   varchar(64)  not null,
    outcome      varchar(16)  not null,
    client_id    varchar(255),
    service      varchar(64)  not null,
    request_id   varchar(64),
    details      jsonb        not null
);
create index audit_event_occurred_at on audit_event (occurred_at);
create index audit_event_client_id on audit_event (client_id, occurred_at);
