import * as Plot from '@observablehq/plot';
import type { Cell } from '../api/views';
import { cellText } from '../components/ReportCell';

export interface ChartRow {
  readonly label: string;
  readonly rate: Cell | undefined;
}

/**
 * Draws into `container`, and returns how to take the chart away. Bars for the values that may be shown, each with its value printed; a protected value gets `..` and no bar, so
 * neither colour nor length carries a figure that the table does not print.
 */
export function drawOutcomeChart(container: HTMLElement, rows: readonly ChartRow[], label: string): () => void {
  // Percent on the axis, 0 to 100; the printed text is the table's own (Swedish) figure.
  const shown = rows.map((row) => ({
    ...row,
    value: typeof row.rate === 'number' ? row.rate * 100 : null,
    text: cellText(row.rate, 'rate'),
  }));
  const chart = Plot.plot({
    className: 'samspar-plot',
    ariaLabel: label,
    width: Math.max(320, Math.min(900, container.clientWidth || 640)),
    height: 32 * rows.length + 48,
    marginLeft: 280,
    marginRight: 56,
    x: { domain: [0, 100], label: null, grid: true, tickFormat: (value: number) => `${value} %` },
    y: { label: null, domain: shown.map((row) => row.label) },
    marks: [
      Plot.barX(
        shown.filter((row) => row.value !== null),
        { x: 'value', y: 'label', fill: 'var(--ds-color-accent-base-default)', className: 'bar' },
      ),
      Plot.text(shown, {
        x: (row: { value: number | null }) => row.value ?? 0,
        y: 'label',
        text: 'text',
        textAnchor: 'start',
        dx: 4,
      }),
      Plot.ruleX([0]),
    ],
  });
  // Plot adds a <style> element that the CSP (no inline styles) would refuse; the same rules are in app.css.
  chart.querySelectorAll('style').forEach((style) => style.remove());
  // One image with one name: the marks' own aria-labels would be names on elements without a role.
  chart.setAttribute('role', 'img');
  chart.querySelectorAll('[aria-label]').forEach((element) => element.removeAttribute('aria-label'));
  chart.setAttribute('aria-label', label);
  container.replaceChildren(chart);
  return () => chart.remove();
}
