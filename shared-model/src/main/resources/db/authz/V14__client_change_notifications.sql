-- Every change to a client registration (insert, update, delete, truncate; by any AS replica or by
-- hand) is announced on the channel oauth_client_changed, delivered when its transaction commits.
-- The payload is the client_id ('' after a truncate: every client). Each replica's ClientLookup
-- listens and drops its cached copy at once, instead of serving the old registration until the
-- cache entry expires (suite.client-auth.client-cache-ttl). Notifications exist on the primary only.
create or replace function notify_oauth_client_changed() returns trigger
language plpgsql as $$
begin
    if tg_op = 'TRUNCATE' then
        perform pg_notify('oauth_client_changed', '');
    elsif tg_op = 'DELETE' then
        perform pg_notify('oauth_client_changed', old.client_id);
    else
        perform pg_notify('oauth_client_changed', new.client_id);
        if tg_op = 'UPDATE' and old.client_id <> new.client_id then
            perform pg_notify('oauth_client_changed', old.client_id);
        end if;
    end if;
    return null;
end;
$$;

create trigger oauth_client_changed
    after insert or update or delete on oauth_client
    for each row execute function notify_oauth_client_changed();

create trigger oauth_client_truncated
    after truncate on oauth_client
    for each statement execute function notify_oauth_client_changed();
