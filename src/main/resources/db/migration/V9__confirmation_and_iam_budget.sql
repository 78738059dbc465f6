-- Issue 11. A policy counts as done only once IAM serves it: read back by its id after the create (or the
-- adoption) that named it. When that read first succeeded, per policy; per grant, when its last policy was.
-- Null for policies and grants done before the broker read policies back.
alter table grant_policies add column confirmed_at timestamp with time zone;
alter table grants add column confirmed_at timestamp with time zone;

-- One IAM budget for every replica: IAM's limits hold for the API key, not for one pod. Its single row is
-- locked by every claim round, so the live claims a round counts are all the claims there are, and it
-- holds the back-off a 429 asked for, which every replica honours before claiming more.
create table iam_budget (
    id           integer                  primary key check (id = 1),
    paused_until timestamp with time zone
);
insert into iam_budget (id, paused_until) values (1, null);
