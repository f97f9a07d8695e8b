-- Every account belongs to one subject: the token's sub (for client-credentials tokens the client_id,
-- for authorization-code tokens the user). The RS serves only the subject's own accounts.
-- acc-001..003 go to demo-san-dns, the client of the README walk-through (it pays from acc-001);
-- the end user and every other demo client (./suite's DemoClients, the k8s dev overlay's
-- demo-client) get accounts of their own, so each walk-through, ./bench and the outage tests see some.
update account set owner = 'demo-san-dns' where id in ('acc-001', 'acc-002', 'acc-003');
insert into account (id, owner, currency, balance, nickname) values
    ('acc-101', 'demo-user',            'GBP', 2480.00, 'Current account'),
    ('acc-102', 'demo-user',            'EUR',  640.25, 'Holidays'),
    ('acc-201', 'demo-subject-dn',      'GBP', 1200.00, 'Operating account'),
    ('acc-301', 'demo-san-uri',         'GBP',  830.40, 'Operating account'),
    ('acc-401', 'demo-san-ip',          'GBP',  990.00, 'Operating account'),
    ('acc-501', 'demo-san-email',       'GBP',  450.10, 'Operating account'),
    ('acc-601', 'demo-self-signed',     'GBP', 1750.00, 'Operating account'),
    ('acc-701', 'demo-resource-server', 'GBP',  100.00, 'Operating account'),
    ('acc-801', 'demo-client',          'GBP', 3100.00, 'Operating account')
on conflict (id) do nothing;
create index account_owner on account (owner);
