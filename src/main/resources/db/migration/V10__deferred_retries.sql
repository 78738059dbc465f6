-- Issue 11. A policy whose attempt failed transiently (429, 5xx, no answer) waits out its back-off unclaimed,
-- holding no slot at IAM and no share of the cluster's budget: claim rounds skip it until next_attempt_at.
-- transient_failures counts its attempts that failed so since its last outcome, so broker.iam.retry.max-attempts
-- still bounds them across claims, instances and restarts; both are cleared when an outcome is recorded.
alter table grant_policies add column next_attempt_at timestamp with time zone;
alter table grant_policies add column transient_failures integer not null default 0;
-- For the dispatcher's question: when is the next policy in back-off due?
create index grant_policies_deferred on grant_policies (next_attempt_at);
