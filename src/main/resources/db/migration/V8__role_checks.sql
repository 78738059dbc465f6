-- Whether each policy's roles were resolved against the roles IAM offers for its services (GET /v2/roles) when
-- its grant was recorded. False when IAM could not be asked (the catalog's pinned CRNs were recorded), and for
-- every policy recorded before the broker asked.
alter table grant_policies add column roles_checked boolean default false not null;
