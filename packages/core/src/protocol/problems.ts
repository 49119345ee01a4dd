/** Where the hub's problem types live; each `type` is this base plus a slug from `problemSlugs`. */
export const problemTypeBase = 'https://talap.dev/problems/';

/** The stable kinds of error the hub answers with, each with its HTTP status. */
export const problemSlugs = {
  'invalid-json': 400,
  'invalid-request': 400,
  'unsupported-text': 400,
  unauthorized: 401,
  forbidden: 403,
  'origin-not-allowed': 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'body-too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited': 429,
  internal: 500,
  unavailable: 503,
} as const;

/** A stable kind of hub error. */
export type ProblemSlug = keyof typeof problemSlugs;

/** The full `type` URI of a problem kind. */
export function problemType(slug: ProblemSlug): string {
  return `${problemTypeBase}${slug}`;
}
