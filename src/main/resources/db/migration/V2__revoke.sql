-- Revoking a grant: when it was asked for, and whether policies the grant only adopted go too.
alter table grants add column revoke_requested_at timestamp with time zone;
alter table grants add column include_adopted boolean default false not null;
create index grant_policies_claimable on grant_policies (status, claimed_until);
