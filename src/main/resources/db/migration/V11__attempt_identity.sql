-- Issue 18. The broker acts in each account as that account's identity (its own trusted profile, or the base
-- identity in its home account): each recorded exchange names the IAM identity (iam_id) that made it. Null for
-- exchanges recorded before, and for token requests that got no token.
alter table submission_attempts add column iam_id varchar(256);
