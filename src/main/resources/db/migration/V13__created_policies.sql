-- Issue 20. A policy one grant created may be held by other grants too (IAM's 409 names it to them). When the last
-- grant that holds it is revoked it is deleted, because the broker made it; a policy made elsewhere is only given back
-- what the broker added. So each row records whether its grant's submission created the IAM policy. Rows recorded
-- before this migration: those still CREATED, and those that failed after IAM created their policy.
alter table grant_policies add column created_by_grant boolean default false not null;
update grant_policies set created_by_grant = true
where status = 'CREATED' or (status = 'FAILED' and iam_policy_id is not null);
