import type { HubLimits } from '@talap/core/protocol';
import { scanJson } from './json-scan.js';
import { ProblemError } from './problem.js';

const jsonMediaType = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * Reads a JSON request body within the limits: the size is checked against Content-Length and
 * again while streaming, so an oversized body is refused before it is buffered; the bytes must be
 * UTF-8; the text is scanned (depth, duplicate and forbidden keys, unstorable text) before it is parsed.
 */
export async function readJsonBody(request: Request, limits: HubLimits): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!jsonMediaType.test(type.trim())) {
    throw new ProblemError(
      'unsupported-media-type',
      'Send the body as JSON with the header Content-Type: application/json.',
    );
  }
  const tooLarge = new ProblemError(
    'body-too-large',
    `The body is larger than ${limits.maxBodyBytes} bytes. Send fewer mutations per push.`,
  );
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limits.maxBodyBytes) throw tooLarge;
  if (!request.body)
    throw new ProblemError('invalid-json', 'The body is empty. Send a JSON object.');

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limits.maxBodyBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge;
    }
    chunks.push(value);
  }
  const bytes = Buffer.concat(chunks, size);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ProblemError(
      'invalid-json',
      'The body is not valid UTF-8. Encode the JSON as UTF-8.',
    );
  }
  if (text.trim() === '')
    throw new ProblemError('invalid-json', 'The body is empty. Send a JSON object.');
  const refused = scanJson(text, limits.maxJsonDepth);
  if (refused) throw new ProblemError(refused.slug, refused.detail);
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8's message names a position, never more than a few characters of the input.
    const where = /position \d+/.exec(String((error as Error).message))?.[0];
    throw new ProblemError(
      'invalid-json',
      `The body is not valid JSON${where ? ` (error at ${where})` : ''}. Check for a missing quote, comma or bracket, or a truncated body.`,
    );
  }
}
