import type { ChartRow } from './chart-figure.js';
import { createSvgElement } from './create-element.js';

/** How a month chart writes counts and months. */
export interface MonthChartText {
  readonly count: (value: number) => string;
  readonly month: (yearMonth: string) => string;
}

const top = 22;
const plotHeight = 150;
const axisHeight = 26;

/** Which months get a label on the axis: all of a few, else the first, the middle and the last. */
function labelledIndexes(count: number): number[] {
  if (count <= 3) return Array.from({ length: count }, (_, index) => index);
  return [0, Math.floor((count - 1) / 2), count - 1];
}

/**
 * A column chart of cases per month, one column per month in order (months without cases are
 * columns of zero), scaled to the chart's width; a hidden month gets a hollow circle, no column.
 */
export function monthChart(rows: readonly ChartRow[], text: MonthChartText): SVGSVGElement {
  const max = Math.max(1, ...rows.map((row) => row.count ?? 0));
  const baseline = top + plotHeight;
  const svg = createSvgElement('svg', {
    class: 'months',
    width: '100%',
    height: baseline + axisHeight,
  });
  svg.append(
    createSvgElement('line', { class: 'grid', x1: 0, x2: '100%', y1: top, y2: top }),
    createSvgElement('text', { class: 'value muted', x: 0, y: top - 6 }, [text.count(max)]),
  );
  const slot = 100 / rows.length;
  for (const [index, row] of rows.entries()) {
    const centre = slot * index + slot / 2;
    if (row.count === null) {
      svg.append(
        createSvgElement('circle', {
          class: 'hidden-marker',
          cx: `${centre.toFixed(3)}%`,
          cy: baseline - 6,
          r: 4,
        }),
      );
    } else if (row.count > 0) {
      const height = Math.max(1, (row.count / max) * plotHeight);
      svg.append(
        createSvgElement('rect', {
          class: 'bar',
          x: `${(slot * index + slot * 0.15).toFixed(3)}%`,
          width: `${(slot * 0.7).toFixed(3)}%`,
          y: baseline - height,
          height,
        }),
      );
    }
  }
  svg.append(
    createSvgElement('line', { class: 'axis', x1: 0, x2: '100%', y1: baseline, y2: baseline }),
  );
  const labelled = labelledIndexes(rows.length);
  for (const index of labelled) {
    const row = rows[index] as ChartRow;
    const first = index === 0 && rows.length > 1;
    const last = index === rows.length - 1 && rows.length > 1;
    svg.append(
      createSvgElement(
        'text',
        {
          class: 'label',
          x: first ? 0 : last ? '100%' : `${(slot * index + slot / 2).toFixed(3)}%`,
          y: baseline + 18,
          'text-anchor': first ? 'start' : last ? 'end' : 'middle',
        },
        [text.month(row.key)],
      ),
    );
  }
  return svg;
}
