import type { StatisticsResponse } from '@talap/core/protocol';

/** Why the statistics could not be shown. */
export type StatsFailure =
  | { readonly reason: 'unauthorized' | 'forbidden' | 'unreachable' }
  | { readonly reason: 'rate-limited'; readonly retryAfter: string }
  | { readonly reason: 'failed'; readonly status: number; readonly detail: string };

/** The hub's statistics, or why there are none. */
export type StatsResult =
  | { readonly ok: true; readonly stats: StatisticsResponse }
  | ({ readonly ok: false } & StatsFailure);

/** What to ask the hub for. */
export interface StatsRequest {
  /** The address of `/v1/stats`. */
  readonly url: string | URL;
  readonly key: string;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** Fetches `/v1/stats` with the key in the Authorization header (never in the address). */
export async function fetchStats(
  request: StatsRequest,
  fetchImpl: typeof fetch = fetch,
): Promise<StatsResult> {
  const url = new URL(request.url);
  if (request.from) url.searchParams.set('from', request.from);
  if (request.to) url.searchParams.set('to', request.to);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { authorization: `Bearer ${request.key}`, accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    return { ok: false, reason: 'unreachable' };
  }
  if (response.ok) {
    try {
      return { ok: true, stats: (await response.json()) as StatisticsResponse };
    } catch {
      return { ok: false, reason: 'failed', status: response.status, detail: 'not JSON' };
    }
  }
  if (response.status === 401) return { ok: false, reason: 'unauthorized' };
  if (response.status === 403) {
    const problem = (await response.json().catch(() => ({}))) as { type?: unknown };
    // A key refused for its origin is a 403 too, but its remedy is the administrator's, so say it.
    if (typeof problem.type === 'string' && !problem.type.endsWith('/forbidden')) {
      return { ok: false, reason: 'failed', status: 403, detail: problemDetail(problem) };
    }
    return { ok: false, reason: 'forbidden' };
  }
  if (response.status === 429) {
    return {
      ok: false,
      reason: 'rate-limited',
      retryAfter: response.headers.get('retry-after') ?? '60',
    };
  }
  const problem = await response.json().catch(() => ({}));
  return { ok: false, reason: 'failed', status: response.status, detail: problemDetail(problem) };
}

function problemDetail(problem: unknown): string {
  const detail = (problem as { detail?: unknown } | null)?.detail;
  return typeof detail === 'string' ? detail.slice(0, 300) : '';
}
