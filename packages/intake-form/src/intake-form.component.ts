import {
  type Case,
  caseSchema,
  hasCatalog,
  loadLocale,
  newCaseId,
  type ShippedLocale,
  validateCase,
} from '@talap/core';
import type { SyncClient } from '@talap/sync';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { IntakeFormConfig, IntakeFormMode } from './config.js';
import type {
  TalapChangeDetail,
  TalapErrorDetail,
  TalapErrorKind,
  TalapQueuedDetail,
  TalapSubmitDetail,
  TalapSyncedDetail,
} from './events.js';
import { intakeFormStyles } from './intake-form.styles.js';
import { isShippedLocale, loadFormStrings } from './locales/strings.js';
import { buildFormModel, type FormModel, type ListNode } from './model/form-model.js';
import {
  type FormValues,
  initialValues,
  isAnswered,
  newItem,
  type RawValue,
  type ValuePath,
  valueAt,
  withValueAt,
} from './model/form-values.js';
import { domId, type Instance, instancesOf, toPointer } from './model/instances.js';
import {
  configurationIssues,
  type FormIssue,
  fromValidation,
  type IssuePlacement,
  type PlacedIssue,
  placeIssues,
} from './model/issues.js';
import { buildCase, caseValueOf } from './model/to-case.js';
import { doubleEscapeDetector, quickExit } from './safety/quick-exit.js';
import { type Draft, type DraftStore, indexedDbDraftStore } from './storage/draft-store.js';
import { hubConnection } from './submit/hub-connection.js';
import { loadEncryption } from './submit/load-encryption.js';
import { type FieldsContext, focusTarget, renderNodes } from './view/render-fields.js';
import { renderReview } from './view/render-review.js';
import { issueLabel, issueMessage, sectionTitle, type TextContext, ui } from './view/texts.js';

/** The answers checked against the schema, computed once per change of the answers. */
interface Checked {
  readonly values: FormValues;
  readonly locale: string;
  readonly record: Record<string, unknown>;
  readonly value: Case | undefined;
  readonly placement: IssuePlacement;
  readonly instances: readonly Instance[];
}

type Phase = 'form' | 'sending' | 'done' | 'exiting';

const transientErrors: readonly string[] = ['network', 'server', 'rate-limited'];

