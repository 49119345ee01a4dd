import type { ValidationIssue } from '@talap/core';
import { type ProblemSlug, problemSlugs, problemType } from '@talap/core/protocol';

const titles: Record<ProblemSlug, string> = {
  'invalid-json': 'The body is not acceptable JSON',
  'invalid-request': 'The request does not match the protocol',
  'unsupported-text': 'The text cannot be stored',
  unauthorized: 'A valid key is needed',
  forbidden: 'This key may not do that',
  'origin-not-allowed': 'This web page may not use this key',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  'body-too-large': 'The body is too large',
  'unsupported-media-type': 'The body must be JSON',
  'rate-limited': 'Too many requests',
  internal: 'The hub failed',
  unavailable: 'The hub is not available',
};

/** The body of an error answer: RFC 9457 problem details with a stable `type`. */
export function problemBody(
  slug: ProblemSlug,
  detail: string,
  issues?: readonly ValidationIssue[],
): Record<string, unknown> {
  return {
    type: problemType(slug),
    title: titles[slug],
    status: problemSlugs[slug],
    detail,
    ...(issues === undefined ? {} : { issues }),
  };
}

/** An error answer as a Response, `application/problem+json`. */
export function problemResponse(
  slug: ProblemSlug,
  detail: string,
  options: { issues?: readonly ValidationIssue[]; headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(problemBody(slug, detail, options.issues)), {
    status: problemSlugs[slug],
    headers: { 'content-type': 'application/problem+json', ...options.headers },
  });
}

/** Thrown inside a route to answer with a problem; the app's error handler turns it into the response. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(
    readonly slug: ProblemSlug,
    readonly detail: string,
    readonly options: {
      issues?: readonly ValidationIssue[];
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail);
  }
}
