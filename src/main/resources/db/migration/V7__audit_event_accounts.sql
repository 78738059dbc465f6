-- The accounts an audit event names, one row each (indexed), instead of a ",a,b," string matched with LIKE;
-- a caller limited to some accounts sees the events whose accounts are all among them.
create table audit_event_accounts (
    event_id   bigint      not null references audit_events (id),
    ordinal    integer     not null,
    account_id varchar(32) not null,
    primary key (event_id, ordinal)
);
create index audit_event_accounts_by_account on audit_event_accounts (account_id, event_id);

-- Every account recorded so far is an account id of 32 characters, so the string is "," + 33 characters
-- an account; no intent names more than a few.
insert into audit_event_accounts (event_id, ordinal, account_id)
select e.id, k.n, substring(e.accounts from 2 + 33 * k.n for 32)
from audit_events e
join (values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) as k (n) on length(e.accounts) >= 33 * (k.n + 1) + 1;

alter table audit_events drop column accounts;
alter table audit_events add constraint audit_events_outcome check (outcome in ('ALLOWED', 'DENIED'));
