-- Least privilege for the introspection service where it logs in with a role of its own, named
-- introspection_service (the Kubernetes manifests create it before the AS first migrates): it reads
-- the authorization data and inserts audit rows, nothing else; no schema change, no update, no
-- delete. Tables created later by this (the AS's) role are readable through the default
-- privileges; a migration that makes the introspection service write to another table grants that
-- itself. Where the role does not exist (one role for everything, as ./suite and the tests use),
-- nothing happens.
do $$
begin
    if exists (select 1 from pg_roles where rolname = 'introspection_service') then
        grant usage on schema public to introspection_service;
        grant select on all tables in schema public to introspection_service;
        alter default privileges in schema public grant select on tables to introspection_service;
        grant insert on audit_event to introspection_service;
        grant usage on sequence audit_event_id_seq to introspection_service;
    end if;
end
$$;
