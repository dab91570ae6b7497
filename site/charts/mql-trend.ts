import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { MetricRow } from '../../pipeline/schemas/snapshot.ts';
import { ACCENT, ACCENT_SOFT, CHART_STYLE, LINK_MARK, PHONE_CHART_WIDTH, textWidth, thinLabels } from './theme.ts';

/** A period on the trend axis: its id, its short label and whether its numbers are final; `href` links its marks to the period's page. */
export interface TrendPeriod {
  period: string;
  label: string;
  closed: boolean;
  href?: string;
}

/** One period's value; null when its snapshot has none. `target` is what was promised or planned for it, when known. */
export interface TrendPoint extends TrendPeriod {
  value: number | null;
  target?: number | null;
}

/** What the MQL-trend chart needs besides the rows: the periods in time order and the number format. */
export interface MqlTrendOptions {
  periods: readonly TrendPeriod[];
  format: (value: number) => string;
  width?: number;
}

// Beyond this many bars the value labels collide; the table beside the chart still has every number.
const MAX_VALUE_LABELS = 12;

/** The whole-period `mql.count` of each period, in the order of `periods`, with its `mql.target` when the snapshot has one. */
export function mqlTrendData(rows: readonly MetricRow[], periods: readonly TrendPeriod[]): TrendPoint[] {
  // One pass over the rows; the first row of a period wins, as a search in row order would find it.
  const counts = new Map<string, MetricRow>();
  const targets = new Map<string, MetricRow>();
  for (const r of rows) {
    if (r.segment_kind !== 'all' || r.segment !== 'all') continue;
    if (r.metric === 'mql.count' && !counts.has(r.period)) counts.set(r.period, r);
    if (r.metric === 'mql.target' && !targets.has(r.period)) targets.set(r.period, r);
  }
  return periods.map((p) => ({ ...p, value: counts.get(p.period)?.value ?? null, target: targets.get(p.period)?.value ?? null }));
}

/** A vertical bar per period with its MQL count on top; the period in progress is drawn lighter. */
export function mqlTrendChart(rows: readonly MetricRow[], options: MqlTrendOptions): PlotOptions {
  return mqlTrendPointsChart(mqlTrendData(rows, options.periods), options);
}

/**
 * `mqlTrendChart` from points already computed with `mqlTrendData`, for a page that also lists them:
 * a y axis with the count, each period's target as a dashed tick across its bar, values on the
 * bars while they fit, and at most one period label per 56px (the table beside it has them all).
 */
export function mqlTrendPointsChart(data: readonly TrendPoint[], options: Omit<MqlTrendOptions, 'periods'>): PlotOptions {
  const width = options.width ?? PHONE_CHART_WIDTH;
  const drawn = data.filter((point) => point.value !== null);
  const targets = data.filter((point) => point.target !== null && point.target !== undefined);
  const max = Math.max(1, ...drawn.map((point) => point.value ?? 0), ...targets.map((point) => point.target ?? 0));
  const labels = data.map((point) => point.label);
  const widestLabel = Math.max(0, ...labels.map(textWidth));
  const marginLeft = textWidth(options.format(max)) + 14;
  const plotWidth = width - marginLeft - 12;
  const ticks = thinLabels(labels, Math.max(2, Math.floor(plotWidth / (widestLabel + 12))));
  const valuesFit = data.length <= MAX_VALUE_LABELS && plotWidth / Math.max(1, data.length) >= textWidth(options.format(max)) + 4;
  const linked = drawn.some((point) => point.href !== undefined);
  return {
    width,
    height: 220,
    marginTop: 24,
    marginBottom: 28,
    marginLeft,
    // The last label is centred under its bar and may reach past the frame.
    marginRight: Math.max(12, Math.ceil(textWidth(labels.at(-1) ?? '') / 2 - plotWidth / Math.max(1, data.length) / 2) + 4),
    style: CHART_STYLE,
    x: { domain: labels, ticks, label: null, tickSize: 0, padding: 0.3 },
    y: { domain: [0, max], ticks: 4, tickFormat: (v: number) => options.format(v), grid: true, label: null, nice: true },
    color: { type: 'identity' },
    marks: [
      Plot.barY(drawn, { x: 'label', y: 'value', fill: (point: TrendPoint) => (point.closed ? ACCENT : ACCENT_SOFT), rx: 3, ...(linked ? LINK_MARK : {}) }),
      ...(targets.length === 0 ? [] : [Plot.tickY(targets, { x: 'label', y: 'target', stroke: 'currentColor', strokeWidth: 2, strokeDasharray: '4,2' })]),
      ...(valuesFit
        ? [
            Plot.text(drawn, {
              x: 'label',
              y: 'value',
              text: (point: TrendPoint) => options.format(point.value ?? 0),
              dy: -8,
              fill: 'currentColor',
              fontWeight: 600,
            }),
          ]
        : []),
      Plot.ruleY([0], { strokeOpacity: 0.35 }),
    ],
  };
}
