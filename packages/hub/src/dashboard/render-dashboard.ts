import type { StatisticsResponse } from '@talap/core/protocol';
import { barChart, labelLineLength } from './bar-chart.js';
import { type ChartRow, chartFigure } from './chart-figure.js';
import { createElement } from './create-element.js';
import { labelsFor, monthsBetween } from './labels.js';
import type { DashboardStringKey } from './locales/en.js';
import { monthChart } from './month-chart.js';
import { dashboardText, vocabularyLabel } from './strings.js';

/** The bar charts, in the order shown: which counts, which vocabulary labels them, and their caption. */
const dimensions = [
  { counts: 'byViolationType', vocabulary: 'violationType', caption: 'byViolationType' },
  { counts: 'byPerpetrator', vocabulary: 'perpetratorType', caption: 'byPerpetrator' },
  { counts: 'byKeyPopulation', vocabulary: 'keyPopulation', caption: 'byKeyPopulation' },
  { counts: 'byCountry', vocabulary: null, caption: 'byCountry' },
] as const;

/**
 * Draws the statistics the hub answered into `root`, replacing what it held: the total, notes on
 * consent and suppression, cases by month, and bar charts by violation type, perpetrator, key
 * population and country, each with its numbers as a table. Call `loadDashboardLocale` first for
 * a locale other than English.
 */
export function renderDashboard(
  root: HTMLElement,
  stats: StatisticsResponse,
  locale: string,
): void {
  // Labels wrap to the width the charts get on this page: the first drawing wraps them for a
  // 320 px screen; when a chart turns out wider, draw again with longer lines.
  const narrow = labelLineLength(0);
  drawDashboard(root, stats, locale, narrow);
  const chart = root.querySelector('svg.bars');
  const fits = labelLineLength(chart?.getBoundingClientRect().width ?? 0);
  if (fits !== narrow) drawDashboard(root, stats, locale, fits);
}

function drawDashboard(
  root: HTMLElement,
  stats: StatisticsResponse,
  locale: string,
  lineLength: number,
): void {
  const t = (key: DashboardStringKey, params?: Record<string, string | number>) =>
    dashboardText(key, locale, params);
  const labels = labelsFor(locale);
  const threshold = stats.suppressedBelow;
  const fewerThan = t('fewerThan', { threshold: labels.count(threshold) });
  // Violation types, perpetrators and key populations are hidden only when under the threshold;
  // countries and months may also hide a larger count so that no small one can be subtracted out.
  const valueText = (count: number | null, hidden: string) =>
    count === null ? hidden : labels.count(count);

  const range =
    stats.from && stats.to
      ? t('range', { from: labels.month(stats.from), to: labels.month(stats.to) })
      : stats.from
        ? t('rangeFrom', { from: labels.month(stats.from) })
        : stats.to
          ? t('rangeTo', { to: labels.month(stats.to) })
          : t('rangeAll');

  const summary = createElement('section', { class: 'summary' }, [
    createElement('p', { class: 'total' }, [
      createElement('span', {}, [t('total')]),
      ' ',
      createElement('strong', {}, [valueText(stats.total, fewerThan)]),
    ]),
    createElement('p', {}, [range]),
    createElement('ul', { class: 'notes' }, [
      createElement('li', {}, [t('consentNote')]),
      createElement('li', {}, [
        threshold > 0
          ? t('suppressionNote', { threshold: labels.count(threshold) })
          : t('exactNote'),
      ]),
      createElement('li', {}, [t('overlapNote')]),
    ]),
  ]);

  const known = stats.byMonth.filter((row) => /^\d{4}-\d{2}$/.test(row.key));
  const counted = new Map(known.map((row) => [row.key, row.count]));
  const monthRows: ChartRow[] =
    known.length === 0
      ? []
      : monthsBetween(known[0]?.key as string, known[known.length - 1]?.key as string).map(
          (key) => ({
            key,
            label: labels.month(key),
            count: counted.has(key) ? (counted.get(key) ?? null) : 0,
          }),
        );
  const shownMonths = monthRows.filter((row) => row.count !== null);
  const busiest = shownMonths.reduce<ChartRow | undefined>(
    (best, row) => (best && (best.count ?? 0) >= (row.count ?? 0) ? best : row),
    undefined,
  );
  const monthRange = {
    count: labels.count(monthRows.length),
    first: monthRows[0]?.label ?? '',
    last: monthRows[monthRows.length - 1]?.label ?? '',
  };
  const hasHiddenMonth = monthRows.length > shownMonths.length;
  const months = chartFigure({
    caption: t('byMonth'),
    description: [
      busiest
        ? t('describeMonths', {
            ...monthRange,
            label: busiest.label,
            value: labels.count(busiest.count ?? 0),
          })
        : t('describeMonthsHidden', monthRange),
      hasHiddenMonth ? t('hiddenMarker') : '',
    ]
      .filter(Boolean)
      .join(' '),
    chart: monthRows.length
      ? monthChart(monthRows, { count: labels.count, month: labels.month })
      : null,
    emptyText: t('empty'),
    tableSummary: t('table'),
    columns: [t('month'), t('count')],
    rows: monthRows.map((row) => ({ label: row.label, value: valueText(row.count, t('hidden')) })),
  });
  if (hasHiddenMonth) {
    months.insertBefore(
      createElement('p', { class: 'legend' }, [t('hiddenMarker')]),
      months.querySelector('details'),
    );
  }

  const bars = dimensions.map(({ counts, vocabulary, caption }) => {
    const rows: ChartRow[] = stats[counts].map((row) => ({
      key: row.key,
      label: vocabulary ? vocabularyLabel(vocabulary, row.key, locale) : labels.country(row.key),
      count: row.count,
    }));
    const hidden = vocabulary ? fewerThan : t('hidden');
    const largest = rows[0];
    return chartFigure({
      caption: t(caption),
      description:
        largest && largest.count !== null
          ? t('describeBars', {
              count: labels.count(rows.length),
              label: largest.label,
              value: labels.count(largest.count),
            })
          : t('describeBarsHidden', { count: labels.count(rows.length) }),
      chart: rows.length ? barChart(rows, { count: labels.count, hidden }, lineLength) : null,
      emptyText: t('empty'),
      tableSummary: t('table'),
      columns: [t('category'), t('count')],
      rows: rows.map((row) => ({ label: row.label, value: valueText(row.count, hidden) })),
    });
  });

  root.lang = locale;
  root.replaceChildren(summary, months, ...bars);
}
