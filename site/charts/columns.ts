import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { ACCENT, ACCENT_SOFT, CHART_STYLE, PHONE_CHART_WIDTH, textWidth } from './theme.ts';

/** One column: its label on the axis, its value, and whether it is highlighted (meets the bar the chart is about). */
export interface Column {
  label: string;
  value: number;
  highlight: boolean;
}

/** What a column chart needs besides the columns: how to write a value. */
export interface ColumnsOptions {
  format: (value: number) => string;
  width?: number;
}

/**
 * Vertical columns in the given order, highlighted ones in the accent colour and the others lighter
 * (the page writes the legend of the two shades beside the chart), each with its value on top while
 * the values fit their columns (the table beside the chart has them all).
 */
export function columnsChart(columns: readonly Column[], options: ColumnsOptions): PlotOptions {
  const max = Math.max(1, ...columns.map((c) => c.value));
  const width = options.width ?? PHONE_CHART_WIDTH;
  const valuesFit = (width - 16) / Math.max(1, columns.length) >= textWidth(options.format(max)) + 2;
  return {
    width,
    height: 170,
    marginTop: 18,
    marginBottom: 24,
    marginLeft: 8,
    marginRight: 8,
    style: CHART_STYLE,
    x: { domain: columns.map((c) => c.label), tickSize: 0, label: null, padding: 0.2 },
    y: { axis: null, domain: [0, max] },
    marks: [
      Plot.barY(
        columns.filter((c) => c.highlight),
        { x: 'label', y: 'value', fill: ACCENT, rx: 2 },
      ),
      Plot.barY(
        columns.filter((c) => !c.highlight),
        { x: 'label', y: 'value', fill: ACCENT_SOFT, rx: 2 },
      ),
      ...(valuesFit ? [Plot.text(columns, { x: 'label', y: 'value', text: (c: Column) => options.format(c.value), dy: -7, fill: 'currentColor' })] : []),
      Plot.ruleY([0], { strokeOpacity: 0.35 }),
    ],
  };
}
