// Type tests of the React wrapper, checked by `pnpm run typecheck`: props and event handlers are typed.
import type { Case } from '@talap/core';
import { expectTypeOf } from 'vitest';
import type { TalapErrorKind } from './events.js';
import type { TalapIntakeFormProps } from './react.js';

expectTypeOf<TalapIntakeFormProps['mode']>().toEqualTypeOf<
  'self-report' | 'documenter' | undefined
>();
expectTypeOf<NonNullable<TalapIntakeFormProps['config']>['hide']>().toEqualTypeOf<
  readonly string[] | undefined
>();

const props: TalapIntakeFormProps = {
  locale: 'ru',
  onTalapSubmit: (event) => {
    expectTypeOf(event.detail.case).toEqualTypeOf<Case>();
    event.preventDefault();
  },
  onTalapChange: (event) => expectTypeOf(event.detail.pointer).toEqualTypeOf<string>(),
  onTalapQueued: (event) => expectTypeOf(event.detail.mutationId).toEqualTypeOf<string>(),
  onTalapSynced: (event) => expectTypeOf(event.detail.revision).toEqualTypeOf<number>(),
  onTalapError: (event) => expectTypeOf(event.detail.kind).toEqualTypeOf<TalapErrorKind>(),
};
expectTypeOf(props).toMatchTypeOf<TalapIntakeFormProps>();

// @ts-expect-error: a handler receives the event, with its detail typed
const _wrong: TalapIntakeFormProps = { onTalapSynced: (event: CustomEvent<string>) => event };
