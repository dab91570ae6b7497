import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { ACCENT, CHART_STYLE, NEGATIVE } from './theme.ts';

/** What a speed-to-lead ECDF needs besides the quantiles: the tier's window and how to write minutes. */
export interface SpeedEcdfOptions {
  /** The tier's `response_within` in business minutes; null draws no rule (all tiers together). */
  windowMinutes: number | null;
  formatMinutes: (minutes: number) => string;
  width?: number;
}

/** Ticks of the minutes axis: the usual response windows, from one minute to two business weeks. */
const TICKS = [1, 15, 60, 240, 960, 4800];

/**
 * The share of contacted handoffs reached by each business time to first attempt (quantiles
 * 0, 1, …, 100 %), on a symlog axis so 5 minutes and 2 days both read, with the tier's window as
 * a red rule: where the curve crosses the rule is the share contacted in time.
 */
export function speedEcdfChart(quantiles: readonly number[], options: SpeedEcdfOptions): PlotOptions {
  const step = quantiles.length > 1 ? 100 / (quantiles.length - 1) : 0;
  const points = quantiles.map((minutes, i) => ({ minutes, pct: i * step }));
  const top = Math.max(options.windowMinutes ?? 0, ...quantiles, 60);
  return {
    width: options.width ?? 300,
    height: 150,
    marginTop: 10,
    marginLeft: 46,
    marginRight: 14,
    marginBottom: 24,
    style: CHART_STYLE,
    x: { type: 'symlog', domain: [0, top], ticks: TICKS.filter((t) => t <= top), tickFormat: (v: number) => options.formatMinutes(v), label: null },
    y: { domain: [0, 100], ticks: [0, 50, 100], tickFormat: (v: number) => `${v}%`, grid: true, label: null },
    marks: [
      Plot.lineY(points, { x: 'minutes', y: 'pct', stroke: ACCENT, strokeWidth: 2, curve: 'step-after' }),
      ...(options.windowMinutes === null ? [] : [Plot.ruleX([options.windowMinutes], { stroke: NEGATIVE, strokeWidth: 1.5, strokeDasharray: '4,3' })]),
      Plot.ruleY([0], { strokeOpacity: 0.35 }),
    ],
  };
}
