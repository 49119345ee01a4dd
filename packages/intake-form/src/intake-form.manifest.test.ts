import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// custom-elements.json is made from the class's JSDoc by `cem analyze` in the package build. These
// tests check that it lists what the JSDoc declares, and that the JSDoc declares what the element
// really has: the attributes of its properties, the events it dispatches, the parts in its
// templates and the custom properties its styles read.

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const srcDir = join(packageDir, 'src');
const manifestFile = join(packageDir, 'custom-elements.json');
const componentSource = readFileSync(join(srcDir, 'intake-form.component.ts'), 'utf8');

interface Named {
  readonly name: string;
  readonly description?: string;
  readonly type?: { readonly text: string };
}

interface ManifestClass {
  readonly kind: string;
  readonly name: string;
  readonly tagName?: string;
  readonly summary?: string;
  readonly attributes?: readonly Named[];
  readonly events?: readonly Named[];
  readonly cssParts?: readonly Named[];
  readonly cssProperties?: readonly Named[];
}

function manifestClass(): ManifestClass {
  if (!existsSync(manifestFile)) {
    throw new Error(
      'packages/intake-form/custom-elements.json is missing: run `pnpm --filter @talap/intake-form build`.',
    );
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    modules: { declarations?: ManifestClass[] }[];
  };
  const found = manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .find((declaration) => declaration.name === 'TalapIntakeForm');
  if (!found) throw new Error('custom-elements.json declares no TalapIntakeForm class.');
  return found;
}

/** The names a JSDoc tag declares on the class, e.g. every `@csspart name - …` (or `@event {Type} name - …`). */
function declared(tag: string): string[] {
  return [
    ...componentSource.matchAll(new RegExp(`^ \\* @${tag} (?:\\{[^}]+\\} )?(\\S+) - `, 'gm')),
  ].map((match) => match[1] as string);
}

function names(entries: readonly Named[] | undefined): string[] {
  return (entries ?? []).map((entry) => entry.name).sort();
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** The source files that make up the element (tests and test kits aside). */
function sourceFiles(dir = srcDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test-kit' ? [] : sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test(-d)?\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe('custom-elements.json', () => {
  const element = manifestClass();

  it('names the tag and the summary', () => {
    expect(element.tagName).toBe('talap-intake-form');
    expect(element.summary).toBe(/^ \* @summary (.*)$/m.exec(componentSource)?.[1]);
  });

  it('lists every attribute, event, CSS part and CSS custom property the JSDoc declares', () => {
    const stale = 'custom-elements.json is stale: run `pnpm --filter @talap/intake-form build`';
    expect(names(element.attributes), stale).toEqual(sorted(declared('attr')));
    expect(names(element.events), stale).toEqual(sorted(declared('event')));
    expect(names(element.cssParts), stale).toEqual(sorted(declared('csspart')));
    expect(names(element.cssProperties), stale).toEqual(sorted(declared('cssproperty')));
    for (const event of element.events ?? []) {
      expect(event.type?.text, event.name).toMatch(/^CustomEvent<Talap\w+Detail>$/);
    }
    for (const entry of [
      ...(element.attributes ?? []),
      ...(element.events ?? []),
      ...(element.cssParts ?? []),
      ...(element.cssProperties ?? []),
    ]) {
      expect(entry.description, entry.name).toBeTruthy();
    }
  });
});

describe("the component's JSDoc", () => {
  it('declares the attribute of every reactive property that has one', () => {
    const attributes = [
      ...componentSource.matchAll(/@property\(([^)]*)\)\s+(?:override\s+)?(\w+)/g),
    ].flatMap(([, options = '', field = '']) => {
      if (/attribute:\s*false/.test(options)) return [];
      return [/attribute:\s*'([^']+)'/.exec(options)?.[1] ?? field.toLowerCase()];
    });
    expect(attributes.length).toBeGreaterThan(5);
    expect(sorted(declared('attr'))).toEqual(sorted(attributes));
  });

  it('declares every event the element dispatches', () => {
    const dispatched = [...componentSource.matchAll(/#emit\('([a-z-]+)'/g)].map((m) => m[1] ?? '');
    if (componentSource.includes('#emitError(')) dispatched.push('talap-error');
    const eventMap = readFileSync(join(srcDir, 'events.ts'), 'utf8');
    const mapped = [...eventMap.matchAll(/^\s+'(talap-[a-z-]+)': CustomEvent</gm)].map(
      (match) => match[1] ?? '',
    );
    expect(sorted(dispatched)).toEqual(sorted(declared('event')));
    expect(sorted(mapped)).toEqual(sorted(declared('event')));
  });

  it('declares every part the templates render', () => {
    const parts = sourceFiles().flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\spart="([^"$]+)"/g)].flatMap((match) =>
        (match[1] ?? '').split(/\s+/),
      ),
    );
    expect(parts.length).toBeGreaterThan(10);
    expect(sorted(declared('csspart'))).toEqual(sorted(parts));
  });

  it('declares every custom property the styles read', () => {
    const styles = readFileSync(join(srcDir, 'intake-form.styles.ts'), 'utf8');
    const read = [...styles.matchAll(/var\((--talap-[a-z-]+)/g)].map((match) => match[1] ?? '');
    expect(read.length).toBeGreaterThan(10);
    expect(sorted(declared('cssproperty'))).toEqual(sorted(read));
  });
});
