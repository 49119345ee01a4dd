import type { Problem } from '@talap/core/protocol';

/** An answer from the hub: status, headers and the parsed JSON body (undefined when there was none). */
export interface HubAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** Why a request got no answer: the network failed, or the hub took longer than the timeout. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    readonly kind: 'network' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

/** How the client reaches the hub; `fetch` is a parameter so tests and apps can wrap it. */
export interface TransportOptions {
  readonly hub: string;
  readonly key: string;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly locale?: string;
}

/** Sends one request to the hub with the key, a timeout, and JSON in and out. */
export async function requestHub(
  options: TransportOptions,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<HubAnswer> {
  const url = new URL(path, options.hub.endsWith('/') ? options.hub : `${options.hub}/`);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const response = await options.fetch(url, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${options.key}`,
        accept: 'application/json',
        ...(options.locale ? { 'accept-language': options.locale } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: controller.signal,
      credentials: 'omit',
      cache: 'no-store',
    });
    const text = await response.text();
    let body: unknown;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    return { status: response.status, headers: response.headers, body };
  } catch (error) {
    if (controller.signal.aborted) {
      throw new NetworkError('timeout', `The hub did not answer within ${options.timeoutMs} ms.`);
    }
    throw new NetworkError('network', `The hub could not be reached (${(error as Error).name}).`);
  } finally {
    clearTimeout(timer);
  }
}

/** The problem document of an error answer, when it has one. */
export function problemOf(answer: HubAnswer): Problem | undefined {
  const body = answer.body as Partial<Problem> | undefined;
  return body && typeof body.type === 'string' && typeof body.detail === 'string'
    ? (body as Problem)
    : undefined;
}

/** Seconds to wait from a Retry-After header (seconds or an HTTP date), or undefined. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
