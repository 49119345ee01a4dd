import { type Database, scopedRole } from './database.js';

/** One versioned change of the hub's database; the same SQL runs on PGlite and PostgreSQL. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const organisationScope = `nullif(current_setting('talap.organisation', true), '')::uuid`;

/** Every migration, oldest first. Never edit one that has shipped: add the next. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'organisations, keys, cases, receipts and the audit log',
    sql: `
create table hub_meta (
  key text primary key,
  value text not null
);
insert into hub_meta (key, value) values ('epoch', gen_random_uuid()::text);

create table organisations (
  id uuid primary key,
  name text not null unique check (length(name) between 1 and 100),
  allowed_origins text[] not null default '{}',
  commit_seq bigint not null default 0,
  created_at timestamptz not null default now()
);

create table api_keys (
  id uuid primary key,
  organisation_id uuid not null references organisations (id),
  role text not null check (role in ('intake', 'documenter', 'admin', 'analyst')),
  secret_hash bytea not null,
  label text check (length(label) <= 100),
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index api_keys_organisation on api_keys (organisation_id);

create table cases (
  organisation_id uuid not null references organisations (id),
  case_id uuid not null,
  revision integer not null,
  record jsonb,
  deleted boolean not null default false,
  counts_in_statistics boolean not null default false,
  incident_month text,
  created_by_key uuid not null,
  commit_seq bigint not null,
  updated_at timestamptz not null default now(),
  primary key (organisation_id, case_id),
  check (deleted = (record is null))
);
create unique index cases_changes on cases (organisation_id, commit_seq);

create table receipts (
  organisation_id uuid not null references organisations (id),
  mutation_id uuid not null,
  key_id uuid not null,
  case_id uuid not null,
  payload_hash bytea,
  status text not null check (status in ('created', 'updated')),
  revision integer not null,
  received_at timestamptz not null default now(),
  primary key (organisation_id, mutation_id)
);

create table audit_log (
  id bigint generated always as identity primary key,
  organisation_id uuid not null references organisations (id),
  key_id uuid,
  action text not null,
  case_id uuid,
  revision integer,
  at timestamptz not null default now()
);
create index audit_log_organisation on audit_log (organisation_id, at);

do $$
begin
  if not exists (select from pg_roles where rolname = '${scopedRole}') then
    create role ${scopedRole} nologin;
  end if;
  begin
    execute format('grant ${scopedRole} to %I', current_user);
  exception when others then
    null;
  end;
end $$;

grant select on hub_meta to ${scopedRole};
grant select, update (commit_seq) on organisations to ${scopedRole};
grant select, insert, update on cases, receipts to ${scopedRole};
grant select, insert on audit_log to ${scopedRole};

alter table organisations enable row level security;
create policy organisation_scope on organisations to ${scopedRole}
  using (id = ${organisationScope});

alter table cases enable row level security;
alter table cases force row level security;
create policy organisation_scope on cases
  using (organisation_id = ${organisationScope})
  with check (organisation_id = ${organisationScope});

alter table receipts enable row level security;
alter table receipts force row level security;
create policy organisation_scope on receipts
  using (organisation_id = ${organisationScope})
  with check (organisation_id = ${organisationScope});

alter table audit_log enable row level security;
alter table audit_log force row level security;
create policy organisation_scope on audit_log
  using (organisation_id = ${organisationScope})
  with check (organisation_id = ${organisationScope});
`,
  },
  {
    version: 2,
    name: 'organisation public keys for field-level encryption',
    sql: `
create table organisation_public_keys (
  organisation_id uuid not null references organisations (id),
  key_id text not null check (key_id ~ '^[0-9a-f]{16}$'),
  fingerprint text not null check (fingerprint ~ '^[0-9a-f]{4}( [0-9a-f]{4}){15}$'),
  jwk jsonb not null,
  created_at timestamptz not null default now(),
  retired_at timestamptz,
  primary key (organisation_id, key_id)
);
-- At most one key per organisation is active, the one new values are encrypted for.
create unique index organisation_public_keys_active
  on organisation_public_keys (organisation_id) where retired_at is null;

grant select on organisation_public_keys to ${scopedRole};

alter table organisation_public_keys enable row level security;
alter table organisation_public_keys force row level security;
create policy organisation_scope on organisation_public_keys
  using (organisation_id = ${organisationScope})
  with check (organisation_id = ${organisationScope});
`,
  },
];

/** Raised when the hub's database user may not use the role that row-level security binds. */
export class MissingRoleError extends Error {
  override readonly name = 'MissingRoleError';
}

/** Raised when the database was migrated by a newer hub than this one. */
export class DatabaseTooNewError extends Error {
  override readonly name = 'DatabaseTooNewError';
}

/** Applies the migrations the database lacks, in one transaction that other hub processes wait for; returns the versions applied. */
export async function migrate(db: Database): Promise<number[]> {
  return db.transaction(async (tx) => {
    // Several hub processes may start together against one PostgreSQL: one migrates, the rest wait.
    await tx.query('select pg_advisory_xact_lock(7274120)');
    await tx.exec(`create table if not exists talap_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`);
    const rows = await tx.query<{ version: number }>('select version from talap_migrations');
    const applied = new Set(rows.map((row) => Number(row.version)));
    const newest = Math.max(0, ...applied);
    const known = migrations.at(-1)?.version ?? 0;
    if (newest > known) {
      throw new DatabaseTooNewError(
        `The database is at schema version ${newest}, newer than this talap-hub knows (${known}). Upgrade talap-hub.`,
      );
    }
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('insert into talap_migrations (version, name) values ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    // Every organisation-scoped statement switches to the scoped role; without membership each
    // request would fail later, so say so now.
    const [access] = await tx.query<{ allowed: boolean }>(
      `select pg_has_role(current_user, '${scopedRole}', 'MEMBER') as allowed`,
    );
    if (!access?.allowed) {
      throw new MissingRoleError(
        `The database user cannot switch to the role ${scopedRole}. Ask the database administrator to run: GRANT ${scopedRole} TO <the hub's user>; (see docs/hub.md).`,
      );
    }
    return done;
  });
}