/**
 * A drop-in form that records a human-rights case against Talap's shared schema, for a client
 * reporting for themself (`self-report`) or a documenter (`documenter`). Its steps, fields and
 * choices are derived from the schema of `@talap/core`; answers are validated on leaving a field
 * and on Next; with a `hub` and an intake `key` the case is saved offline-first through
 * `@talap/sync`. Inside a `<form>` it takes part as a form control (its value is the case as JSON).
 *
 * @summary An accessible, offline-first case intake form for Talap.
 *
 * @attr mode - `self-report` (default: consent first, only self-report fields, plain language) or `documenter` (the full case).
 * @attr locale - `en` (default), `ru`, `kk` or `uk`; other languages load on demand and can change at run time.
 * @attr hub - The base URL of a Talap hub. Without it the host receives the case from `talap-submit`.
 * @attr key - An intake key of the hub (it may only create cases, and is safe in a page's source).
 * @attr key-fingerprint - The fingerprint of the organisation's public key (as `talap keys generate` printed it; several separated by commas while a key is rotated). When set, identifying answers are encrypted on the device for the hub's key with this fingerprint before a draft or the case is stored or sent, and nothing is sent when the hub serves another key (docs/encryption.md).
 * @attr draft - When present, unfinished answers are kept on this device (IndexedDB) and restored; its value names the draft.
 * @attr quick-exit-url - Where the quick-exit button (and Escape pressed twice) goes, replacing this page in history. Default `about:blank`.
 * @attr theme - `light`, `dark`, or `auto` (default: follows `prefers-color-scheme`).
 * @attr name - The name under which the case is submitted with a host `<form>`.
 * @attr disabled - When present, no answer can be changed and nothing can be submitted (as when a host `<fieldset disabled>` holds the element); the quick exit still works.
 *
 * @event {CustomEvent<TalapChangeDetail>} talap-change - An answer changed. `detail`: `{ pointer, case }` (the record as it stands, not yet valid).
 * @event {CustomEvent<TalapSubmitDetail>} talap-submit - A valid case was submitted. `detail`: `{ case }`. Cancelable: call `preventDefault()` to handle the case yourself (nothing is saved or sent then).
 * @event {CustomEvent<TalapQueuedDetail>} talap-queued - The case is stored in the device's outbox. `detail`: `{ caseId, mutationId }`.
 * @event {CustomEvent<TalapSyncedDetail>} talap-synced - The hub acknowledged a case. `detail`: `{ caseId, revision }`.
 * @event {CustomEvent<TalapErrorDetail>} talap-error - Something did not work. `detail`: `{ kind, message, caseId?, willRetry }`; a queued case is never lost.
 *
 * @csspart form - The outer frame.
 * @csspart header - The bar with the quick-exit button.
 * @csspart quick-exit - The quick-exit button.
 * @csspart progress - The "Step x of y" text and the bar of steps (each step's name is read out, not shown).
 * @csspart step - The form of the current step.
 * @csspart heading - The heading of the current step.
 * @csspart error-summary - The list of problems at the top of a step.
 * @csspart field - One question: its label, help, message and input.
 * @csspart label - A question's label (or legend).
 * @csspart help - A question's help text.
 * @csspart error - A question's error or warning message.
 * @csspart input - An input, select or text area.
 * @csspart list-item - One item of a repeatable list (a violation, a response).
 * @csspart review - The review of all answers.
 * @csspart status - Messages about drafts and sending.
 * @csspart button - Every button.
 * @csspart button-primary - Next and Submit.
 * @csspart button-secondary - Back, add and remove.
 *
 * @cssproperty --talap-color-text - Text colour.
 * @cssproperty --talap-color-muted - Help and secondary text colour.
 * @cssproperty --talap-color-background - Background colour.
 * @cssproperty --talap-color-surface - Background of list items and messages.
 * @cssproperty --talap-color-border - Borders of inputs and groups.
 * @cssproperty --talap-color-accent - Primary buttons and links.
 * @cssproperty --talap-color-accent-text - Text on the accent colour.
 * @cssproperty --talap-color-error - Error messages and borders.
 * @cssproperty --talap-color-success - The mark beside status messages.
 * @cssproperty --talap-color-exit - Quick-exit button background.
 * @cssproperty --talap-color-exit-text - Quick-exit button text.
 * @cssproperty --talap-focus-ring-color - Focus outline colour.
 * @cssproperty --talap-focus-ring-width - Focus outline width (default 3px).
 * @cssproperty --talap-font-family - Font family.
 * @cssproperty --talap-font-size - Base font size (default 1rem).
 * @cssproperty --talap-radius - Corner radius (default 6px).
 * @cssproperty --talap-space - Base spacing unit (default 1rem).
 * @cssproperty --talap-max-width - Largest width of the form (default 44rem).
 */
export class TalapIntakeForm extends LitElement {
  static override styles = intakeFormStyles;

  /** Takes part in a host `<form>` (value, validity, reset). */
  static formAssociated = true;

  /**
   * `self-report` (default: consent first, only self-report fields, plain language) or `documenter`
   * (the full case).
   */
  @property({ reflect: true }) mode: IntakeFormMode = 'self-report';

  /**
   * `en` (default), `ru`, `kk` or `uk`; other languages load on demand and can change at run time.
   */
  @property({ reflect: true }) locale = 'en';

  /** The base URL of a Talap hub. Without it the host receives the case from `talap-submit`. */
  @property() hub?: string;

  /** An intake key of the hub (it may only create cases, and is safe in a page's source). */
  @property() key?: string;

  /**
   * The fingerprint of the organisation's public key (as `talap keys generate` printed it; several
   * separated by commas while a key is rotated). When set, identifying answers are encrypted on the
   * device for the hub's key with this fingerprint before a draft or the case is stored or sent,
   * and nothing is sent when the hub serves another key (docs/encryption.md).
   */
  @property({ attribute: 'key-fingerprint' }) keyFingerprint?: string;

  /**
   * When present, unfinished answers are kept on this device (IndexedDB) and restored; its value
   * names the draft.
   */
  @property() draft?: string;

  /**
   * Where the quick-exit button (and Escape pressed twice) goes, replacing this page in history.
   * Default `about:blank`.
   */
  @property({ attribute: 'quick-exit-url' }) quickExitUrl?: string;

  /** `light`, `dark`, or `auto` (default: follows `prefers-color-scheme`). */
  @property({ reflect: true }) theme?: 'light' | 'dark' | 'auto';

