// Type tests, checked by `pnpm run typecheck`: the tag, the properties and the events are typed.
import type { Case } from '@talap/core';
import { expectTypeOf } from 'vitest';
import type { TalapErrorKind } from './events.js';
import type { TalapIntakeForm } from './intake-form.component.js';
import type {} from './intake-form.js';

declare const form: HTMLElementTagNameMap['talap-intake-form'];

expectTypeOf(form).toEqualTypeOf<TalapIntakeForm>();
expectTypeOf(document.querySelector('talap-intake-form')).toEqualTypeOf<TalapIntakeForm | null>();
expectTypeOf(form.mode).toEqualTypeOf<'self-report' | 'documenter'>();
expectTypeOf(form.value).toEqualTypeOf<Case | null>();
expectTypeOf(form.config.organisation).toEqualTypeOf<string | undefined>();

form.addEventListener('talap-submit', (event) => {
  expectTypeOf(event.detail.case).toEqualTypeOf<Case>();
  expectTypeOf(event.preventDefault).toBeFunction();
});
form.addEventListener('talap-queued', (event) => {
  expectTypeOf(event.detail).toEqualTypeOf<{
    readonly caseId: string;
    readonly mutationId: string;
  }>();
});
form.addEventListener('talap-synced', (event) => {
  expectTypeOf(event.detail.revision).toEqualTypeOf<number>();
});
form.addEventListener('talap-error', (event) => {
  expectTypeOf(event.detail.kind).toEqualTypeOf<TalapErrorKind>();
  expectTypeOf(event.detail.willRetry).toEqualTypeOf<boolean>();
});
form.addEventListener('talap-change', (event) => {
  expectTypeOf(event.detail.pointer).toEqualTypeOf<string>();
});
