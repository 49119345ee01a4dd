// Writes the reference tables of docs/intake-form.md (attributes, properties, methods, events, CSS
// custom properties and parts) from packages/intake-form/custom-elements.json, which the package
// build makes from the element's JSDoc. Only the part between the two markers is rewritten.
// `--check` writes nothing and fails when the doc is out of date (its test does the same).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The files this script reads and writes. */
export const referenceFiles = {
  manifest: fileURLToPath(new URL('../packages/intake-form/custom-elements.json', import.meta.url)),
  doc: fileURLToPath(new URL('../docs/intake-form.md', import.meta.url)),
};

const startMarker =
  '<!-- intake-form-reference:start (generated from custom-elements.json by scripts/intake-form-reference.ts: do not edit by hand) -->';
const endMarker = '<!-- intake-form-reference:end -->';

interface Entry {
  readonly name: string;
  readonly kind?: string;
  readonly description?: string;
  readonly type?: { readonly text: string };
  readonly default?: string;
  readonly attribute?: string;
  readonly fieldName?: string;
  readonly readonly?: boolean;
  readonly return?: { readonly type?: { readonly text: string } };
  readonly parameters?: readonly { readonly name: string; readonly type?: { text: string } }[];
}

interface ElementDeclaration {
  readonly name: string;
  readonly tagName?: string;
  readonly summary?: string;
  readonly attributes?: readonly Entry[];
  readonly members?: readonly Entry[];
  readonly events?: readonly Entry[];
  readonly cssParts?: readonly Entry[];
  readonly cssProperties?: readonly Entry[];
}

interface Manifest {
  readonly modules: readonly { readonly declarations?: readonly ElementDeclaration[] }[];
}

/** A table cell: one line, pipes escaped. */
function cell(text: string | undefined): string {
  return (text ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

function code(text: string | undefined): string {
  return text ? `\`${cell(text)}\`` : '';
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** `talap-submit` → `onTalapSubmit`, the prop of the React wrapper. */
export function reactEventProp(event: string): string {
  return `on${event
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')}`;
}

/** The custom element's declaration in the manifest. */
function elementOf(manifest: Manifest): ElementDeclaration {
  const found = manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .find((declaration) => declaration.tagName);
  if (!found) throw new Error('custom-elements.json declares no custom element.');
  return found;
}

/** The reference section: every attribute, property, method, event, custom property and part. */
export function renderReference(manifest: Manifest): string {
  const element = elementOf(manifest);
  const members = element.members ?? [];
  const attributeFields = new Set((element.attributes ?? []).map((entry) => entry.fieldName));
  const properties = members.filter(
    (member) => member.kind === 'field' && !attributeFields.has(member.name),
  );
  const methods = members.filter((member) => member.kind === 'method');
  const sections = [
    `### Attributes\n\nEach attribute has a property of the same meaning (the second column).\n\n${table(
      ['Attribute', 'Property', 'Type', 'Default', 'Description'],
      (element.attributes ?? []).map((entry) => [
        code(entry.name),
        code(entry.fieldName),
        code(entry.type?.text),
        code(entry.default),
        cell(entry.description),
      ]),
    )}`,
    `### Properties\n\nSet from JavaScript only (or read, where marked read-only).\n\n${table(
      ['Property', 'Type', 'Default', 'Description'],
      properties.map((entry) => [
        code(entry.name),
        code(entry.type?.text),
        code(entry.default),
        `${entry.readonly ? 'Read-only. ' : ''}${cell(entry.description)}`,
      ]),
    )}`,
    `### Methods\n\n${table(
      ['Method', 'Returns', 'Description'],
      methods.map((entry) => [
        code(
          `${entry.name}(${(entry.parameters ?? [])
            .map((parameter) => `${parameter.name}: ${parameter.type?.text ?? 'unknown'}`)
            .join(', ')})`,
        ),
        code(entry.return?.type?.text),
        cell(entry.description),
      ]),
    )}`,
    `### Events\n\nEvery event bubbles and crosses the shadow root (\`composed\`).\n\n${table(
      ['Event', 'React prop', 'Type', 'Description'],
      (element.events ?? []).map((entry) => [
        code(entry.name),
        code(reactEventProp(entry.name)),
        code(entry.type?.text),
        cell(entry.description),
      ]),
    )}`,
    `### CSS custom properties\n\n${table(
      ['Property', 'Description'],
      (element.cssProperties ?? []).map((entry) => [code(entry.name), cell(entry.description)]),
    )}`,
    `### CSS parts\n\nStyle them from the page with \`talap-intake-form::part(name)\`.\n\n${table(
      ['Part', 'Description'],
      (element.cssParts ?? []).map((entry) => [code(entry.name), cell(entry.description)]),
    )}`,
  ];
  return `${startMarker}\n\n${sections.join('\n\n')}\n\n${endMarker}`;
}

/** The doc with its reference section rewritten from the manifest. */
export function updateReference(doc: string, manifest: Manifest): string {
  const start = doc.indexOf(startMarker);
  const end = doc.indexOf(endMarker);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(
      `docs/intake-form.md needs the markers ${startMarker} and ${endMarker}, in that order.`,
    );
  }
  return `${doc.slice(0, start)}${renderReference(manifest)}${doc.slice(end + endMarker.length)}`;
}

/** Reads the manifest and the doc, and returns the doc as it should be. */
export function expectedDoc(): { current: string; expected: string } {
  const manifest = JSON.parse(readFileSync(referenceFiles.manifest, 'utf8')) as Manifest;
  const current = readFileSync(referenceFiles.doc, 'utf8');
  return { current, expected: updateReference(current, manifest) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { current, expected } = expectedDoc();
  if (current === expected) {
    console.log('docs/intake-form.md is up to date.');
  } else if (process.argv.includes('--check')) {
    console.error('docs/intake-form.md is out of date: run `pnpm docs:intake-form`.');
    process.exit(1);
  } else {
    writeFileSync(referenceFiles.doc, expected);
    console.log('wrote docs/intake-form.md');
  }
}
