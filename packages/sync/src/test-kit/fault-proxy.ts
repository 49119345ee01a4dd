import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../../../core/src/test-kit/seeded-random.js';

/** What the fault proxy did with the requests it received, by kind. */
export interface FaultCounts {
  /** Every request the proxy received. */
  readonly requests: number;
  /** The client connection was reset before the request reached the hub. */
  readonly reset: number;
  /** The hub answered (and committed), then the client connection was cut without the answer. */
  readonly dropped: number;
  /** Forwarded after a random delay, on a path that gets faults. */
  readonly delayed: number;
  /** Forwarded after a random delay, on a path that gets no faults (or while faults were off). */
  readonly passed: number;
  /** The hub could not be reached: answered 502. */
  readonly badGateway: number;
  /** The hub could not be reached: the client connection was reset. */
  readonly unreachableReset: number;
}

/** How to build a fault proxy. */
export interface FaultProxyOptions {
  /** The hub's current base URL, read per request, so a restarted hub is found again. */
  readonly target: () => string;
  /** Seed of the proxy's random choices, so a run can be repeated. */
  readonly seed: number;
  /** Share of faulty requests whose connection is reset before forwarding. Default 0.1. */
  readonly resetRate?: number;
  /** Share of faulty requests whose answer is dropped after the hub sent it. Default 0.3. */
  readonly dropRate?: number;
  /** The longest random delay before forwarding, in ms. Default 50. */
  readonly maxDelayMs?: number;
  /** Which requests get faults. Default: `POST /v1/push` and `GET /v1/pull`. */
  readonly faulty?: (method: string, path: string) => boolean;
}

/** A loopback HTTP proxy in front of a hub that resets, drops and delays requests. */
export interface FaultProxy {
  /** The proxy's base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** What the proxy did so far. */
  counts(): FaultCounts;
  /** Turns resets and drops on or off; delays stay. */
  setFaults(on: boolean): void;
  /** Stops listening and cuts every open connection. */
  close(): Promise<void>;
}

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
]);

function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !hopByHop.has(name)) kept[name] = value;
  }
  return kept;
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
    stream.on('aborted', () => reject(new Error('aborted')));
  });
}

const defaultFaulty = (method: string, path: string) =>
  (method === 'POST' && path.startsWith('/v1/push')) ||
  (method === 'GET' && path.startsWith('/v1/pull'));

/**
 * Starts a fault proxy on 127.0.0.1. Each request on a faulty path is, by the seeded PRNG, reset
 * before it reaches the hub, forwarded with its answer dropped after the hub committed, or
 * forwarded after a delay. When the hub is down the proxy answers 502 or resets, as real ones do.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = seededRandom(options.seed);
  const resetRate = options.resetRate ?? 0.1;
  const dropRate = options.dropRate ?? 0.3;
  const maxDelayMs = options.maxDelayMs ?? 50;
  const faulty = options.faulty ?? defaultFaulty;
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const counts = {
    requests: 0,
    reset: 0,
    dropped: 0,
    delayed: 0,
    passed: 0,
    badGateway: 0,
    unreachableReset: 0,
  };
  let faultsOn = true;

  function forward(incoming: IncomingMessage, body: Buffer): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const url = new URL(incoming.url ?? '/', options.target());
      const outgoing = request(url, {
        method: incoming.method ?? 'GET',
        headers: { ...endToEnd(incoming.headers), 'content-length': String(body.length) },
        agent,
        timeout: 10_000,
      });
      outgoing.on('timeout', () => outgoing.destroy(new Error('the hub did not answer')));
      outgoing.on('error', reject);
      outgoing.on('response', (answer) => {
        readAll(answer).then(
          (data) =>
            resolve({
              status: answer.statusCode ?? 502,
              headers: endToEnd(answer.headers),
              body: data,
            }),
          reject,
        );
      });
      outgoing.end(body);
    });
  }

  async function handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    counts.requests++;
    const reset = (): void => {
      incoming.socket.destroy();
    };
    let body: Buffer;
    try {
      body = await readAll(incoming);
    } catch {
      return reset();
    }
    const roll = random();
    const delayMs = Math.floor(random() * (maxDelayMs + 1));
    const faults = faultsOn && faulty(incoming.method ?? 'GET', incoming.url ?? '/');
    if (faults && roll < resetRate) {
      counts.reset++;
      return reset();
    }
    const drop = faults && roll < resetRate + dropRate;
    if (!drop) await new Promise((resolve) => setTimeout(resolve, delayMs));
    let answer: Answer;
    try {
      answer = await forward(incoming, body);
    } catch {
      if (random() < 0.5) {
        counts.unreachableReset++;
        return reset();
      }
      counts.badGateway++;
      const problem = JSON.stringify({
        type: 'about:blank',
        title: 'Bad Gateway',
        status: 502,
        detail: 'The proxy could not reach the hub.',
      });
      response.writeHead(502, { 'content-type': 'application/problem+json' }).end(problem);
      return;
    }
    if (drop) {
      counts.dropped++;
      return reset();
    }
    if (faults) counts.delayed++;
    else counts.passed++;
    response
      .writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) })
      .end(answer.body);
  }

  const server = createServer((incoming, response) => {
    response.on('error', () => {});
    void handle(incoming, response).catch(() => incoming.socket.destroy());
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    setFaults(on) {
      faultsOn = on;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      agent.destroy();
      await closed;
    },
  };
}
