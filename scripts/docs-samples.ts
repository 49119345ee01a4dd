// Reads the code blocks of the documentation and the markers that say how each one is checked.
// The checks themselves run in scripts/docs-samples.test.ts; everything here is pure text work.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The Markdown file, relative to the repository root. */
  readonly file: string;
  /** The line of the opening fence (1-based). */
  readonly line: number;
  /** The first word of the info string (`ts`, `sh`, `json`…), empty when there is none. */
  readonly lang: string;
  /** The block's text, its fence's indentation removed, ending with a newline. */
  readonly code: string;
  /** The marker on the line before the fence: how the block is checked. */
  readonly marker: Marker | MarkerError;
}

/** A placeholder the docs use for a key of a hub (`tlk_…`). */
export const keyPlaceholder = 'tlk_…';
/** A placeholder the docs use for a hub's address. */
export const hubPlaceholder = 'https://hub.example.org';

/** The roles a `with-hub` sample's key may have. */
export const sampleKeyRoles = ['intake', 'documenter', 'admin', 'analyst'] as const;
/** The role of a sample's key. */
export type SampleKeyRole = (typeof sampleKeyRoles)[number];

/** The protocol and case schemas an `output` block may name. */
export const outputSchemas = [
  'case',
  'push-request',
  'push-response',
  'pull-response',
  'case-response',
  'config',
  'stats',
  'problem',
  'mutation-result',
  'health',
] as const;
/** A schema an `output` block may name. */
export type OutputSchema = (typeof outputSchemas)[number];

/** How a block is checked, from `<!-- sample: … -->` on the line before it. */
export type Marker =
  | {
      readonly kind: 'run';
      /** Bundled and run in Chromium rather than Node. */
      readonly browser: boolean;
      /** Gets a hub: `https://hub.example.org` and `tlk_…` are replaced by its address and a key. */
      readonly withHub: boolean;
      /** A server: listens on `PORT`, is probed at `/v1/health`, then stopped with SIGTERM. */
      readonly serves: boolean;
      readonly role: SampleKeyRole;
    }
  | { readonly kind: 'same-as'; readonly path: string }
  | { readonly kind: 'shell' }
  | { readonly kind: 'sql' }
  | { readonly kind: 'file'; readonly name: string }
  | {
      readonly kind: 'output';
      readonly schema: OutputSchema | undefined;
      /** The status an `http` request must get, when the block does not show the response. */
      readonly status: number | undefined;
      readonly role: SampleKeyRole;
      /** A json block that is also what the sample before it printed (text blocks always are). */
      readonly printed: boolean;
    }
  | { readonly kind: 'illustration'; readonly reason: string };

/** A marker that could not be read, and why. */
export interface MarkerError {
  readonly kind: 'error';
  readonly message: string;
}

const markerPattern = /^\s*<!--\s*sample:\s*(.*?)\s*-->\s*$/;

