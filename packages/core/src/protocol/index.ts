/**
 * @talap/core/protocol: the request and response shapes of the hub's /v1 HTTP protocol, shared by
 * the hub and its clients so they cannot drift.
 */

export {
  type CaseResponse,
  type Change,
  type ConfigResponse,
  caseResponseSchema,
  changeSchema,
  configResponseSchema,
  cursorPattern,
  type HubLimits,
  healthResponseSchema,
  hubLimitsSchema,
  type KeyRole,
  keyRoles,
  type Mutation,
  type MutationResult,
  type MutationStatus,
  maxChangesPerPull,
  maxMutationsPerPush,
  mutationResultSchema,
  mutationSchema,
  mutationStatuses,
  type Problem,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  problemSchema,
  protocolVersion,
  pullResponseSchema,
  pushRequestSchema,
  pushResponseSchema,
  type StatisticsResponse,
  statisticsCountSchema,
  statisticsResponseSchema,
  wireIssueSchema,
} from './messages.js';
export { type MessageResult, parseMessage } from './parse-message.js';
export { type ProblemSlug, problemSlugs, problemType, problemTypeBase } from './problems.js';
