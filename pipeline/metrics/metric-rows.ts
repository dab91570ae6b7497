import type { MetricRow, SegmentKind, Unit } from '../schemas/snapshot.ts';

/** Breakdown dimensions in their reporting order; `all` first. */
export const SEGMENT_KINDS: readonly SegmentKind[] = ['all', 'source', 'tier', 'segment', 'owner'];

/** A metric row as SQL returns it, before it is given its metric id and unit. */
export interface CountRow {
  period: string;
  segment_kind: SegmentKind;
  segment: string | null;
  value: number | null;
}

/** A count metric: the value is the count, with no numerator or denominator. */
export function countRow(metric: string, row: CountRow): MetricRow {
  return { period: row.period, metric, segment_kind: row.segment_kind, segment: row.segment ?? '(none)', value: row.value ?? 0, numerator: null, denominator: null, unit: 'count' };
}

/** A percentage 0–100 that always carries its integer numerator and denominator; n/a (null) when nothing is counted. */
export function pctRow(period: string, metric: string, segmentKind: SegmentKind, segment: string, numerator: number, denominator: number): MetricRow {
  return {
    period,
    metric,
    segment_kind: segmentKind,
    segment,
    value: denominator === 0 ? null : (100 * numerator) / denominator,
    numerator,
    denominator,
    unit: 'pct',
  };
}

/** Any other measured value (minutes, days, currency) with its unit. */
export function valueRow(period: string, metric: string, segmentKind: SegmentKind, segment: string, value: number | null, unit: Unit): MetricRow {
  return { period, metric, segment_kind: segmentKind, segment, value, numerator: null, denominator: null, unit };
}

const kindOrder = new Map(SEGMENT_KINDS.map((k, i) => [k, i]));
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The one order of metric rows in every snapshot file: period, metric, segment kind, segment. */
export function compareMetricRows(a: MetricRow, b: MetricRow): number {
  return (
    byCodePoint(a.period, b.period) ||
    byCodePoint(a.metric, b.metric) ||
    kindOrder.get(a.segment_kind)! - kindOrder.get(b.segment_kind)! ||
    byCodePoint(a.segment, b.segment)
  );
}

/**
 * SQL that repeats a per-handoff query for every breakdown: `all` plus each dimension column
 * present on the rows. The inner query must expose `period` and the dimension columns.
 */
export function segmentedSql(inner: string, dimensions: readonly Exclude<SegmentKind, 'all'>[], aggregates: string): string {
  const parts = [`SELECT period, 'all' AS segment_kind, 'all' AS segment, ${aggregates} FROM (${inner}) GROUP BY period`];
  for (const d of dimensions) {
    parts.push(`SELECT period, '${d}', coalesce(${d}::VARCHAR, '(none)'), ${aggregates} FROM (${inner}) GROUP BY period, ${d}`);
  }
  return parts.join('\nUNION ALL\n');
}