/** Reads the text inside `<!-- sample: … -->`. */
export function parseMarker(text: string): Marker | MarkerError {
  const [kind = '', ...args] = text.split(/\s+/).filter((word) => word !== '');
  const fail = (message: string): MarkerError => ({ kind: 'error', message });
  const role = (): SampleKeyRole | MarkerError => {
    const given = args.find((arg) => arg.startsWith('key='))?.slice(4) ?? 'documenter';
    return (sampleKeyRoles as readonly string[]).includes(given)
      ? (given as SampleKeyRole)
      : fail(`key=${given}: a key's role is one of ${sampleKeyRoles.join(', ')}`);
  };
  const unknown = (allowed: readonly string[]) =>
    args.filter((arg) => !allowed.some((word) => arg === word || arg.startsWith(`${word}=`)));
  switch (kind) {
    case 'run': {
      const extra = unknown(['browser', 'with-hub', 'serves', 'key']);
      if (extra.length > 0)
        return fail(`run takes browser, with-hub, serves, key=ROLE; not ${extra.join(' ')}`);
      const keyRole = role();
      if (typeof keyRole !== 'string') return keyRole;
      const browser = args.includes('browser');
      const serves = args.includes('serves');
      if (browser && serves) return fail('a browser sample cannot be a server (serves)');
      return { kind, browser, withHub: args.includes('with-hub'), serves, role: keyRole };
    }
    case 'same-as':
      return args.length === 1
        ? { kind, path: args[0] as string }
        : fail('same-as takes one path, relative to the repository root');
    case 'shell':
    case 'sql':
      return args.length === 0 ? { kind } : fail(`${kind} takes no arguments`);
    case 'file':
      return args.length === 1 && /^[\w.-]+$/.test(args[0] as string)
        ? { kind, name: args[0] as string }
        : fail('file takes one file name (letters, digits, ".", "_" and "-")');
    case 'output': {
      const extra = unknown(['key', 'status', 'printed', ...outputSchemas]);
      if (extra.length > 0) {
        return fail(
          `output takes a schema (${outputSchemas.join(', ')}), printed, status=NNN and key=ROLE; not ${extra.join(' ')}`,
        );
      }
      const keyRole = role();
      if (typeof keyRole !== 'string') return keyRole;
      const schemas = args.filter((arg) => (outputSchemas as readonly string[]).includes(arg));
      if (schemas.length > 1) return fail('output names at most one schema');
      const status = args.find((arg) => arg.startsWith('status='))?.slice(7);
      if (status !== undefined && !/^[1-5]\d\d$/.test(status))
        return fail(`status=${status} is not an HTTP status`);
      return {
        kind,
        schema: schemas[0] as OutputSchema | undefined,
        status: status === undefined ? undefined : Number(status),
        role: keyRole,
        printed: args.includes('printed'),
      };
    }
    case 'illustration':
      return args.length > 0
        ? { kind, reason: args.join(' ') }
        : fail('illustration needs a reason: <!-- sample: illustration a diagram of … -->');
    default:
      return fail(
        `unknown kind "${kind}": use run, same-as, shell, sql, file, output or illustration`,
      );
  }
}

