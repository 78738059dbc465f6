-- Issue 20/21. A revoke asks which other grants hold the IAM policy it deletes or gives back, and whether a grant
-- created it (grant_policies by iam_policy_id): without an index, every revoke read the whole table.
create index grant_policies_by_iam_policy on grant_policies (iam_policy_id);
