// Type tests, checked by `pnpm run typecheck`: identifying fields may hold encrypted values in a
// case, and never in what decryptCase returns.
import { expectTypeOf } from 'vitest';
import type { Case } from '../schema/case.js';
import {
  type CryptoResult,
  decryptCase,
  type EncryptedValue,
  encryptCase,
  type OrganisationPublicKey,
  type PlainCase,
} from './index.js';

declare const record: Case;
declare const key: OrganisationPublicKey;

expectTypeOf(record.client.code).toEqualTypeOf<string | EncryptedValue>();
expectTypeOf(record.incident.account).toEqualTypeOf<string | EncryptedValue | undefined>();
expectTypeOf(record.client.keyPopulations).toEqualTypeOf<Case['client']['keyPopulations']>();
expectTypeOf<PlainCase['client']['code']>().toEqualTypeOf<string>();
expectTypeOf<NonNullable<PlainCase['responses']>[number]['notes']>().toEqualTypeOf<
  string | undefined
>();
expectTypeOf<PlainCase>().toExtend<Case>();
expectTypeOf(encryptCase(record, key)).toEqualTypeOf<Promise<CryptoResult<Case>>>();
expectTypeOf(decryptCase(record, [])).toEqualTypeOf<Promise<CryptoResult<PlainCase>>>();
expectTypeOf(decryptCase(JSON.parse('{}') as unknown, [])).toEqualTypeOf<
  Promise<CryptoResult<unknown>>
>();
