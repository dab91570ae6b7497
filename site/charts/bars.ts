import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { ACCENT, CHART_STYLE, textWidth, PHONE_CHART_WIDTH } from './theme.ts';

/** One bar: its label on the axis and its value; null values are left out of the drawing. */
export interface Bar {
  label: string;
  value: number | null;
}

/** What a bar chart needs besides the bars: how to write a value. */
export interface BarsOptions {
  format: (value: number) => string;
  width?: number;
}

/** Horizontal bars in the given order, each with its value written at its end. */
export function barsChart(bars: readonly Bar[], options: BarsOptions): PlotOptions {
  const data = bars.filter((bar) => bar.value !== null);
  const max = Math.max(1, ...data.map((bar) => bar.value ?? 0));
  const widestLabel = Math.max(0, ...data.map((bar) => textWidth(bar.label)));
  const widestValue = Math.max(0, ...data.map((bar) => textWidth(options.format(bar.value ?? 0))));
  return {
    width: options.width ?? PHONE_CHART_WIDTH,
    height: 24 + Math.max(1, data.length) * 30,
    marginTop: 12,
    marginBottom: 12,
    marginLeft: widestLabel + 14,
    marginRight: widestValue + 14,
    style: CHART_STYLE,
    x: { axis: null, domain: [0, max] },
    y: { domain: data.map((bar) => bar.label), label: null, tickSize: 0, padding: 0.25 },
    marks: [
      Plot.barX(data, { x: 'value', y: 'label', fill: ACCENT, rx: 3 }),
      Plot.text(data, {
        x: 'value',
        y: 'label',
        text: (bar: Bar) => options.format(bar.value ?? 0),
        textAnchor: 'start',
        dx: 6,
        fill: 'currentColor',
        fontWeight: 600,
      }),
      Plot.ruleX([0], { strokeOpacity: 0.35 }),
    ],
  };
}
