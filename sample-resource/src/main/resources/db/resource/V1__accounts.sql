create table account (
    id          varchar(64)   primary key,
    owner       varchar(255)  not null,
    currency    char(3)       not null,
    balance     numeric(19,2) not null,
    nickname    varchar(255)
);
insert into account (id, owner, currency, balance, nickname) values
    ('acc-001', 'demo-user', 'GBP', 1520.75, 'Current account'),
    ('acc-002', 'demo-user', 'GBP', 10250.00, 'Savings'),
    ('acc-003', 'demo-user', 'EUR', 310.10, 'Travel');