const fencePattern = /^(\s*)(`{3,}|~{3,})(.*)$/;

/** Finds every fenced code block of a Markdown text, with the marker before it. */
export function extractBlocks(file: string, text: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = fencePattern.exec(lines[index] as string);
    if (!open) continue;
    const [, indent = '', fence = '', info = ''] = open;
    const closing = new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !closing.test(lines[end] as string)) {
      const line = lines[end] as string;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
      end++;
    }
    const previous = index > 0 ? (lines[index - 1] as string) : '';
    const marker = markerPattern.exec(previous);
    blocks.push({
      file,
      line: index + 1,
      lang: info.trim().split(/\s+/)[0] ?? '',
      code: body.length > 0 ? `${body.join('\n')}\n` : '',
      marker: marker
        ? parseMarker(marker[1] as string)
        : {
            kind: 'error',
            message:
              'no <!-- sample: … --> marker on the line before the block (see CONTRIBUTING.md, "Code in the docs")',
          },
    });
    index = end;
  }
  return blocks;
}

/** The Markdown files whose code blocks are checked: README.md, CONTRIBUTING.md, docs/, and every package's and example's README. */
export function documentationFiles(root: string): string[] {
  const files = ['README.md', 'CONTRIBUTING.md'];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const path = join(dir, name);
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (name.endsWith('.md')) files.push(path);
    }
  };
  walk('docs');
  for (const parent of ['packages', 'examples']) {
    for (const name of readdirSync(join(root, parent)).sort()) {
      const readme = join(parent, name, 'README.md');
      try {
        if (statSync(join(root, readme)).isFile()) files.push(readme);
      } catch {}
    }
  }
  return files;
}

/**
 * The lines of a text as compared by `same-as`: each trimmed, inner runs of blanks made one,
 * blank lines dropped, and the hub and key placeholders of an example page (`%TALAP_HUB%`,
 * `%TALAP_KEY%`) written as the docs write them.
 */
function comparableLines(text: string): string[] {
  return text
    .replaceAll('%TALAP_HUB%', hubPlaceholder)
    .replaceAll('%TALAP_KEY%', keyPlaceholder)
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '');
}

/** A line that stands for lines left out of an excerpt: `…` alone, or as a comment (`// …`, `# …`, `<!-- … -->`). */
const omission = /^\s*(?:\/\/|#|\/\*|<!--)?\s*…\s*(?:\*\/|-->)?\s*$/;

/**
 * Whether every paragraph of `block` (parts separated by a blank line, or by a line that is only
 * `…` or a comment holding only `…`) appears in `text`, each as consecutive lines and in the
 * block's order, after normalising blanks. Returns the first paragraph that does not, or undefined.
 */
export function missingParagraph(text: string, block: string): string | undefined {
  const haystack = comparableLines(text);
  const paragraphs = block
    .split('\n')
    .map((line) => (omission.test(line) ? '' : line))
    .join('\n')
    .split(/\n\s*\n/)
    .map(comparableLines)
    .filter((lines) => lines.length > 0);
  let from = 0;
  for (const paragraph of paragraphs) {
    let found = -1;
    for (let start = from; start + paragraph.length <= haystack.length; start++) {
      if (paragraph.every((line, offset) => haystack[start + offset] === line)) {
        found = start;
        break;
      }
    }
    if (found < 0) return paragraph.join('\n');
    from = found + paragraph.length;
  }
  return undefined;
}

/** Whether one line of shown output matches a line that was printed; `…` stands for any text. */
function lineMatches(shown: string, printed: string): boolean {
  const pattern = shown
    .split('…')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(printed);
}

/**
 * Whether the lines of `shown` appear, consecutively, among the lines of `printed` (each trimmed,
 * blank lines dropped; `…` in a shown line stands for any text). Returns a sentence saying what
 * did not match, or undefined.
 */
export function outputMismatch(shown: string, printed: string): string | undefined {
  const tidy = (text: string) =>
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
  const want = tidy(shown);
  const got = tidy(printed);
  for (let start = 0; start + want.length <= got.length; start++) {
    if (want.every((line, offset) => lineMatches(line, got[start + offset] as string))) {
      return undefined;
    }
  }
  return `the block shows\n${want.join('\n')}\nbut the sample printed\n${got.join('\n') || '(nothing)'}`;
}

/** One command of a shell block, as the reader would type it. */
export interface ShellCommand {
  /** The command without its comment (`&&` chains are split into commands). */
  readonly text: string;
  /** The line of the block it is on (1-based). */
  readonly line: number;
  /** The exit code its comment announces (`# exits 1: …`), else 0. */
  readonly exitCode: number;
  /** Ends with `&`: it runs in the background. */
  readonly background: boolean;
}

/** Splits `text` at `separator` where it is outside quotes. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let current = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"') {
        current += char + (text[index + 1] ?? '');
        index++;
        continue;
      }
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '\\') {
      current += char + (text[index + 1] ?? '');
      index++;
      continue;
    } else if (text.startsWith(separator, index)) {
      parts.push(current);
      current = '';
      index += separator.length - 1;
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts;
}

/** Reads the commands of a shell block: comments and blank lines dropped, `\` continuations joined, `&&` chains split. */
export function shellCommands(code: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const lines = code.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    let text = lines[index] as string;
    while (text.endsWith('\\') && index + 1 < lines.length) {
      index++;
      text = `${text.slice(0, -1)} ${(lines[index] as string).trim()}`;
    }
    if (text.trim() === '' || text.trim().startsWith('#')) continue;
    // A comment starts at a `#` after a blank, outside quotes.
    const [command = '', ...comment] = splitOutsideQuotes(text, ' #');
    const announced = /^\s*exits (\d+)\b/.exec(comment.join(' #'));
    const chain = splitOutsideQuotes(command, '&&').map((part) => part.trim());
    chain.forEach((part, position) => {
      const background = position === chain.length - 1 && /(^|[^&])&$/.test(part);
      commands.push({
        text: background ? part.slice(0, -1).trim() : part,
        line,
        exitCode: position === chain.length - 1 && announced ? Number(announced[1]) : 0,
        background,
      });
    });
  }
  return commands;
}

/** The words of a command, with quotes removed (no expansion). */
export function shellWords(command: string): string[] {
  return splitOutsideQuotes(command.trim(), ' ')
    .filter((word) => word !== '')
    .map((word) => word.replace(/^'(.*)'$/s, '$1').replace(/^"(.*)"$/s, '$1'));
}

/** An HTTP request shown in the docs, and the response it shows, if any. */
export interface HttpExchange {
  readonly method: string;
  readonly path: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
  readonly response?: {
    readonly status: number;
    readonly headers: ReadonlyArray<readonly [string, string]>;
  };
}

const responseLine = /^HTTP\/\d(?:\.\d)? (\d{3})\b/;

function headerLines(lines: readonly string[]): Array<readonly [string, string]> | string {
  const headers: Array<readonly [string, string]> = [];
  for (const line of lines) {
    const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (!match) return `"${line}" is not a header line (Name: value)`;
    headers.push([match[1] as string, match[2] as string]);
  }
  return headers;
}

/** Reads an `http` block: a request line, headers, a body, and optionally a response line and headers. */
export function parseHttp(code: string): HttpExchange | { readonly error: string } {
  const lines = code.replace(/\n+$/, '').split('\n');
  const request = /^([A-Z]+) (\/\S*)(?: HTTP\/\d(?:\.\d)?)?$/.exec(lines[0] ?? '');
  if (!request) return { error: `the first line "${lines[0]}" is not a request line (GET /v1/…)` };
  let index = 1;
  const headerBlock: string[] = [];
  while (index < lines.length && lines[index] !== '') headerBlock.push(lines[index++] as string);
  const headers = headerLines(headerBlock);
  if (typeof headers === 'string') return { error: headers };
  const rest = lines.slice(index + 1);
  const responseAt = rest.findIndex(
    (line, at) => responseLine.test(line) && (at === 0 || rest[at - 1] === ''),
  );
  const body = (responseAt < 0 ? rest : rest.slice(0, responseAt)).join('\n').trim();
  if (responseAt < 0) {
    return { method: request[1] as string, path: request[2] as string, headers, body };
  }
  const responseHeaders = headerLines(rest.slice(responseAt + 1).filter((line) => line !== ''));
  if (typeof responseHeaders === 'string') return { error: responseHeaders };
  return {
    method: request[1] as string,
    path: request[2] as string,
    headers,
    body,
    response: {
      status: Number(responseLine.exec(rest[responseAt] as string)?.[1]),
      headers: responseHeaders,
    },
  };
}

/** The header lines of an `http` block that shows only headers (a policy a server sends), or undefined when it is not one. */
export function headerOnlyBlock(code: string): Array<readonly [string, string]> | undefined {
  const lines = code.split('\n').filter((line) => line.trim() !== '');
  const headers = headerLines(lines);
  return typeof headers === 'string' || headers.length === 0 ? undefined : headers;
}

/**
 * Replaces the docs' placeholders with a real hub's address and key: `https://hub.example.org`
 * (also as a bare `hub.example.org`) and `tlk_…`, or a key shortened the same way (`tlk_0f1e…`).
 */
export function fillPlaceholders(code: string, hubUrl: string, key: string): string {
  return code.replaceAll(hubPlaceholder, hubUrl).replace(/tlk_[0-9a-f]*…/g, key);
}

/** Whether a block uses the hub placeholders. */
export function usesHubPlaceholders(code: string): boolean {
  return code.includes(hubPlaceholder) || /tlk_[0-9a-f]*…/.test(code);
}
