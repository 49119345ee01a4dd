import * as z from 'zod/mini';
import type { Case } from '../schema/case.js';
import { uuidV7Pattern } from '../schema/primitives.js';

/** The version of the hub protocol this package speaks (`/v1`). */
export const protocolVersion = 1;

/** What a hub key may do: `intake` only creates, `documenter` also reads and edits, `admin` also purges and exports, `analyst` sees statistics only. */
export const keyRoles = ['intake', 'documenter', 'admin', 'analyst'] as const;

/** The role of a hub key. */
export type KeyRole = (typeof keyRoles)[number];

/** The answer to one mutation of a push. */
export const mutationStatuses = [
  'created',
  'updated',
  'unchanged',
  'conflict',
  'mismatch',
  'invalid',
] as const;

/** The answer to one mutation of a push. */
export type MutationStatus = (typeof mutationStatuses)[number];

/** The most mutations one push may carry; a hub may announce a lower limit in its config. */
export const maxMutationsPerPush = 500;

/** The most changes one pull may return; a hub may announce a lower limit in its config. */
export const maxChangesPerPull = 1000;

const anyUuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A lowercase UUID of any version: the id a client gives each mutation. */
const mutationId = z.string().check(z.regex(anyUuidPattern));
const caseId = z.string().check(z.regex(uuidV7Pattern));
const revision = z.int().check(z.gte(1), z.lte(2_147_483_647));
/** A case on the wire before the hub validates it; the hub answers a bad case with `invalid`, not a failed push. */
const caseOnTheWire = z.record(z.string(), z.unknown());
/** A case the hub sends: it validated it when it was pushed. */
const storedCase = z.custom<Case>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
);

/** A pull cursor: opaque to clients, compared by the hub only. */
export const cursorPattern = /^[0-9]{1,18}$/;

const createMutation = z.strictObject({
  id: mutationId,
  op: z.literal('create'),
  caseId,
  case: caseOnTheWire,
});

const updateMutation = z.strictObject({
  id: mutationId,
  op: z.literal('update'),
  caseId,
  baseRevision: revision,
  case: caseOnTheWire,
});

/** One change a client asks for: create a case, or update one made on `baseRevision`. */
export const mutationSchema = z.discriminatedUnion('op', [createMutation, updateMutation]);

/** One change a client asks for, with the case typed. */
export type Mutation =
  | (Omit<z.infer<typeof createMutation>, 'case'> & { readonly case: Case })
  | (Omit<z.infer<typeof updateMutation>, 'case'> & { readonly case: Case });

/** `POST /v1/push`: a batch of mutations from one client. */
export const pushRequestSchema = z.strictObject({
  clientId: z.string().check(z.regex(/^[A-Za-z0-9._:-]{1,100}$/)),
  mutations: z.array(mutationSchema).check(z.minLength(1), z.maxLength(maxMutationsPerPush)),
});

/** `POST /v1/push` body, with the cases typed. */
export interface PushRequest {
  readonly clientId: string;
  readonly mutations: readonly Mutation[];
}

/** A validation issue as the hub reports it (the same shape `validateCase` returns). */
export const wireIssueSchema = z.object({
  path: z.string(),
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  params: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
});

/** The hub's answer to one mutation. `revision` and `current` come with `conflict` (for roles that may read); `issues` with `invalid`. */
export const mutationResultSchema = z.object({
  id: mutationId,
  status: z.enum(mutationStatuses),
  revision: z.optional(revision),
  deleted: z.optional(z.boolean()),
  issues: z.optional(z.array(wireIssueSchema)),
  current: z.optional(storedCase),
});

/** The hub's answer to one mutation. */
export type MutationResult = z.infer<typeof mutationResultSchema>;

/** `POST /v1/push` answer: one result per mutation, in the order sent, after a durable commit. */
export const pushResponseSchema = z.object({
  epoch: z.string(),
  results: z.array(mutationResultSchema),
});

/** `POST /v1/push` answer. */
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** One entry of a pull: the latest state of a case, or a tombstone when it was purged. */
export const changeSchema = z.object({
  caseId,
  revision,
  deleted: z.boolean(),
  case: z.nullable(storedCase),
});

/** One entry of a pull. */
export type Change = z.infer<typeof changeSchema>;

/** `GET /v1/pull?since=&limit=` answer: changes in commit order and the cursor to ask from next. */
export const pullResponseSchema = z.object({
  epoch: z.string(),
  changes: z.array(changeSchema),
  cursor: z.string().check(z.regex(cursorPattern)),
  hasMore: z.boolean(),
});

/** `GET /v1/pull` answer. */
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** `GET /v1/cases/{caseId}` answer. */
export const caseResponseSchema = z.object({
  caseId,
  revision,
  case: storedCase,
});

/** `GET /v1/cases/{caseId}` answer. */
export type CaseResponse = z.infer<typeof caseResponseSchema>;

/** The limits a hub enforces, announced in its config so clients can size their batches. */
export const hubLimitsSchema = z.object({
  maxBodyBytes: z.int(),
  maxJsonDepth: z.int(),
  maxMutationsPerPush: z.int(),
  maxChangesPerPull: z.int(),
  requestsPerMinute: z.int(),
});

/** The limits a hub enforces. */
export type HubLimits = z.infer<typeof hubLimitsSchema>;

/** `GET /v1/config` answer: protocol versions, the hub's epoch, its limits and the organisation's public keys. */
export const configResponseSchema = z.object({
  protocol: z.literal(protocolVersion),
  protocols: z.array(z.int()),
  epoch: z.string(),
  role: z.enum(keyRoles),
  limits: hubLimitsSchema,
  publicKeys: z.array(z.record(z.string(), z.unknown())),
});

/** `GET /v1/config` answer. */
export type ConfigResponse = z.infer<typeof configResponseSchema>;

/** `GET /v1/health` answer. */
export const healthResponseSchema = z.object({ ok: z.literal(true) });

/** One count of the statistics; `count` is null when it was suppressed because it was under the threshold. */
export const statisticsCountSchema = z.object({
  key: z.string(),
  count: z.nullable(z.int()),
});

/** `GET /v1/stats` answer: counts of consented cases by dimension. */
export const statisticsResponseSchema = z.object({
  total: z.nullable(z.int()),
  suppressedBelow: z.int(),
  from: z.nullable(z.string()),
  to: z.nullable(z.string()),
  byViolationType: z.array(statisticsCountSchema),
  byPerpetrator: z.array(statisticsCountSchema),
  byKeyPopulation: z.array(statisticsCountSchema),
  byCountry: z.array(statisticsCountSchema),
  byMonth: z.array(statisticsCountSchema),
});

/** `GET /v1/stats` answer. */
export type StatisticsResponse = z.infer<typeof statisticsResponseSchema>;

/** An RFC 9457 problem document, the body of every error the hub sends. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  issues: z.optional(z.array(wireIssueSchema)),
});

/** An RFC 9457 problem document. */
export type Problem = z.infer<typeof problemSchema>;
