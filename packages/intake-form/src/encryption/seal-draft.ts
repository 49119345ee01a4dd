import type { FieldNode, ModelNode } from '../model/form-model.js';
import {
  type FormValues,
  isDateParts,
  isPlainObject,
  type ValuePath,
  valueAt,
  withValueAt,
} from '../model/form-values.js';

// The part of the form that only a form with `key-fingerprint` loads: it makes the answers of a
// draft safe to keep on the device. Every answer to an identifying field is replaced by its
// value encrypted for the organisation (the same `talap-e2e/1` value the case will carry, bound
// to the case id and the field), or left out when it cannot be encrypted. Nothing identifying is
// ever written in plain text; the device cannot decrypt it again, so a restored draft shows such
// an answer as kept encrypted, and sends it as it is unless the person types a new one.

/** Encrypts the identifying fields of a part of a case (the sync client's `encrypt`). */
export type EncryptPart = (
  part: Record<string, unknown>,
) => Promise<{ readonly ok: true; readonly value: unknown } | { readonly ok: false }>;

/** What `sealDraft` needs: the form's model and answers, the case id, and how to encrypt and convert. */
export interface SealDraftInput {
  readonly root: readonly ModelNode[];
  readonly values: FormValues;
  readonly caseId: string;
  /** The case value of a field's raw answer (`caseValueOf` of the form's model). */
  readonly caseValueOf: (field: FieldNode, raw: unknown) => unknown;
  readonly encrypt: EncryptPart;
}

/** Where an identifying answer sits in the answers. */
interface IdentifyingAnswer {
  readonly path: ValuePath;
  readonly field: FieldNode;
  readonly raw: unknown;
}

function identifyingAnswers(
  nodes: readonly ModelNode[],
  values: unknown,
  base: ValuePath,
  found: IdentifyingAnswer[],
): IdentifyingAnswer[] {
  for (const node of nodes) {
    const path = [...base, node.name];
    if (node.kind === 'field') {
      const raw = valueAt(values, path);
      if (node.meta?.sensitivity === 'identifying' && raw !== undefined) {
        found.push({ path, field: node, raw });
      }
    } else if (node.kind === 'group') {
      identifyingAnswers(node.children, values, path, found);
    } else {
      const items = valueAt(values, path);
      const count = Array.isArray(items) ? items.length : 0;
      for (let index = 0; index < count; index++) {
        identifyingAnswers(node.item, values, [...path, index], found);
      }
    }
  }
  return found;
}

/** Whether a raw answer is already an encrypted value (restored from an earlier draft). */
function isEncrypted(raw: unknown): boolean {
  return isPlainObject(raw) && !isDateParts(raw);
}

/**
 * The answers of a draft with every identifying answer encrypted for the organisation, or left
 * out when it cannot be (no key, or an answer that does not fit its field yet); answers already
 * encrypted stay as they are. Each answer is encrypted alone, so one that does not fit never
 * keeps the others out.
 */
export async function sealDraft(input: SealDraftInput): Promise<FormValues> {
  let values = input.values;
  for (const { path, field, raw } of identifyingAnswers(input.root, values, [], [])) {
    if (isEncrypted(raw)) continue;
    const value = input.caseValueOf(field, raw);
    let sealed: unknown;
    if (value !== undefined) {
      const part = withValueAt({ id: input.caseId } as FormValues, path, value);
      const result = await input.encrypt(part as Record<string, unknown>).catch(() => undefined);
      if (result?.ok) sealed = valueAt(result.value, path);
    }
    values = withValueAt(values, path, isEncrypted(sealed) ? sealed : undefined);
  }
  return values;
}
