/// <reference types="mocha" />
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import {
  type Case,
  keyPopulationCodes,
  newCaseId,
  perpetratorTypeCodes,
  violationTypeCodes,
} from '@talap/core';
import type { StatisticsResponse } from '@talap/core/protocol';
// @ts-expect-error served by the test runner (scripts/wtr-hub-plugin.mjs)
import { testHub } from '/__talap/test-hub.js';
import { dentalRefusalCase } from '../../../core/src/test-kit/sample-cases.js';
import { startDashboard } from './dashboard-page.js';
import { fetchStats } from './fetch-stats.js';
import { renderDashboard } from './render-dashboard.js';
import { loadDashboardLocale } from './strings.js';

const hub = testHub as { url: string; keys: Record<string, string> };
const statsUrl = `${hub.url}/v1/stats`;
/** Other browser tests share the test hub; only these cases have incidents in 2001. */
const year2001 = { from: '2001-01', to: '2001-12' };

/** A consented case in Kazakhstan: refused health care in March 2001, or police violence in May. */
function caseOf(kind: 'health' | 'police'): Case {
  const record = structuredClone(dentalRefusalCase()) as Case & { revision?: number };
  delete record.revision;
  record.id = newCaseId();
  record.incident.date = kind === 'health' ? '2001-03-14' : '2001-05-02';
  if (kind === 'police') {
    record.client.keyPopulations = ['sex_workers'];
    record.incident.violations = [
      {
        type: 'physical_violence',
        rights: ['liberty_and_security'],
        perpetrators: [{ type: 'police' }],
      },
    ];
  }
  return record;
}

async function stats(role: string): Promise<StatisticsResponse> {
  const result = await fetchStats({ url: statsUrl, key: hub.keys[role] as string, ...year2001 });
  if (!result.ok) throw new Error(`The test hub refused the statistics: ${result.reason}`);
  return result.stats;
}

/** Each chart's table as [label, value] rows, by the chart's caption. */
function tables(root: HTMLElement): Map<string, string[][]> {
  return new Map(
    [...root.querySelectorAll('figure')].map((figure) => [
      figure.querySelector('figcaption')?.textContent ?? '',
      [...figure.querySelectorAll('tbody tr')].map((row) =>
        [...row.children].map((cell) => cell.textContent ?? ''),
      ),
    ]),
  );
}

async function useStylesheet(): Promise<void> {
  if (document.querySelector('link[data-dashboard]')) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('./dashboard.css', import.meta.url).href;
  link.dataset.dashboard = '';
  const loaded = new Promise((resolve) => link.addEventListener('load', resolve));
  document.head.append(link);
  await loaded;
}

