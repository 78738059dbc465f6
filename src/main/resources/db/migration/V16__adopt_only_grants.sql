-- Issue 23. A grant's mode: CREATE (the broker creates what IAM lacks) or ADOPT (policies made elsewhere, e.g. by a
-- Terraform module run with skip_iam_authorization_policy: the broker only checks that IAM holds each one and adopts
-- it, never writing to IAM, not even when the grant is revoked or repaired). Every grant recorded before was CREATE.
alter table grants add column mode varchar(8) default 'CREATE' not null;
