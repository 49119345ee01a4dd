import type { ChartRow } from './chart-figure.js';
import { createSvgElement } from './create-element.js';

/** How a bar chart writes counts and hidden counts. */
export interface BarChartText {
  readonly count: (value: number) => string;
  readonly hidden: string;
}

const lineHeight = 18;
const barHeight = 18;
const rowGap = 14;
/** Labels wrap at least at this many characters, so that Cyrillic ones too fit a 320 px wide screen. */
const wrapAt = 26;
/** A generous width of one character at the charts' 14 px font, Cyrillic included. */
const characterWidth = 10;

/** How many characters of a label fit on one line of a chart `width` pixels wide (0: not laid out yet). */
export function labelLineLength(width: number): number {
  return Math.max(wrapAt, Math.floor(width / characterWidth));
}
/** The longest bar takes this share of the width; the rest is room for its count. */
const longestBar = 78;

/** Splits a label into lines of at most `width` characters, at spaces where it can. */
export function wrapLabel(label: string, width = wrapAt): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A horizontal bar chart that fits any width: each label above its bar, bar lengths in percent
 * of the chart's width, the count after the bar. A hidden count gets its words and no bar.
 */
export function barChart(
  rows: readonly ChartRow[],
  text: BarChartText,
  lineLength = wrapAt,
): SVGSVGElement {
  const max = Math.max(1, ...rows.map((row) => row.count ?? 0));
  const svg = createSvgElement('svg', { class: 'bars', width: '100%' });
  let y = 0;
  for (const row of rows) {
    const group = createSvgElement('g', { class: row.count === null ? 'row hidden' : 'row' });
    const label = createSvgElement('text', { class: 'label', x: 0, y });
    const lines = wrapLabel(row.label, lineLength);
    for (const [index, line] of lines.entries()) {
      label.append(createSvgElement('tspan', { x: 0, dy: index === 0 ? 14 : lineHeight }, [line]));
    }
    y += lines.length * lineHeight + 4;
    group.append(label);
    if (row.count === null) {
      group.append(
        createSvgElement('text', { class: 'value muted', x: 0, y: y + 14 }, [text.hidden]),
      );
    } else {
      const percent = Math.max(0.5, (row.count / max) * longestBar);
      group.append(
        createSvgElement('rect', {
          class: 'bar',
          x: 0,
          y,
          width: `${percent.toFixed(2)}%`,
          height: barHeight,
          rx: 2,
        }),
        createSvgElement(
          'text',
          { class: 'value', x: `${percent.toFixed(2)}%`, dx: 6, y: y + 14 },
          [text.count(row.count)],
        ),
      );
    }
    y += barHeight + rowGap;
    svg.append(group);
  }
  svg.setAttribute('height', String(Math.max(0, y - rowGap + 2)));
  return svg;
}