  /** The name under which the case is submitted with a host `<form>`. */
  @property({ reflect: true }) name?: string;

  /**
   * When present, no answer can be changed and nothing can be submitted (as when a host `<fieldset
   * disabled>` holds the element); the quick exit still works.
   */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** The intake key under a name React does not keep for itself: `<TalapIntakeForm intakeKey=…>`. */
  get intakeKey(): string | undefined {
    return this.key;
  }
  set intakeKey(value: string | undefined) {
    this.key = value;
  }

  /** Hidden, required and preset fields, and the organisation's extension fields. */
  @property({ attribute: false }) config: IntakeFormConfig = {};

  /** Where drafts are kept (IndexedDB by default). */
  @property({ attribute: false }) draftStore: DraftStore = indexedDbDraftStore();

  @state() private values: FormValues = {};
  @state() private stepIndex = 0;
  @state() private phase: Phase = 'form';
  @state() private statusKey: string | undefined;
  @state() private activeLocale = 'en';
  @state() private revealed: ReadonlySet<string> = new Set();
  @state() private summaryShown = false;
  /** Whether the element is disabled, by its own attribute or by a disabled host fieldset. */
  @state() private formDisabled = false;

  readonly #internals: ElementInternals = this.attachInternals();
  #model: FormModel = buildFormModel(caseSchema, 'self-report');
  #initialValues: FormValues = {};
  #caseId = newCaseId();
  #createdAt = new Date().toISOString();
  #checked: Checked | undefined;
  #focusNext: 'heading' | 'summary' | { id: string } | undefined;
  #draftTimer: ReturnType<typeof setTimeout> | undefined;
  #draftLoaded: Promise<void> = Promise.resolve();
  #sync: Promise<SyncClient> | undefined;
  #syncFor = '';
  #unlisten: (() => void)[] = [];
  #submittedId: string | undefined;
  #localeRequest = 0;
  #draftTurn = 0;
  readonly #isDoubleEscape = doubleEscapeDetector();

  /** The host form, if the element is inside one. */
  get form(): HTMLFormElement | null {
    return this.#internals.form;
  }

  /** The validity of the case, as a host form sees it. */
  get validity(): ValidityState {
    return this.#internals.validity;
  }

  /** The validity message a host form shows. */
  get validationMessage(): string {
    return this.#internals.validationMessage;
  }

  /** Whether a host form validates this element. */
  get willValidate(): boolean {
    return this.#internals.willValidate;
  }

  /** The case if the answers make a valid one, else null. */
  get value(): Case | null {
    return this.#check().value ?? null;
  }

