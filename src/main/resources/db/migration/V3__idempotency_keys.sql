-- Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): the first response to each key, replayed
-- for a repeat of the same request.
create table idempotency_keys (
    caller           varchar(256)             not null,
    idempotency_key  varchar(256)             not null,
    fingerprint      char(64)                 not null,  -- SHA-256 of method, path, query and body
    state            varchar(16)              not null,  -- PROCESSING or DONE
    response_status  integer,
    response_headers varchar(4000),                      -- JSON object of the replayed headers
    response_body    text,
    created_at       timestamp with time zone not null,
    expires_at       timestamp with time zone not null,
    primary key (caller, idempotency_key)
);
create index idempotency_keys_expiry on idempotency_keys (expires_at);
