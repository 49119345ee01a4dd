/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { TalapChangeDetail, TalapSubmitDetail } from './events.js';
import type { TalapIntakeForm as TalapIntakeFormElement } from './intake-form.component.js';
import { TalapIntakeForm, type TalapIntakeFormProps } from './react.js';
import { draftAt, memoryDraftStore, stepCount } from './test-kit/drafts.js';

describe('@talap/intake-form/react', () => {
  let container: HTMLElement;
  let root: Root;

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
  });

  afterEach(() => {
    root.unmount();
    container.remove();
  });

  function render(props: TalapIntakeFormProps): void {
    root.render(createElement(TalapIntakeForm, props));
  }

  function element(): TalapIntakeFormElement {
    return container.querySelector('talap-intake-form') as TalapIntakeFormElement;
  }

  it('sets attributes and properties on the element and calls onTalapSubmit when the person submits', async () => {
    const store = memoryDraftStore({
      react: draftAt('self-report', stepCount('self-report'), true),
    });
    const config = { organisation: 'react-tests' };
    const submitted: CustomEvent<TalapSubmitDetail>[] = [];
    render({
      mode: 'self-report',
      locale: 'en',
      intakeKey: 'tlk_from_react',
      draft: 'react',
      draftStore: store,
      config,
      onTalapSubmit: (event) => {
        event.preventDefault();
        submitted.push(event);
      },
    });
    await waitUntil(() => element()?.shadowRoot?.querySelector('.review'), 'no review step');
    const el = element();
    expect(el.getAttribute('mode')).to.equal('self-report');
    expect(el.config).to.equal(config);
    expect(el.draftStore).to.equal(store);
    expect(el.hasAttribute('config'), 'objects are set as properties').to.equal(false);
    expect(el.key, 'React keeps `key` for itself: intakeKey sets it').to.equal('tlk_from_react');

    el.shadowRoot?.querySelector('form')?.requestSubmit();
    await waitUntil(() => submitted.length === 1, 'onTalapSubmit was not called');
    const record = submitted[0]?.detail.case;
    expect(record?.organisation).to.equal('react-tests');
    expect(record?.id).to.equal(el.value?.id);
    expect(el.shadowRoot?.querySelector('.review'), 'cancelled: the form stays').to.exist;
  });

  it('calls onTalapChange for an answer, and follows new props', async () => {
    const changes: TalapChangeDetail[] = [];
    const onTalapChange = (event: CustomEvent<TalapChangeDetail>) => changes.push(event.detail);
    render({ onTalapChange });
    await waitUntil(() => element()?.shadowRoot?.querySelector('#step-heading'));
    const el = element();
    el.shadowRoot?.querySelector<HTMLInputElement>('#f-consent-record-given')?.click();
    expect(changes.map((change) => change.pointer)).to.deep.equal(['/consent/record/given']);

    render({ onTalapChange, mode: 'documenter', theme: 'dark' });
    await waitUntil(() => el.getAttribute('mode') === 'documenter', 'mode was not updated');
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(element(), 'the same element is kept').to.equal(el);

    render({ mode: 'documenter' });
    await waitUntil(() => !el.hasAttribute('theme'));
    el.shadowRoot?.querySelector<HTMLInputElement>('#f-consent-record-given')?.click();
    expect(changes, 'the handler was removed with its prop').to.have.length(1);
  });
});
