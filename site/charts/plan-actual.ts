import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { barsChart } from './bars.ts';
import { ACCENT, ACCENT_SOFT } from './theme.ts';

/** One stage of the plan: its label and the actual as a % of its target (null without a target: left out). */
export interface PlanActualBar {
  label: string;
  pct: number | null;
}

/** What the chart needs besides the bars. */
export interface PlanActualChartOptions {
  /** Writes a % (0–100 scale) as the page does. */
  format: (pct: number) => string;
  /** For a period still open, the % of its business time gone: a tick marks where each bar should be by now. */
  expectedPct?: number | null;
  width?: number;
}

/**
 * A bullet chart of plan against actual: per stage, a soft track to 100% (the target), a bar to
 * the % reached with its value written at its end, a rule at 100% and, for an open period, a tick
 * at the share of the period gone by (where the bar should be on pace).
 */
export function planActualChart(bars: readonly PlanActualBar[], options: PlanActualChartOptions): PlotOptions {
  const data = bars.filter((bar): bar is { label: string; pct: number } => bar.pct !== null);
  const expected = options.expectedPct ?? null;
  // The frame (size, margins for the widest label and value, stage axis) is that of every bar chart.
  const frame = barsChart(
    data.map((bar) => ({ label: bar.label, value: bar.pct })),
    { format: options.format, ...(options.width === undefined ? {} : { width: options.width }) },
  );
  return {
    ...frame,
    x: { axis: null, domain: [0, Math.max(100, ...data.map((bar) => bar.pct))] },
    marks: [
      Plot.barX(data, { x1: 0, x2: 100, y: 'label', fill: ACCENT_SOFT, fillOpacity: 0.45, rx: 3 }),
      Plot.barX(data, { x: 'pct', y: 'label', fill: ACCENT, rx: 3, insetTop: 4, insetBottom: 4 }),
      Plot.text(data, { x: 'pct', y: 'label', text: (bar: { pct: number }) => options.format(bar.pct), textAnchor: 'start', dx: 6, fill: 'currentColor', fontWeight: 600 }),
      Plot.ruleX([100], { stroke: 'currentColor', strokeOpacity: 0.7 }),
      ...(expected === null ? [] : [Plot.tickX(data, { x: () => expected, y: 'label', stroke: 'currentColor', strokeWidth: 2, strokeDasharray: '2,2' })]),
    ],
  };
}
