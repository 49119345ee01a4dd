import { createElement, createSvgElement } from './create-element.js';

/** One count as a chart shows it: its label and its count, null when the hub hid it. */
export interface ChartRow {
  readonly key: string;
  readonly label: string;
  readonly count: number | null;
}

/** What a chart's figure holds: its caption, the SVG, and the same numbers as a table. */
export interface FigureContent {
  readonly caption: string;
  /** What the chart shows, in one or two sentences, for the SVG's `<desc>`. */
  readonly description: string;
  /** The drawing, or null when there is nothing to draw. */
  readonly chart: SVGSVGElement | null;
  readonly emptyText: string;
  readonly tableSummary: string;
  readonly columns: readonly [string, string];
  readonly rows: readonly { readonly label: string; readonly value: string }[];
}

let figures = 0;

/**
 * A `<figure>` with its `<figcaption>`, the chart as an SVG with `role="img"`, `<title>` and
 * `<desc>`, and the numbers in a table under a `<details>`, for screen readers and for copying.
 */
export function chartFigure(content: FigureContent): HTMLElement {
  const id = `talap-chart-${++figures}`;
  const figure = createElement('figure', { class: 'chart', 'aria-labelledby': `${id}-caption` }, [
    createElement('figcaption', { id: `${id}-caption` }, [
      createElement('h2', {}, [content.caption]),
    ]),
  ]);
  if (!content.chart) {
    figure.append(createElement('p', { class: 'empty' }, [content.emptyText]));
    return figure;
  }
  const svg = content.chart;
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `${id}-title`);
  svg.setAttribute('aria-describedby', `${id}-desc`);
  svg.prepend(
    createSvgElement('title', { id: `${id}-title` }, [content.caption]),
    createSvgElement('desc', { id: `${id}-desc` }, [content.description]),
  );
  const table = createElement('table', {}, [
    createElement('caption', { class: 'visually-hidden' }, [content.caption]),
    createElement('thead', {}, [
      createElement('tr', {}, [
        createElement('th', { scope: 'col' }, [content.columns[0]]),
        createElement('th', { scope: 'col' }, [content.columns[1]]),
      ]),
    ]),
    createElement(
      'tbody',
      {},
      content.rows.map((row) =>
        createElement('tr', {}, [
          createElement('th', { scope: 'row' }, [row.label]),
          createElement('td', {}, [row.value]),
        ]),
      ),
    ),
  ]);
  figure.append(
    svg,
    createElement('details', {}, [createElement('summary', {}, [content.tableSummary]), table]),
  );
  return figure;
}
