import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { Unit } from '../../pipeline/schemas/snapshot.ts';
import type { TrendPoint } from './mql-trend.ts';
import { ACCENT, ACCENT_SOFT, CHART_STYLE, textWidth } from './theme.ts';

export type { TrendPoint } from './mql-trend.ts';

/** What a small trend chart needs besides its points: the metric's unit and how to write a value. */
export interface MetricTrendOptions {
  unit: Unit;
  format: (value: number) => string;
  width?: number;
  height?: number;
}

/** Units read as amounts that add up (bars); the others are rates and times (a line). */
const ADDITIVE: readonly Unit[] = ['count', 'currency'];

/**
 * One metric across periods as a small multiple: bars for counts and amounts, a line with dots for
 * rates and times (the latest point marked); the period in progress lighter. Only the first and last period are labelled and
 * three values on the y axis: the table beside it has every number.
 */
export function metricTrendChart(points: readonly TrendPoint[], options: MetricTrendOptions): PlotOptions {
  const drawn = points.filter((point) => point.value !== null);
  const values = drawn.map((point) => point.value ?? 0);
  const additive = ADDITIVE.includes(options.unit);
  const max = Math.max(additive ? 1 : 0, ...values);
  const min = additive ? 0 : Math.min(0, ...values);
  // pct values live on 0–100; a scale that ends at the largest value would exaggerate a small dip.
  const domain = options.unit === 'pct' ? [0, Math.max(100, max)] : [min, max === min ? min + 1 : max];
  const first = points[0]?.label;
  const last = points.at(-1)?.label;
  const ticks = [first, last].filter((label): label is string => label !== undefined);
  const widestTick = Math.max(...[domain[0] ?? 0, domain[1] ?? 0].map((v) => textWidth(options.format(v))));
  // Closed and open periods as two marks with one fill each: the fill is written once per mark,
  // not once per bar, which keeps a page of many small charts light.
  const closed = drawn.filter((point) => point.closed);
  const open = drawn.filter((point) => !point.closed);
  return {
    width: options.width ?? 300,
    height: options.height ?? 130,
    marginTop: 10,
    marginBottom: 22,
    marginLeft: widestTick + 8,
    marginRight: 14,
    style: CHART_STYLE,
    x: { domain: points.map((point) => point.label), ticks: [...new Set(ticks)], tickSize: 0, label: null, padding: 0.25 },
    y: { domain, ticks: 3, tickFormat: (v: number) => options.format(v), grid: true, label: null, nice: false },
    color: { type: 'identity' },
    marks: additive
      ? [
          Plot.barY(closed, { x: 'label', y: 'value', fill: ACCENT }),
          Plot.barY(open, { x: 'label', y: 'value', fill: ACCENT_SOFT }),
          Plot.ruleY([0], { strokeOpacity: 0.35 }),
        ]
      : [
          Plot.lineY(drawn, { x: 'label', y: 'value', stroke: ACCENT, strokeWidth: 2 }),
          // Only the latest point gets a dot: it is the one a reader looks for.
          Plot.dot(drawn.slice(-1), { x: 'label', y: 'value', fill: drawn.at(-1)?.closed === false ? ACCENT_SOFT : ACCENT, stroke: ACCENT, r: 3.5 }),
        ],
  };
}
