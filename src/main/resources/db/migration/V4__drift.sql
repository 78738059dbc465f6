-- Verify and drift: what the last read-back of each policy from IAM found, and when.
alter table grant_policies add column drift varchar(16);
alter table grant_policies add column drift_detail varchar(2000);
alter table grants add column verified_at timestamp with time zone;
create index grants_verification_order on grants (status, verified_at);
