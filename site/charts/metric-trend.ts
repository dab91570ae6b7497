import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { Unit } from '../../pipeline/schemas/snapshot.ts';
import type { TrendPoint } from './mql-trend.ts';
import { ACCENT, ACCENT_SOFT, CHART_STYLE, LINK_MARK, textWidth } from './theme.ts';


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
 * rates and times (the latest point larger); the period in progress lighter; each point's `target`
 * (the promised level) as a dashed line. Only the first and last period are labelled and three
 * values on the y axis: the table beside it has every number. Marks link to their period's page
 * when the points carry `href`.
 */
export function metricTrendChart(points: readonly TrendPoint[], options: MetricTrendOptions): PlotOptions {
  const drawn = points.filter((point) => point.value !== null);
  const targets = points.filter((point) => point.target !== null && point.target !== undefined);
  const values = [...drawn.map((point) => point.value ?? 0), ...targets.map((point) => point.target ?? 0)];
  const additive = ADDITIVE.includes(options.unit);
  const max = Math.max(additive ? 1 : 0, ...values);
  const min = additive ? 0 : Math.min(0, ...values);
  // Percentages live on 0–100 (rates on 0–1); a scale that ends at the largest value would exaggerate a small dip.
  const top = options.unit === 'pct' ? 100 : options.unit === 'ratio' ? 1 : null;
  const domain = top !== null ? [0, Math.max(top, max)] : [min, max === min ? min + 1 : max];
  const first = points[0]?.label;
  const last = points.at(-1)?.label;
  const ticks = [first, last].filter((label): label is string => label !== undefined);
  const widestTick = Math.max(...[domain[0] ?? 0, domain[1] ?? 0].map((v) => textWidth(options.format(v))));
  const width = options.width ?? 300;
  const marginLeft = widestTick + 14;
  // The last period's label is centred under its mark and must not run off the right edge.
  const band = (width - marginLeft) / Math.max(1, points.length);
  const marginRight = Math.max(8, Math.ceil(textWidth(last ?? '') / 2 - band / 2) + 4);
  const link = drawn.some((point) => point.href !== undefined) ? LINK_MARK : {};
  // Closed and open periods as two marks with one fill each: the fill is written once per mark,
  // not once per bar, which keeps a page of many small charts light.
  const closed = drawn.filter((point) => point.closed);
  const open = drawn.filter((point) => !point.closed);
  const promise = targets.length === 0 ? [] : [Plot.lineY(targets, { x: 'label', y: 'target', stroke: 'currentColor', strokeOpacity: 0.6, strokeWidth: 1.5, strokeDasharray: '4,3', curve: 'step' })];
  return {
    width,
    height: options.height ?? 130,
    marginTop: 10,
    marginBottom: 22,
    marginLeft,
    marginRight,
    style: CHART_STYLE,
    x: { domain: points.map((point) => point.label), ticks: [...new Set(ticks)], tickSize: 0, label: null, padding: 0.25 },
    y: { domain, ticks: 3, tickFormat: (v: number) => options.format(v), grid: true, label: null, nice: false },
    color: { type: 'identity' },
    marks: additive
      ? [
          Plot.barY(closed, { x: 'label', y: 'value', fill: ACCENT, ...link }),
          Plot.barY(open, { x: 'label', y: 'value', fill: ACCENT_SOFT, ...link }),
          ...promise,
          Plot.ruleY([0], { strokeOpacity: 0.35 }),
        ]
      : [
          ...promise,
          Plot.lineY(drawn, { x: 'label', y: 'value', stroke: ACCENT, strokeWidth: 2 }),
          // Every point a small dot to tap (it leads to its period); the latest larger: it is the one a reader looks for.
          ...(Object.keys(link).length > 0 ? [Plot.dot(drawn.slice(0, -1), { x: 'label', y: 'value', fill: ACCENT, r: 2, ...link })] : []),
          Plot.dot(drawn.slice(-1), { x: 'label', y: 'value', fill: drawn.at(-1)?.closed === false ? ACCENT_SOFT : ACCENT, stroke: ACCENT, r: 3.5, ...link }),
        ],
  };
}