  /** Checks the answers as a host form does, without showing anything. */
  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }

  /** Checks the answers and lets the browser report a problem. */
  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  /** Starts over: empty answers, a new case id, the first step; any draft is removed. */
  reset(): void {
    this.values = initialValues(this.#model.root, this.config.values);
    this.#initialValues = this.values;
    this.#caseId = newCaseId();
    this.#createdAt = new Date().toISOString();
    this.stepIndex = 0;
    this.revealed = new Set();
    this.summaryShown = false;
    this.phase = 'form';
    this.statusKey = undefined;
    this.#submittedId = undefined;
    void this.#clearDraft();
  }

  #startAgain = (): void => {
    this.reset();
    this.#focusNext = 'heading';
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.#onKeyDown);
    // Frameworks (React through @lit/react among them) set properties just after inserting the
    // element, in the same task: `draft`, `hub` and `key` are read once they had that chance.
    this.#draftLoaded = new Promise((resolve) => {
      queueMicrotask(() => {
        if (!this.isConnected) return resolve();
        if (this.draft !== undefined) void this.#restoreDraft().then(resolve);
        else resolve();
        if (this.hub && this.key) void this.#resumeOutbox();
      });
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.#onKeyDown);
    clearTimeout(this.#draftTimer);
    this.#dropHub();
  }

  // --- lifecycle ----------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('mode') || changed.has('config') || !this.hasUpdated) {
      const first = !this.hasUpdated;
      this.#model = buildFormModel(caseSchema, this.mode, this.config);
      if (first) {
        this.values = initialValues(this.#model.root, this.config.values);
        this.#initialValues = this.values;
      }
      this.stepIndex = Math.min(this.stepIndex, this.#model.steps.length);
      this.#checked = undefined;
    }
    if (changed.has('locale')) void this.#switchLocale(this.locale);
    if (
      (changed.has('hub') || changed.has('key') || changed.has('keyFingerprint')) &&
      this.hasUpdated
    )
      this.#dropHub();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('values') || changed.has('activeLocale') || changed.has('mode')) {
      this.#updateFormValue();
    }
    const focus = this.#focusNext;
    this.#focusNext = undefined;
    if (focus === 'heading') {
      this.renderRoot.querySelector<HTMLElement>('#step-heading')?.focus();
    } else if (focus === 'summary') {
      this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
    } else if (focus) {
      focusTarget(this.renderRoot, focus.id)?.focus();
    }
  }

  // --- form association ---------------------------------------------------------------------

  /** Called when the element is disabled or enabled, by its own attribute or a host `<fieldset>`. */
  formDisabledCallback(disabled: boolean): void {
    // The browser calls this while Lit reflects `disabled`, after that update has rendered: a
    // change made then would not be rendered, so it is made once the update is over.
    queueMicrotask(() => {
      this.formDisabled = disabled;
    });
  }

  /** Called by a host form's reset. */
  formResetCallback(): void {
    this.reset();
  }

  /** Called when the browser restores the page's form state (back/forward, autofill). */
  formStateRestoreCallback(state: unknown): void {
    if (typeof state !== 'string') return;
    try {
      const restored = JSON.parse(state) as { values?: FormValues; step?: number; caseId?: string };
      if (!restored.values || typeof restored.values !== 'object') return;
      this.values = restored.values;
      this.stepIndex = Math.min(Number(restored.step) || 0, this.#model.steps.length);
      if (typeof restored.caseId === 'string') this.#caseId = restored.caseId;
    } catch {
      // A state from another version of the form: start empty.
    }
  }

  #updateFormValue(): void {
    const checked = this.#check();
    const state = JSON.stringify({
      values: this.values,
      step: this.stepIndex,
      caseId: this.#caseId,
    });
    // With encryption, no plain answer goes to the host form or the browser's saved form state.
    const plain = !this.keyFingerprint;
    this.#internals.setFormValue(
      plain && checked.value ? JSON.stringify(checked.value) : null,
      plain ? state : null,
    );
    if (checked.value) {
      this.#internals.setValidity({});
      return;
    }
    const anchor =
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      this.renderRoot.querySelector<HTMLElement>('#step-heading') ??
      undefined;
    this.#internals.setValidity(
      { customError: true },
      ui(this.#text(), 'error.summary.title'),
      anchor,
    );
  }

  // --- checking -----------------------------------------------------------------------------

  #text(): TextContext {
    return { locale: this.activeLocale, mode: this.mode };
  }

  #context() {
    return {
      id: this.#caseId,
      createdAt: this.#createdAt,
      updatedAt: this.#createdAt,
      organisation: this.config.organisation ?? 'unspecified',
      channel: this.config.channel ?? (this.mode === 'self-report' ? 'self_report' : 'documenter'),
    } as const;
  }

  #check(): Checked {
    const cached = this.#checked;
    if (cached && cached.values === this.values && cached.locale === this.activeLocale) {
      return cached;
    }
    const record = buildCase(this.#model.root, this.values, this.#context());
    const result = validateCase(record, { locale: this.activeLocale });
    const instances = instancesOf(this.#model.root, this.values);
    const extra = configurationIssues(instances);
    const issues: FormIssue[] = [...fromValidation(result.issues), ...extra];
    const checked: Checked = {
      values: this.values,
      locale: this.activeLocale,
      record,
      value: result.ok && extra.length === 0 ? result.value : undefined,
      placement: placeIssues(issues, instances),
      instances,
    };
    this.#checked = checked;
    return checked;
  }

  /** The issues shown now: those of the elements the person has been told about. */
  #shownIssues(): Map<string, PlacedIssue[]> {
    const shown = new Map<string, PlacedIssue[]>();
    for (const [id, issues] of this.#check().placement.byId) {
      if (this.revealed.has(id)) shown.set(id, [...issues]);
    }
    return shown;
  }

  #reveal(ids: Iterable<string>): void {
    const next = new Set(this.revealed);
    for (const id of ids) next.add(id);
    if (next.size !== this.revealed.size) this.revealed = next;
  }

  // --- answering ----------------------------------------------------------------------------

  #onValue = (path: ValuePath, raw: RawValue): void => {
    this.values = withValueAt(this.values, path, raw);
    this.#changed(path);
  };

  #changed(path: ValuePath): void {
    const detail: TalapChangeDetail = {
      pointer: toPointer(path),
      case: buildCase(this.#model.root, this.values, this.#context()),
    };
    this.#emit('talap-change', detail);
    this.#scheduleDraftSave();
  }

  /** Shows a field's issues once it holds an answer (an empty field is only flagged on Next). */
  #onLeave = (path: ValuePath): void => {
    const checked = this.#check();
    const id = domId(path);
    const pointer = toPointer(path);
    const answered = isAnswered(valueAt(this.values, path));
    if (!answered && !this.revealed.has(id)) return;
    const ids = [id];
    for (const instance of checked.instances) {
      if (instance.kind !== 'field' && pointer.startsWith(`${instance.pointer}/`)) {
        if (checked.placement.byId.has(instance.id)) ids.push(instance.id);
      }
    }
    this.#reveal(ids);
  };

  #onAdd = (list: ListNode, path: ValuePath): void => {
    const items = valueAt(this.values, path);
    const index = Array.isArray(items) ? items.length : 0;
    this.values = withValueAt(this.values, [...path, index], newItem(list));
    this.#focusNext = { id: domId([...path, index]) };
    this.#changed(path);
  };

  #onRemove = (_list: ListNode, path: ValuePath, index: number): void => {
    const items = valueAt(this.values, path);
    if (!Array.isArray(items)) return;
    this.values = withValueAt(
      this.values,
      path,
      items.filter((_, at) => at !== index),
    );
    const prefix = `${domId(path)}-`;
    this.revealed = new Set([...this.revealed].filter((id) => !id.startsWith(prefix)));
    this.#focusNext = { id: `${domId(path)}-add` };
    this.#changed(path);
  };

  // --- moving between steps -----------------------------------------------------------------

  #stepErrors(index: number): PlacedIssue[] {
    const step = this.#model.steps[index];
    if (!step) return [];
    return this.#check().placement.placed.filter(
      (issue) => issue.severity === 'error' && issue.target.section === step.section,
    );
  }

  #goTo(index: number): void {
    this.stepIndex = index;
    this.summaryShown = false;
    this.#focusNext = 'heading';
    this.#scheduleDraftSave();
  }

  #onSubmitStep = (event: Event): void => {
    event.preventDefault();
    if (this.phase !== 'form' || this.formDisabled) return;
    if (this.stepIndex >= this.#model.steps.length) {
      void this.#submit();
      return;
    }
    const errors = this.#stepErrors(this.stepIndex);
    if (errors.length > 0) {
      this.#reveal(errors.map((issue) => issue.target.id));
      this.summaryShown = true;
      this.#focusNext = 'summary';
      return;
    }
    this.#goTo(this.stepIndex + 1);
  };

  #onBack = (): void => {
    if (this.stepIndex > 0) this.#goTo(this.stepIndex - 1);
  };

  #focusIssue(issue: PlacedIssue): void {
    focusTarget(this.renderRoot, issue.target.id)?.focus();
  }

  // --- submitting ---------------------------------------------------------------------------

  async #submit(): Promise<void> {
    const checked = this.#check();
    if (!checked.value) {
      const errors = checked.placement.placed.filter((issue) => issue.severity === 'error');
      this.#reveal(errors.map((issue) => issue.target.id));
      const first = this.#model.steps.findIndex((_, index) => this.#stepErrors(index).length > 0);
      if (first !== -1) this.stepIndex = first;
      this.summaryShown = true;
      this.#focusNext = 'summary';
      return;
    }
    const record: Case = { ...checked.value, updatedAt: new Date().toISOString() };
    const submit = this.#emit('talap-submit', { case: record } satisfies TalapSubmitDetail, true);
    if (!submit) return;
    // Leaving the form phase first stops any draft save from landing after the draft is cleared.
    this.phase = 'sending';
    await this.#draftLoaded;
    await this.#clearDraft();
    this.#submittedId = record.id;
    if (!(this.hub && this.key)) {
      this.phase = 'done';
      this.statusKey = 'status.submitted';
      this.#focusNext = 'heading';
      this.form?.requestSubmit();
      return;
    }
    this.statusKey = 'status.sending';
    try {
      const client = await this.#hubClient();
      const saved = await client.save(record);
      if (!saved.ok) {
        this.phase = 'form';
        this.statusKey =
          saved.reason === 'encryption' ? `status.encryption.${saved.code}` : 'status.failed';
        this.#emitError({
          kind: saved.reason === 'invalid' ? 'rejected' : saved.reason,
          message:
            saved.reason === 'invalid'
              ? saved.issues.map((issue) => issue.message).join(' ')
              : saved.message,
          caseId: record.id,
          willRetry: false,
        });
        return;
      }
      this.#emit('talap-queued', {
        caseId: saved.caseId,
        mutationId: saved.mutationId,
      } satisfies TalapQueuedDetail);
      this.phase = 'done';
      this.#focusNext = 'heading';
      if (navigator.onLine) {
        this.statusKey = 'status.queued';
        void client.sync();
      } else {
        this.statusKey = 'status.offline';
        this.#emitError({
          kind: 'network',
          message:
            'The device is offline: the case is queued on the device and is sent when the connection returns.',
          caseId: record.id,
          willRetry: true,
        });
      }
    } catch (error) {
      this.phase = 'form';
      this.statusKey = 'status.failed';
      this.#emitError({
        kind: 'unexpected',
        message: `The case could not be saved (${(error as Error).name}).`,
        caseId: record.id,
        willRetry: false,
      });
    }
  }

  // --- the hub --------------------------------------------------------------------------------

  #hubClient(): Promise<SyncClient> {
    const hub = this.hub as string;
    const key = this.key as string;
    const fingerprint = this.keyFingerprint;
    const wanted = `${hub}\u0000${key}\u0000${fingerprint}`;
    if (this.#sync && this.#syncFor === wanted) return this.#sync;
    this.#dropHub();
    this.#syncFor = wanted;
    this.#sync = hubConnection({ hub, key, locale: this.activeLocale, fingerprint }).then(
      (client) => {
        if (this.#syncFor === wanted) this.#listenTo(client);
        return client;
      },
    );
    return this.#sync;
  }

  /** Turns the shared sync client's events into this element's events while it is on the page. */
  #listenTo(client: SyncClient): void {
    this.#unlisten = [
      client.on('pushed', ({ caseId, revision }) => {
        this.#emit('talap-synced', { caseId, revision } satisfies TalapSyncedDetail);
        if (caseId === this.#submittedId) {
          this.statusKey = this.mode === 'documenter' ? 'status.sent.documenter' : 'status.sent';
        }
      }),
      client.on('rejected', ({ caseId, issues }) => {
        this.#emitError({
          kind: 'rejected',
          message: issues.map((issue) => issue.message).join(' '),
          caseId,
          willRetry: false,
        });
        if (caseId === this.#submittedId) this.statusKey = 'status.rejected';
      }),
      client.on('error', (error) => {
        this.#emitError({
          kind: error.kind as TalapErrorKind,
          message: error.message,
          willRetry: transientErrors.includes(error.kind),
          ...(this.#submittedId ? { caseId: this.#submittedId } : {}),
        });
        if (this.phase === 'done' && !this.statusKey?.startsWith('status.sent')) {
          this.statusKey = navigator.onLine ? 'status.retrying' : 'status.offline';
        }
      }),
    ];
  }

  /** Stops listening to the hub's sync client; the client itself keeps delivering the outbox. */
  #dropHub(): void {
    for (const stop of this.#unlisten) stop();
    this.#unlisten = [];
    this.#sync = undefined;
    this.#syncFor = '';
  }

  /** Sends what an earlier visit left in the outbox (a report made offline, then the tab closed). */
  async #resumeOutbox(): Promise<void> {
    try {
      const client = await this.#hubClient();
      // Say at once when the organisation's key cannot be had (the client reports it as an error too).
      const key = this.keyFingerprint && (await client.encryptionKey());
      if (key && !key.ok) this.statusKey = `status.encryption.${key.code}`;
      const status = await client.status();
      if (status.pending > 0 && navigator.onLine) void client.sync();
    } catch {
      // Nothing to resume when the outbox cannot be opened; submitting reports the problem.
    }
  }

  // --- drafts -------------------------------------------------------------------------------

  #draftKey(): string {
    return this.draft ? this.draft : `${this.mode}:${location.pathname}`;
  }

  async #restoreDraft(): Promise<void> {
    try {
      // A draft of an encrypting form shows encrypted answers with the encryption part's words.
      if (this.keyFingerprint) await loadEncryption();
      const draft = await this.draftStore.load(this.#draftKey());
      if (!draft || draft.mode !== this.mode || this.values !== this.#initialValues) return;
      this.values = draft.values;
      this.stepIndex = Math.min(draft.step, this.#model.steps.length);
      this.#caseId = draft.caseId;
      this.#createdAt = draft.createdAt;
      this.statusKey = 'status.draftRestored';
    } catch {
      // No draft can be read (private browsing, blocked storage): start empty.
    }
  }

  #scheduleDraftSave(): void {
    if (this.draft === undefined || this.phase !== 'form') return;
    clearTimeout(this.#draftTimer);
    this.#draftTimer = setTimeout(() => void this.#saveDraft(), 250);
  }

  async #saveDraft(): Promise<void> {
    await this.#draftLoaded;
    const turn = ++this.#draftTurn;
    const caseId = this.#caseId;
    const values = this.keyFingerprint
      ? await loadEncryption()
          .then(({ sealDraft }) =>
            sealDraft({
              root: this.#model.root,
              values: this.values,
              caseId,
              caseValueOf,
              encrypt: async (part) => (await this.#hubClient()).encrypt(part),
            }),
          )
          .catch(() => undefined)
      : this.values;
    // A later save, a reset, a submit or a quick exit came while encrypting: this one is stale.
    if (!values || turn !== this.#draftTurn || this.draft === undefined || this.phase !== 'form')
      return;
    const draft: Draft = {
      mode: this.mode,
      values,
      step: this.stepIndex,
      caseId,
      createdAt: this.#createdAt,
      savedAt: new Date().toISOString(),
    };
    try {
      await this.draftStore.save(this.#draftKey(), draft);
    } catch {
      // A draft is a convenience: failing to keep one must not stop the form.
    }
  }

  async #clearDraft(): Promise<void> {
    clearTimeout(this.#draftTimer);
    this.#draftTurn++;
    if (this.draft === undefined) return;
    try {
      await this.draftStore.clear(this.#draftKey());
    } catch {
      // Nothing to clear.
    }
  }

  // --- safety -------------------------------------------------------------------------------

  #onKeyDown = (event: KeyboardEvent): void => {
    if (this.#isDoubleEscape(event)) void this.#quickExit();
  };

  #quickExit = async (): Promise<void> => {
    if (this.phase === 'exiting') return;
    this.phase = 'exiting';
    this.values = {};
    await quickExit(this.quickExitUrl || 'about:blank', () => this.#clearDraft());
  };

  // --- languages ----------------------------------------------------------------------------

  async #switchLocale(locale: string): Promise<void> {
    const request = ++this.#localeRequest;
    const target = isShippedLocale(locale) || hasCatalog(locale) ? locale : 'en';
    try {
      if (isShippedLocale(target) && target !== 'en') {
        await Promise.all([
          loadLocale(target as ShippedLocale),
          loadFormStrings(target as ShippedLocale),
        ]);
      }
      if (request === this.#localeRequest) this.activeLocale = target;
    } catch (error) {
      this.#emitError({
        kind: 'locale',
        message: `The language "${locale.slice(0, 20)}" could not be loaded (${(error as Error).name}); the form stays in "${this.activeLocale}".`,
        willRetry: false,
      });
    }
  }

  // --- events -------------------------------------------------------------------------------

  #emit(type: string, detail: unknown, cancelable = false): boolean {
    return this.dispatchEvent(
      new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }),
    );
  }

  #emitError(detail: TalapErrorDetail): void {
    this.#emit('talap-error', detail);
  }

  // --- rendering ----------------------------------------------------------------------------

  protected override render() {
    if (this.phase === 'exiting') return nothing;
    const text = this.#text();
    return html`<div class="frame" part="form" lang=${this.activeLocale}>
      <div class="top" part="header">
        <p class="quick-exit-hint" id="quick-exit-hint">${ui(text, 'quickExit.hint')}</p>
        <button
          type="button"
          class="quick-exit"
          part="quick-exit button"
          aria-describedby="quick-exit-hint"
          @click=${this.#quickExit}
        >
          ${ui(text, 'quickExit.button')}
        </button>
      </div>
      <fieldset class="body" role="none" ?disabled=${this.formDisabled}>
        ${this.phase === 'done' ? this.#renderDone(text) : this.#renderStep(text)}
      </fieldset>
    </div>`;
  }

  #renderDone(text: TextContext) {
    return html`<div part="step">
      <h2 id="step-heading" tabindex="-1" part="heading">${ui(text, 'done.title')}</h2>
      <div class="status" role="status" part="status">
        ${this.statusKey ? html`<p>${ui(text, this.statusKey)}</p>` : nothing}
      </div>
      <button type="button" class="secondary" part="button button-secondary" @click=${this.#startAgain}>
        ${ui(text, 'button.newReport')}
      </button>
    </div>`;
  }

  #renderStep(text: TextContext) {
    const steps = this.#model.steps;
    const index = this.stepIndex;
    const review = index >= steps.length;
    const titles = [
      ...steps.map((step) => sectionTitle(text, step.section)),
      ui(text, 'step.review'),
    ];
    const title = titles[index] ?? '';
    const step = steps[index];
    const shown = this.#shownIssues();
    const fields: FieldsContext = {
      text,
      values: this.values,
      issues: shown,
      onValue: this.#onValue,
      onLeave: this.#onLeave,
      onAdd: this.#onAdd,
      onRemove: this.#onRemove,
    };
    const busy = this.phase === 'sending';
    return html`<div part="progress">
        <p class="progress">
          ${ui(text, 'progress.step', { current: index + 1, total: titles.length })}
        </p>
        <ol class="steps" aria-label=${ui(text, 'progress.label')}>
          ${titles.map(
            (name, at) =>
              html`<li class=${at < index ? 'done' : ''} aria-current=${at === index ? 'step' : 'false'}
                ><span class="visually-hidden">${name}</span></li
              >`,
          )}
        </ol>
      </div>
      <div class="status" role="status" part="status">
        ${this.statusKey ? html`<p>${ui(text, this.statusKey)}</p>` : nothing}
      </div>
      ${
        this.statusKey === 'status.draftRestored'
          ? html`<button
              type="button"
              class="link-button"
              part="button"
              @click=${this.#startAgain}
            >
              ${ui(text, 'button.startAgain')}
            </button>`
          : nothing
      }
      <form novalidate part="step" aria-labelledby="step-heading" @submit=${this.#onSubmitStep}>
        <h2 id="step-heading" tabindex="-1" part="heading">${title}</h2>
        ${this.#renderSummary(text, review)}
        ${
          step?.section === 'consent'
            ? html`<p class="intro">
                ${ui(text, this.mode === 'self-report' ? 'intro.consent.selfReport' : 'intro.consent.documenter')}
              </p>`
            : nothing
        }
        ${
          review
            ? renderReview(text, steps, this.values, (at) => this.#goTo(at))
            : step
              ? renderNodes(fields, step.nodes, [])
              : nothing
        }
        <div class="actions">
          <button type="submit" class="primary" part="button button-primary" ?disabled=${busy}>
            ${ui(text, review ? `button.submit.${this.mode === 'self-report' ? 'selfReport' : 'documenter'}` : 'button.next')}
          </button>
          ${
            index > 0
              ? html`<button
                  type="button"
                  class="secondary"
                  part="button button-secondary"
                  ?disabled=${busy}
                  @click=${this.#onBack}
                >
                  ${ui(text, 'button.back')}
                </button>`
              : nothing
          }
        </div>
      </form>`;
  }

  #renderSummary(text: TextContext, review: boolean) {
    if (!this.summaryShown) return nothing;
    const section = this.#model.steps[this.stepIndex]?.section;
    const checked = this.#check();
    const issues = checked.placement.placed.filter(
      (issue) =>
        issue.severity === 'error' &&
        this.revealed.has(issue.target.id) &&
        (review || issue.target.section === section),
    );
    const unplaced = review
      ? checked.placement.unplaced.filter((issue) => issue.severity === 'error')
      : [];
    if (issues.length === 0 && unplaced.length === 0) return nothing;
    return html`<section
      class="error-summary"
      part="error-summary"
      tabindex="-1"
      aria-labelledby="error-summary-title"
    >
      <h3 id="error-summary-title">${ui(text, 'error.summary.title')}</h3>
      <ul>
        ${issues.map(
          (issue) =>
            html`<li>
              <a
                href="#${issue.target.id}"
                @click=${(event: Event) => {
                  event.preventDefault();
                  this.#focusIssue(issue);
                }}
                >${issueLabel(text, issue)}: ${issueMessage(text, issue)}</a
              >
            </li>`,
        )}
        ${unplaced.map((issue) => html`<li>${issueMessage(text, issue)}</li>`)}
      </ul>
    </section>`;
  }
}
