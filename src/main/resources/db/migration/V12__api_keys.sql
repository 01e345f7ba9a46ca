-- Scoped API keys (docs/security.md, "Keys and scopes"). The secret bsk_... is shown once at
-- creation and never stored: only its SHA-256, which is what a request's key is looked up by.
create table api_key (
  id            text primary key,
  name          text not null,
  secret_hash   bytea not null,
  scope         text not null check (scope in ('read', 'spend', 'admin')),
  -- The accounts a read or spend key may act on; empty for an admin key, which acts on all.
  accounts      text[] not null,
  enforce       boolean not null,
  created_at    timestamptz not null default now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
create unique index api_key_secret_hash on api_key (secret_hash);
