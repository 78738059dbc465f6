-- Batches: many intents asked for at once; each item is an ordinary grant.
create table grant_batches (
    id         uuid                     primary key,
    created_at timestamp with time zone not null
);

create table grant_batch_items (
    batch_id uuid    not null references grant_batches (id),
    position integer not null,
    grant_id uuid    not null references grants (id),
    primary key (batch_id, position)
);
