import { en } from '../locales/en.js';
import { caseSchema, caseSchemaId, currentSchemaVersion } from '../schema/case.js';
import { describeFields } from '../schema/walk.js';
import { vocabularies } from '../vocab/index.js';

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** Renders docs/schema.md: every field with its type, sensitivity and tier, and every vocabulary. */
export function renderSchemaReference(): string {
  const lines: string[] = [
    '# The case schema reference',
    '',
    '<!-- Generated from the zod schema by packages/core/scripts/generate-artifacts.ts: do not edit by hand. -->',
    '',
    `Schema version ${currentSchemaVersion}; JSON Schema \`$id\`: \`${caseSchemaId}\`.`,
    '',
    'Sensitivity: `identifying` (points at a person), `special` (health, sex life, orientation, drug use,',
    'criminal matters), `quasi` (singles a person out in combination), `none`. Tier: the widest',
    'circle the field may reach (`organisation` < `partner` < `aggregate`); `redact()` keeps a field',
    'only when the policy is within its tier. Required means required whenever the enclosing object is present.',
    '',
    'Every identifying field may hold its plain value or, instead, that value encrypted for the',
    'organisation (an object with `"$enc": "talap-e2e/1"`); validation and redaction need no key.',
    'See [encryption.md](encryption.md).',
    '',
    '## Fields',
    '',
    '| field | label (en) | type | required | sensitivity | tier | self-report | vocabulary |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const field of describeFields(caseSchema)) {
    lines.push(
      `| \`${field.key}\` | ${cell(en[field.labelKey] ?? '')} | ${field.type}${field.encryptable ? ' or encrypted value' : ''}${field.coarsen ? ' (to month when shared)' : ''} | ${field.required ? 'yes' : 'no'} | ${field.sensitivity} | ${field.tier} | ${field.selfReport ? 'yes' : 'no'} | ${field.vocabulary ? `[${field.vocabulary}](#${field.vocabulary.toLowerCase()})` : ''} |`,
    );
  }
  lines.push('', '## Vocabularies', '');
  for (const vocabulary of Object.values(vocabularies)) {
    lines.push(
      `### ${vocabulary.name}`,
      '',
      '| code | label (en) | description | HURIDOCS | GBVIMS |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const code of vocabulary.codes) {
      const entry = (
        vocabulary.entries as Record<
          string,
          { description: string; huridocs?: string; gbvims?: string; deprecated?: boolean }
        >
      )[code]!;
      lines.push(
        `| \`${code}\`${entry.deprecated ? ' (deprecated)' : ''} | ${cell(en[`vocab.${vocabulary.name}.${code}`] ?? '')} | ${cell(entry.description)} | ${cell(entry.huridocs ?? '')} | ${cell(entry.gbvims ?? '')} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
