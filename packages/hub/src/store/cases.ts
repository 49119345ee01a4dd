import type { Case } from '@talap/core';
import type { Change, KeyRole, MutationResult } from '@talap/core/protocol';
import { type Database, type Queryable, withOrganisation } from './database.js';

/** Who is acting: the key's id, organisation and role. */
export interface Actor {
  readonly keyId: string;
  readonly organisationId: string;
  readonly role: KeyRole;
}

/** A mutation the HTTP layer has checked: its case is valid, or it carries the issues that make it `invalid`. */
export type CheckedMutation =
  | {
      readonly id: string;
      readonly op: 'create' | 'update';
      readonly caseId: string;
      readonly baseRevision?: number;
      /** SHA-256 of the mutation's canonical JSON, to tell a replay from a reused id. */
      readonly hash: Buffer;
      readonly record: Case;
      readonly countsInStatistics: boolean;
    }
  | { readonly id: string; readonly invalid: MutationResult['issues'] & object };

interface ReceiptRow {
  mutation_id: string;
  key_id: string;
  payload_hash: Uint8Array | null;
  revision: number;
  case_id: string;
}

interface CaseRow {
  case_id: string;
  revision: number;
  deleted: boolean;
  record: Case | null;
}

interface Effect {
  readonly mutationId: string;
  readonly caseId: string;
  readonly status: 'created' | 'updated';
  readonly revision: number;
  readonly record: Case;
  readonly countsInStatistics: boolean;
  readonly hash: Buffer;
}

