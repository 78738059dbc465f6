-- Issue 20. IAM holds one authorization policy per subject and resource, whatever its roles: a grant that finds
-- one without all of its roles adds them (status EXTENDED) and records which, as a JSON array of role CRNs, so
-- that a revoke gives back only those.
alter table grant_policies add column added_roles varchar(4000);
