import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { ACCENT, ACCENT_SOFT, CHART_STYLE, LINK_MARK } from './theme.ts';
import type { TrendPoint } from './mql-trend.ts';

/** What a sparkline needs besides its points: the promised level drawn as a dashed rule, and the value scale's top. */
export interface SparklineOptions {
  promised: number | null;
  /** Highest level the scale may need (100 for percentages); values above it still fit. */
  max: number;
  width?: number;
  height?: number;
}

/**
 * A clause's last periods as a word-sized line: no axes (the table beside it has every number),
 * the promise as a dashed rule, the latest point as a dot (lighter while its period is open).
 */
export function sparklineChart(points: readonly TrendPoint[], options: SparklineOptions): PlotOptions {
  const drawn = points.filter((point) => point.value !== null);
  // The scale hugs the values and the promise: a sparkline is about direction, and a 0–100 scale
  // flattens a five-point slide that decides a clause.
  const levels = [...drawn.map((point) => point.value ?? 0), ...(options.promised === null ? [] : [options.promised])];
  const high = Math.min(Math.max(...levels, 0), Math.max(options.max, ...levels));
  const low = Math.min(...levels, high);
  const pad = Math.max((high - low) * 0.15, 2);
  const last = drawn.at(-1);
  return {
    width: options.width ?? 112,
    height: options.height ?? 30,
    margin: 4,
    style: CHART_STYLE,
    x: { axis: null, domain: points.map((point) => point.label), type: 'point' },
    y: { axis: null, domain: [Math.max(0, low - pad), high + pad] },
    marks: [
      ...(options.promised === null ? [] : [Plot.ruleY([options.promised], { stroke: 'currentColor', strokeOpacity: 0.45, strokeDasharray: '3,2' })]),
      Plot.lineY(drawn, { x: 'label', y: 'value', stroke: ACCENT, strokeWidth: 1.75 }),
      // Each period's point leads to its page: a dot too faint to clutter the line, big enough to tap.
      ...(drawn.some((point) => point.href !== undefined) ? [Plot.dot(drawn.slice(0, -1), { x: 'label', y: 'value', r: 2, fill: ACCENT, fillOpacity: 0.35, ...LINK_MARK })] : []),
      ...(last ? [Plot.dot([last], { x: 'label', y: 'value', r: 2.75, fill: last.closed ? ACCENT : ACCENT_SOFT, stroke: ACCENT, ...(last.href === undefined ? {} : LINK_MARK) })] : []),
    ],
  };
}