function sameBytes(a: Uint8Array | null, b: Uint8Array): boolean {
  return a !== null && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

/** The month (`2024-03`) of an incident date, or null when only the year is known. */
function incidentMonth(record: Case): string | null {
  const date = record.incident?.date;
  return typeof date === 'string' && date.length >= 7 ? date.slice(0, 7) : null;
}

/**
 * Applies a batch of checked mutations for one organisation in one transaction and returns one
 * result per mutation, in order. The organisation's row is locked first, so its writes are
 * serialised: receipts and cases read here cannot change before the commit, and commit sequence
 * numbers are handed out in commit order. Receipts are written with their effects.
 */
export async function applyMutations(
  db: Database,
  actor: Actor,
  mutations: readonly CheckedMutation[],
): Promise<MutationResult[]> {
  return withOrganisation(db, actor.organisationId, async (tx) => {
    const locked = await tx.query<{ commit_seq: string }>(
      'select commit_seq::text from organisations where id = $1 for update',
      [actor.organisationId],
    );
    if (locked.length === 0) throw new Error('The key belongs to no organisation.');
    let sequence = BigInt(locked[0]?.commit_seq ?? '0');

    const ids = mutations.map((mutation) => mutation.id);
    const caseIds = mutations.flatMap((mutation) =>
      'caseId' in mutation ? [mutation.caseId] : [],
    );
    const receipts = new Map(
      (
        await tx.query<ReceiptRow>(
          `select mutation_id, key_id, payload_hash, revision, case_id from receipts
           where organisation_id = $1 and mutation_id = any($2::uuid[])`,
          [actor.organisationId, ids],
        )
      ).map((row) => [row.mutation_id, row]),
    );
    const cases = new Map(
      (
        await tx.query<CaseRow>(
          `select case_id, revision, deleted, record from cases
           where organisation_id = $1 and case_id = any($2::uuid[])`,
          [actor.organisationId, caseIds],
        )
      ).map((row) => [row.case_id, row]),
    );

    const effects: Effect[] = [];
    const results = mutations.map((mutation): MutationResult => {
      if ('invalid' in mutation) {
        return { id: mutation.id, status: 'invalid', issues: mutation.invalid };
      }
      const receipt = receipts.get(mutation.id);
      if (receipt) {
        const sameSender = actor.role !== 'intake' || receipt.key_id === actor.keyId;
        const replay =
          sameSender &&
          receipt.case_id === mutation.caseId &&
          (receipt.payload_hash === null || sameBytes(receipt.payload_hash, mutation.hash));
        return replay
          ? { id: mutation.id, status: 'unchanged', revision: receipt.revision }
          : { id: mutation.id, status: 'mismatch' };
      }
      if (actor.role === 'intake' && mutation.op !== 'create') {
        return {
          id: mutation.id,
          status: 'invalid',
          issues: [
            {
              path: '',
              code: 'invalid_value',
              severity: 'error',
              message: 'An intake key can only create cases. Send updates with a documenter key.',
            },
          ],
        };
      }
      const existing = cases.get(mutation.caseId);
      const conflict = (): MutationResult => {
        // An intake key learns nothing about cases it did not make.
        if (actor.role === 'intake' || !existing) return { id: mutation.id, status: 'conflict' };
        return existing.deleted || existing.record === null
          ? { id: mutation.id, status: 'conflict', revision: existing.revision, deleted: true }
          : {
              id: mutation.id,
              status: 'conflict',
              revision: existing.revision,
              current: existing.record,
            };
      };
      if (mutation.op === 'create' ? existing !== undefined : existing?.deleted !== false) {
        return conflict();
      }
      if (mutation.op === 'update' && existing?.revision !== mutation.baseRevision) {
        return conflict();
      }
      const revision = mutation.op === 'create' ? 1 : (existing?.revision ?? 0) + 1;
      const record = { ...mutation.record, revision };
      const status = mutation.op === 'create' ? 'created' : 'updated';
      effects.push({
        mutationId: mutation.id,
        caseId: mutation.caseId,
        status,
        revision,
        record,
        countsInStatistics: mutation.countsInStatistics,
        hash: mutation.hash,
      });
      // Later mutations of the same batch see this one's effect.
      cases.set(mutation.caseId, { case_id: mutation.caseId, revision, deleted: false, record });
      receipts.set(mutation.id, {
        mutation_id: mutation.id,
        key_id: actor.keyId,
        payload_hash: mutation.hash,
        revision,
        case_id: mutation.caseId,
      });
      return { id: mutation.id, status, revision };
    });

    if (effects.length > 0) {
      await writeEffects(tx, actor, effects, sequence);
      sequence += BigInt(effects.length);
      await tx.query('update organisations set commit_seq = $2 where id = $1', [
        actor.organisationId,
        sequence.toString(),
      ]);
    }
    return results;
  });
}

async function writeEffects(
  tx: Queryable,
  actor: Actor,
  effects: readonly Effect[],
  sequenceBefore: bigint,
): Promise<void> {
  // Only the last effect on a case is its stored state; every effect gets its own receipt.
  const latest = new Map<string, { effect: Effect; seq: bigint }>();
  effects.forEach((effect, index) => {
    latest.set(effect.caseId, { effect, seq: sequenceBefore + BigInt(index + 1) });
  });
  const rows = [...latest.values()];
  await tx.query(
    `insert into cases (organisation_id, case_id, revision, record, deleted, counts_in_statistics,
       incident_month, created_by_key, commit_seq)
     select $1::uuid, t.case_id, t.revision, t.record, false, t.counts, t.month, $2::uuid, t.seq
     from unnest($3::uuid[], $4::int[], $5::jsonb[], $6::bool[], $7::text[], $8::bigint[])
       as t(case_id, revision, record, counts, month, seq)
     on conflict (organisation_id, case_id) do update set
       revision = excluded.revision, record = excluded.record, deleted = false,
       counts_in_statistics = excluded.counts_in_statistics,
       incident_month = excluded.incident_month, commit_seq = excluded.commit_seq,
       updated_at = now()`,
    [
      actor.organisationId,
      actor.keyId,
      rows.map((row) => row.effect.caseId),
      rows.map((row) => row.effect.revision),
      rows.map((row) => JSON.stringify(row.effect.record)),
      rows.map((row) => row.effect.countsInStatistics),
      rows.map((row) => incidentMonth(row.effect.record)),
      rows.map((row) => row.seq.toString()),
    ],
  );
  await tx.query(
    `insert into receipts (organisation_id, mutation_id, key_id, case_id, payload_hash, status, revision)
     select $1::uuid, t.mutation_id, $2::uuid, t.case_id, decode(t.hash, 'hex'), t.status, t.revision
     from unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::int[])
       as t(mutation_id, case_id, hash, status, revision)`,
    [
      actor.organisationId,
      actor.keyId,
      effects.map((effect) => effect.mutationId),
      effects.map((effect) => effect.caseId),
      effects.map((effect) => effect.hash.toString('hex')),
      effects.map((effect) => effect.status),
      effects.map((effect) => effect.revision),
    ],
  );
  await audit(
    tx,
    actor,
    effects.map((effect) => ({
      action: effect.status === 'created' ? 'case.create' : 'case.update',
      caseId: effect.caseId,
      revision: effect.revision,
    })),
  );
}

/** Records who did what to which case; never the case's contents. */
async function audit(
  tx: Queryable,
  actor: Actor,
  entries: readonly { action: string; caseId: string | null; revision: number | null }[],
): Promise<void> {
  await tx.query(
    `insert into audit_log (organisation_id, key_id, action, case_id, revision)
     select $1::uuid, $2::uuid, t.action, t.case_id, t.revision
     from unnest($3::text[], $4::uuid[], $5::int[]) as t(action, case_id, revision)`,
    [
      actor.organisationId,
      actor.keyId,
      entries.map((entry) => entry.action),
      entries.map((entry) => entry.caseId),
      entries.map((entry) => entry.revision),
    ],
  );
}

/** Changes after `since` in commit order: the latest state of each changed case, tombstones for purged ones. */
export async function pullChanges(
  db: Database,
  actor: Actor,
  since: bigint,
  limit: number,
): Promise<{ changes: Change[]; cursor: string; hasMore: boolean }> {
  return withOrganisation(db, actor.organisationId, async (tx) => {
    // The text copy of the sequence has its own name: ORDER BY a select-list name would sort text.
    const rows = await tx.query<CaseRow & { seq: string }>(
      `select case_id, revision, deleted, record, commit_seq::text as seq from cases
       where organisation_id = $1 and commit_seq > $2 order by commit_seq limit $3`,
      [actor.organisationId, since.toString(), limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      changes: page.map((row) => ({
        caseId: row.case_id,
        revision: row.revision,
        deleted: row.deleted,
        case: row.deleted ? null : row.record,
      })),
      cursor: last ? last.seq : since.toString(),
      hasMore: rows.length > limit,
    };
  });
}

/** One case of the organisation, or `undefined` when it does not exist there or was purged. */
export async function getCase(
  db: Database,
  actor: Actor,
  caseId: string,
): Promise<{ revision: number; record: Case } | undefined> {
  return withOrganisation(db, actor.organisationId, async (tx) => {
    const rows = await tx.query<CaseRow>(
      `select case_id, revision, deleted, record from cases
       where organisation_id = $1 and case_id = $2 and not deleted`,
      [actor.organisationId, caseId],
    );
    const row = rows[0];
    return row?.record ? { revision: row.revision, record: row.record } : undefined;
  });
}

/**
 * Purges a case (consent withdrawn): its contents are erased, it leaves reads, exports and
 * statistics, and the next pulls carry a tombstone. Returns false when there is no such case.
 */
export async function purgeCase(db: Database, actor: Actor, caseId: string): Promise<boolean> {
  return withOrganisation(db, actor.organisationId, async (tx) => {
    const locked = await tx.query<{ commit_seq: string }>(
      'select (commit_seq + 1)::text as commit_seq from organisations where id = $1 for update',
      [actor.organisationId],
    );
    const sequence = locked[0]?.commit_seq ?? '1';
    const purged = await tx.query<{ revision: number }>(
      `update cases set record = null, deleted = true, counts_in_statistics = false,
         incident_month = null, revision = revision + 1, commit_seq = $3, updated_at = now()
       where organisation_id = $1 and case_id = $2 and not deleted returning revision`,
      [actor.organisationId, caseId, sequence],
    );
    const row = purged[0];
    if (!row) return false;
    await tx.query('update organisations set commit_seq = $2 where id = $1', [
      actor.organisationId,
      sequence,
    ]);
    // A receipt keeps answering replays, but no longer holds a fingerprint of erased contents.
    await tx.query(
      'update receipts set payload_hash = null where organisation_id = $1 and case_id = $2',
      [actor.organisationId, caseId],
    );
    await audit(tx, actor, [{ action: 'case.purge', caseId, revision: row.revision }]);
    return true;
  });
}

/**
 * One page of the organisation's live cases after the case id `afterCaseId`, for an export
 * stream. Paging by case id (not by commit order) gives each case at most once, in its state
 * when its page was read, even while cases change during a long export.
 */
export async function exportPage(
  db: Database,
  actor: Actor,
  afterCaseId: string,
  pageSize: number,
): Promise<{ records: Case[]; lastCaseId: string | undefined }> {
  return withOrganisation(db, actor.organisationId, async (tx) => {
    const rows = await tx.query<{ record: Case; case_id: string }>(
      `select record, case_id from cases
       where organisation_id = $1 and not deleted and case_id > $2
       order by case_id limit $3`,
      [actor.organisationId, afterCaseId, pageSize],
    );
    return { records: rows.map((row) => row.record), lastCaseId: rows.at(-1)?.case_id };
  });
}

/** Records an export in the audit log. */
export async function auditExport(db: Database, actor: Actor, policy: string): Promise<void> {
  await withOrganisation(db, actor.organisationId, (tx) =>
    audit(tx, actor, [{ action: `export.${policy}`, caseId: null, revision: null }]),
  );
}

/** Counts per dimension of the organisation's consented, live cases. */
export interface RawStatistics {
  readonly total: number;
  readonly dimensions: Readonly<
    Record<'violation' | 'perpetrator' | 'keyPopulation' | 'country' | 'month', Map<string, number>>
  >;
}

/** Counts the organisation's live cases whose consent allows statistics, by month range (`YYYY-MM`, inclusive). */
export async function countCases(
  db: Database,
  actor: Actor,
  from: string | null,
  to: string | null,
): Promise<RawStatistics> {
  return withOrganisation(db, actor.organisationId, async (tx) => {
    const rows = await tx.query<{ dimension: string; key: string | null; count: string }>(
      `with counted as (
         select case_id, record, incident_month from cases
         where organisation_id = $1 and not deleted and counts_in_statistics
           and ($2::text is null or incident_month >= $2)
           and ($3::text is null or incident_month <= $3)
       ), violation as (
         select c.case_id, v.value as violation from counted c,
           jsonb_array_elements(coalesce(c.record -> 'incident' -> 'violations', '[]')) v
       )
       select 'total' as dimension, null as key, count(*)::text as count from counted
       union all
       select 'violation', violation ->> 'type', count(distinct case_id)::text from violation group by 2
       union all
       select 'perpetrator', p.value ->> 'type', count(distinct v.case_id)::text from violation v,
         jsonb_array_elements(coalesce(v.violation -> 'perpetrators', '[]')) p group by 2
       union all
       select 'keyPopulation', k.value, count(distinct c.case_id)::text from counted c,
         jsonb_array_elements_text(coalesce(c.record -> 'client' -> 'keyPopulations', '[]')) k group by 2
       union all
       select 'country', record -> 'incident' ->> 'country', count(*)::text from counted
         where record -> 'incident' ->> 'country' is not null group by 2
       union all
       select 'month', incident_month, count(*)::text from counted
         where incident_month is not null group by 2`,
      [actor.organisationId, from, to],
    );
    const dimensions = {
      violation: new Map<string, number>(),
      perpetrator: new Map<string, number>(),
      keyPopulation: new Map<string, number>(),
      country: new Map<string, number>(),
      month: new Map<string, number>(),
    };
    let total = 0;
    for (const row of rows) {
      if (row.dimension === 'total') total = Number(row.count);
      else if (row.key !== null) {
        dimensions[row.dimension as keyof typeof dimensions].set(row.key, Number(row.count));
      }
    }
    return { total, dimensions };
  });
}
