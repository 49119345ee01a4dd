import type { ShippedLocale } from '@talap/core';
import type { StatisticsResponse } from '@talap/core/protocol';
import { createElement } from './create-element.js';
import { fetchStats, type StatsFailure } from './fetch-stats.js';
import type { DashboardStringKey } from './locales/en.js';
import { renderDashboard } from './render-dashboard.js';
import { dashboardLocales, dashboardText, loadDashboardLocale } from './strings.js';

/** Where the page gets its statistics. */
export interface DashboardPageOptions {
  /** The address of the hub's `/v1/stats`. */
  readonly statsUrl: string | URL;
  readonly fetch?: typeof fetch;
}

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

function failureText(failure: StatsFailure, locale: string): string {
  switch (failure.reason) {
    case 'unauthorized':
    case 'forbidden':
    case 'unreachable':
      return dashboardText(failure.reason, locale);
    case 'rate-limited':
      return dashboardText('rateLimited', locale, { seconds: failure.retryAfter });
    case 'failed':
      return dashboardText('failed', locale, { status: failure.status, detail: failure.detail });
  }
}

/**
 * Builds the dashboard page in `root`: a form for the key (kept in this page's memory only, sent
 * only in the Authorization header), the language and the months, and the statistics under it.
 */
export function startDashboard(root: HTMLElement, options: DashboardPageOptions): void {
  let locale: ShippedLocale = 'en';
  let shown: StatisticsResponse | undefined;
  const text = new Map<HTMLElement, DashboardStringKey>();
  const say = <T extends HTMLElement>(element: T, key: DashboardStringKey): T => {
    text.set(element, key);
    return element;
  };

  const heading = say(createElement('h1'), 'title');
  const intro = say(createElement('p'), 'intro');
  const keyInput = createElement('input', {
    id: 'talap-key',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    autocapitalize: 'off',
    required: '',
    'aria-describedby': 'talap-key-help',
  });
  const languageSelect = createElement(
    'select',
    { id: 'talap-locale' },
    dashboardLocales.map(({ code, name }) =>
      createElement('option', { value: code, lang: code }, [name]),
    ),
  );
  const monthInput = (id: string) =>
    createElement('input', {
      id,
      type: 'month',
      pattern: '\\d{4}-\\d{2}',
      placeholder: 'YYYY-MM',
      'aria-describedby': 'talap-month-help',
    });
  const fromInput = monthInput('talap-from');
  const toInput = monthInput('talap-to');
  const submit = say(createElement('button', { type: 'submit' }), 'show');
  const field = (input: HTMLElement, label: DashboardStringKey, help?: HTMLElement) =>
    createElement('div', { class: 'field' }, [
      say(createElement('label', { for: input.id }), label),
      input,
      ...(help ? [help] : []),
    ]);
  const form = createElement('form', { class: 'query', novalidate: '' }, [
    field(
      keyInput,
      'key',
      say(createElement('p', { id: 'talap-key-help', class: 'help' }), 'keyHelp'),
    ),
    field(languageSelect, 'language'),
    createElement('div', { class: 'month-range' }, [
      field(fromInput, 'from'),
      field(toInput, 'to'),
      say(createElement('p', { id: 'talap-month-help', class: 'help' }), 'monthHelp'),
    ]),
    submit,
  ]);
  const status = createElement('p', { class: 'status', role: 'status' });
  const alert = createElement('p', { class: 'error', role: 'alert' });
  const results = createElement('div', { class: 'results' });
  root.replaceChildren(heading, intro, form, status, alert, results);

  const relabel = () => {
    document.documentElement.lang = locale;
    for (const [element, key] of text) element.textContent = dashboardText(key, locale);
    document.title = dashboardText('title', locale);
    if (shown) renderDashboard(results, shown, locale);
  };
  relabel();

  // Labels wrap to the charts' width: draw again when the page gets narrower or wider.
  let drawnWidth = results.clientWidth;
  new ResizeObserver(() => {
    if (results.clientWidth === drawnWidth) return;
    drawnWidth = results.clientWidth;
    if (shown) renderDashboard(results, shown, locale);
  }).observe(results);

  languageSelect.addEventListener('change', async () => {
    const chosen = languageSelect.value as ShippedLocale;
    await loadDashboardLocale(chosen);
    // Another choice made while this one loaded wins.
    if (languageSelect.value !== chosen) return;
    locale = chosen;
    status.textContent = '';
    alert.textContent = '';
    relabel();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = '';
    alert.textContent = '';
    const key = keyInput.value.trim();
    const from = fromInput.value;
    const to = toInput.value;
    if (!key) {
      alert.textContent = dashboardText('noKey', locale);
      keyInput.focus();
      return;
    }
    for (const input of [fromInput, toInput]) {
      if (input.value && !monthPattern.test(input.value)) {
        alert.textContent = dashboardText('monthHelp', locale);
        input.focus();
        return;
      }
    }
    if (from && to && from > to) {
      alert.textContent = dashboardText('monthOrder', locale);
      fromInput.focus();
      return;
    }
    submit.disabled = true;
    status.textContent = dashboardText('loading', locale);
    const result = await fetchStats(
      { url: options.statsUrl, key, from: from || undefined, to: to || undefined },
      options.fetch,
    );
    submit.disabled = false;
    if (!result.ok) {
      status.textContent = '';
      alert.textContent = failureText(result, locale);
      shown = undefined;
      results.replaceChildren();
      return;
    }
    shown = result.stats;
    renderDashboard(results, shown, locale);
    status.textContent = dashboardText('loaded', locale, {
      total:
        shown.total === null
          ? dashboardText('fewerThan', locale, { threshold: shown.suppressedBelow })
          : new Intl.NumberFormat(locale).format(shown.total),
    });
  });
}
