create table payment (
    id              varchar(64)   primary key,
    client_id       varchar(255)  not null,
    from_account    varchar(64)   not null references account (id),
    amount          numeric(19,2) not null check (amount > 0),
    currency        char(3)       not null,
    creditor_name   varchar(140)  not null,
    creditor_iban   varchar(34)   not null,
    created_at      timestamptz   not null default now()
);