describe('the statistics dashboard', () => {
  before(async () => {
    const cases = [
      ...Array.from({ length: 6 }, () => caseOf('health')),
      caseOf('police'),
      caseOf('police'),
    ];
    const response = await fetch(`${hub.url}/v1/push`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${hub.keys.documenter}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        clientId: 'dashboard-test',
        mutations: cases.map((record) => ({
          id: crypto.randomUUID(),
          op: 'create',
          caseId: record.id,
          case: record,
        })),
      }),
    });
    const results = (await response.json()).results as { status: string; issues?: unknown }[];
    expect(
      results.map((r) => r.status),
      JSON.stringify(results),
    ).to.deep.equal(Array(8).fill('created'));
    await useStylesheet();
  });

  it('shows an admin the exact counts of every dimension as charts and tables', async () => {
    const el = await fixture<HTMLElement>(html`<main></main>`);
    renderDashboard(el, await stats('admin'), 'en');
    await expect(el).to.be.accessible();

    expect(el.querySelector('.total strong')?.textContent).to.equal('8');
    expect(tables(el)).to.deep.equal(
      new Map([
        [
          'Cases by month of the incident',
          [
            ['Mar 2001', '6'],
            ['Apr 2001', '0'],
            ['May 2001', '2'],
          ],
        ],
        [
          'Cases by violation type',
          [
            ['Refused medical care', '6'],
            ['Physical violence', '2'],
          ],
        ],
        [
          'Cases by perpetrator',
          [
            ['Health worker', '6'],
            ['Police officer', '2'],
          ],
        ],
        [
          'Cases by key population of the client',
          [
            ['People living with HIV', '6'],
            ['Sex workers', '2'],
          ],
        ],
        ['Cases by country of the incident', [['Kazakhstan', '8']]],
      ]),
    );
    expect(el.textContent).to.contain('exact counts');
    expect(el.textContent).to.contain('consented to be counted');
  });

  it('gives every chart a figure, a caption, and an SVG image named by its title and described', async () => {
    const el = await fixture<HTMLElement>(html`<main></main>`);
    renderDashboard(el, await stats('admin'), 'en');
    const figures = [...el.querySelectorAll('figure')];
    expect(figures).to.have.length(5);
    for (const figure of figures) {
      const caption = figure.querySelector('figcaption')?.textContent;
      const svg = figure.querySelector('svg') as SVGSVGElement;
      expect(svg.getAttribute('role')).to.equal('img');
      const title = document.getElementById(svg.getAttribute('aria-labelledby') ?? '');
      expect(title?.tagName).to.equal('title');
      expect(title?.textContent).to.equal(caption);
      const desc = document.getElementById(svg.getAttribute('aria-describedby') ?? '');
      expect(desc?.tagName).to.equal('desc');
      expect(desc?.textContent).to.match(/\w+/);
      expect(figure.querySelector('details summary')?.textContent).to.equal('Show as a table');
    }
    const violations = figures[1] as HTMLElement;
    expect(violations.querySelectorAll('rect.bar')).to.have.length(2);
    expect(violations.querySelector('desc')?.textContent).to.equal(
      '2 categories. Largest: Refused medical care, 6.',
    );
    // March and May have columns; April has none, its count being 0.
    expect((figures[0] as HTMLElement).querySelectorAll('rect.bar')).to.have.length(2);
  });

  it('shows an analyst counts under 5 as "fewer than 5", without a bar', async () => {
    const el = await fixture<HTMLElement>(html`<main></main>`);
    const analyst = await stats('analyst');
    expect(analyst.suppressedBelow).to.equal(5);
    renderDashboard(el, analyst, 'en');
    await expect(el).to.be.accessible();

    const shown = tables(el);
    expect(shown.get('Cases by violation type')).to.deep.equal([
      ['Refused medical care', '6'],
      ['Physical violence', 'fewer than 5'],
    ]);
    const violations = el.querySelectorAll('figure')[1] as HTMLElement;
    expect(violations.querySelectorAll('rect.bar')).to.have.length(1);
    expect(violations.querySelector('svg')?.textContent).to.contain('fewer than 5');
    // Months add up to the total, so the hub hides March too: hidden, not "fewer than 5".
    expect(shown.get('Cases by month of the incident')).to.deep.equal([
      ['Mar 2001', 'hidden'],
      ['Apr 2001', '0'],
      ['May 2001', 'hidden'],
    ]);
    expect(el.querySelectorAll('circle.hidden-marker')).to.have.length(2);
    expect(el.textContent).to.contain('This analyst view hides counts under 5.');
  });

  it('labels everything in Russian, vocabulary from the core catalogs', async () => {
    await loadDashboardLocale('ru');
    const el = await fixture<HTMLElement>(html`<main></main>`);
    renderDashboard(el, await stats('analyst'), 'ru');
    await expect(el).to.be.accessible();

    expect(el.lang).to.equal('ru');
    const shown = tables(el);
    expect(shown.get('Случаи по виду нарушения')).to.deep.equal([
      ['Отказ в медицинской помощи', '6'],
      ['Физическое насилие', 'меньше 5'],
    ]);
    expect(shown.get('Случаи по нарушителю')?.[0]?.[0]).to.equal('Медицинский работник');
    expect(shown.get('Случаи по ключевой группе клиента')?.[0]?.[0]).to.equal(
      'Люди, живущие с ВИЧ',
    );
    expect(shown.get('Случаи по стране инцидента')).to.deep.equal([['Казахстан', '8']]);
    expect(el.querySelector('summary')?.textContent).to.equal('Показать таблицей');
  });

  for (const [locale, width] of [
    ['en', 320],
    ['ru', 320],
    ['kk', 320],
    ['uk', 320],
    ['ru', 700],
    ['kk', 1000],
  ] as const) {
    it(`fits a ${width} px wide screen in ${locale}: no chart text runs past its chart, with every label`, async () => {
      await loadDashboardLocale(locale);
      const everything = (codes: readonly string[]) =>
        codes.map((key, index) => ({
          key,
          count: index === codes.length - 1 ? null : 12_345 - index,
        }));
      const el = await fixture<HTMLElement>(html`<main></main>`);
      el.setAttribute('style', `width: ${width}px; padding: 1rem`);
      renderDashboard(
        el,
        {
          total: 123_456,
          suppressedBelow: 5,
          from: '2000-01',
          to: '2009-12',
          byViolationType: everything(violationTypeCodes),
          byPerpetrator: everything(perpetratorTypeCodes),
          byKeyPopulation: everything(keyPopulationCodes),
          byCountry: everything(['KZ', 'KG', 'UA', 'UZ', 'TJ', 'RU', 'BA', 'VC', 'CD']),
          byMonth: everything(['2000-01', '2004-11', '2009-12']),
        },
        locale,
      );
      for (const details of el.querySelectorAll('details')) details.open = true;
      expect(el.scrollWidth).to.be.at.most(el.clientWidth);
      for (const svg of el.querySelectorAll('svg')) {
        const box = svg.getBoundingClientRect();
        for (const text of svg.querySelectorAll('text')) {
          const { left, right } = text.getBoundingClientRect();
          expect(left, text.textContent ?? '').to.be.at.least(box.left - 1);
          expect(right, text.textContent ?? '').to.be.at.most(box.right + 1);
        }
      }
    });
  }

  it('wraps labels to the width it is given: one line on a wide screen, several on a narrow one', async () => {
    const linesOf = async (width: number) => {
      const el = await fixture<HTMLElement>(html`<main></main>`);
      el.setAttribute('style', `width: ${width}px`);
      renderDashboard(
        el,
        {
          total: 7,
          suppressedBelow: 5,
          from: '2001-01',
          to: '2001-12',
          byViolationType: [{ key: 'confidentiality_breach', count: 7 }],
          byPerpetrator: [],
          byKeyPopulation: [],
          byCountry: [],
          byMonth: [],
        },
        'en',
      );
      const label = [...el.querySelectorAll('svg text.label')].find((text) =>
        text.textContent?.startsWith('Diagnosis or status'),
      );
      return label?.querySelectorAll('tspan').length;
    };
    expect(await linesOf(1000)).to.equal(1);
    expect(await linesOf(240)).to.equal(2);
  });

  it('says in words when a key may not see statistics, and keeps the key out of storage and the address', async () => {
    const el = await fixture<HTMLElement>(html`<main></main>`);
    startDashboard(el, { statsUrl });
    await expect(el).to.be.accessible();
    const key = el.querySelector<HTMLInputElement>('input[type="password"]') as HTMLInputElement;
    expect(el.querySelector(`label[for="${key.id}"]`)?.textContent).to.equal('Hub key');
    const alert = el.querySelector('[role="alert"]') as HTMLElement;
    const form = el.querySelector('form') as HTMLFormElement;

    key.value = hub.keys.documenter as string;
    form.requestSubmit();
    await waitUntil(() => alert.textContent, 'no error was shown');
    expect(alert.textContent).to.equal(
      'This key cannot see statistics. Use a key with the role "analyst" or "admin"; intake and documenter keys cannot.',
    );

    key.value = 'talap_not_a_key';
    form.requestSubmit();
    await waitUntil(
      () => alert.textContent?.startsWith('The hub did not accept'),
      'no 401 message',
    );

    key.value = hub.keys.analyst as string;
    (el.querySelector('#talap-from') as HTMLInputElement).value = '2001-01';
    (el.querySelector('#talap-to') as HTMLInputElement).value = '2001-12';
    form.requestSubmit();
    await waitUntil(() => el.querySelectorAll('figure').length === 5, 'no charts were drawn');
    expect(alert.textContent).to.equal('');
    expect(el.querySelector('[role="status"]')?.textContent).to.equal(
      'Statistics loaded: 8 cases.',
    );
    await expect(el).to.be.accessible();

    const stored = [localStorage, sessionStorage].flatMap((storage) =>
      Object.keys(storage).map((name) => storage.getItem(name) ?? ''),
    );
    expect(stored.some((value) => value.includes(hub.keys.analyst as string))).to.equal(false);
    expect(location.href).not.to.contain(hub.keys.analyst);
  });
});
