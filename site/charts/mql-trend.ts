import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { MetricRow } from '../../pipeline/schemas/snapshot.ts';
import { ACCENT, ACCENT_SOFT, CHART_STYLE } from './theme.ts';

/** A period on the trend axis: its id, its short label and whether its numbers are final. */
export interface TrendPeriod {
  period: string;
  label: string;
  closed: boolean;
}

/** One period's MQL count; null when its snapshot has none. */
export interface TrendPoint extends TrendPeriod {
  value: number | null;
}

/** What the MQL-trend chart needs besides the rows: the periods in time order and the number format. */
export interface MqlTrendOptions {
  periods: readonly TrendPeriod[];
  format: (value: number) => string;
  width?: number;
}

// Beyond this many bars the value labels collide; the table beside the chart still has every number.
const MAX_VALUE_LABELS = 12;

/** The whole-period `mql.count` of each period, in the order of `periods`. */
export function mqlTrendData(rows: readonly MetricRow[], periods: readonly TrendPeriod[]): TrendPoint[] {
  // One pass over the rows; the first row of a period wins, as a search in row order would find it.
  const counts = new Map<string, MetricRow>();
  for (const r of rows) {
    if (r.metric === 'mql.count' && r.segment_kind === 'all' && r.segment === 'all' && !counts.has(r.period)) counts.set(r.period, r);
  }
  return periods.map((p) => ({ ...p, value: counts.get(p.period)?.value ?? null }));
}

/** A vertical bar per period with its MQL count on top; the period in progress is drawn lighter. */
export function mqlTrendChart(rows: readonly MetricRow[], options: MqlTrendOptions): PlotOptions {
  return mqlTrendPointsChart(mqlTrendData(rows, options.periods), options);
}

/** `mqlTrendChart` from points already computed with `mqlTrendData`, for a page that also lists them. */
export function mqlTrendPointsChart(data: readonly TrendPoint[], options: Omit<MqlTrendOptions, 'periods'>): PlotOptions {
  const drawn = data.filter((point) => point.value !== null);
  const max = Math.max(1, ...drawn.map((point) => point.value ?? 0));
  const crowded = data.length > MAX_VALUE_LABELS;
  return {
    width: options.width ?? 420,
    height: 200,
    marginTop: 24,
    marginBottom: crowded ? 48 : 28,
    // A rotated first label reaches left of its bar.
    marginLeft: crowded ? 40 : 12,
    marginRight: 12,
    style: CHART_STYLE,
    x: { domain: data.map((point) => point.label), label: null, tickSize: 0, padding: 0.3, ...(crowded ? { tickRotate: -45 } : {}) },
    y: { axis: null, domain: [0, max] },
    color: { type: 'identity' },
    marks: [
      Plot.barY(drawn, { x: 'label', y: 'value', fill: (point: TrendPoint) => (point.closed ? ACCENT : ACCENT_SOFT), rx: 3 }),
      ...(crowded
        ? []
        : [
            Plot.text(drawn, {
              x: 'label',
              y: 'value',
              text: (point: TrendPoint) => options.format(point.value ?? 0),
              dy: -8,
              fill: 'currentColor',
              fontWeight: 600,
            }),
          ]),
      Plot.ruleY([0], { strokeOpacity: 0.35 }),
    ],
  };
}
