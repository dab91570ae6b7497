import { sql } from 'kysely';
import type { Db } from '../db.ts';
import type { MetricRow, SegmentKind, Unit } from '../schemas/snapshot.ts';
import type { MetricId } from './catalogue/index.ts';

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
export function countRow(metric: MetricId, row: CountRow): MetricRow {
  return { period: row.period, metric, segment_kind: row.segment_kind, segment: row.segment ?? '(none)', value: row.value ?? 0, numerator: null, denominator: null, unit: 'count' };
}

/** A percentage 0–100 that always carries its integer numerator and denominator; n/a (null) when nothing is counted. */
export function pctRow(period: string, metric: MetricId, segmentKind: SegmentKind, segment: string, numerator: number, denominator: number): MetricRow {
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
export function valueRow(period: string, metric: MetricId, segmentKind: SegmentKind, segment: string, value: number | null, unit: Unit): MetricRow {
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
 * SQL that aggregates a per-handoff (or per-event) query for every breakdown in one pass
 * (GROUPING SETS): `all` plus each dimension column present on the rows. The inner query must
 * expose `period` and the dimension columns; an empty dimension value is the segment `(none)`.
 */
export function segmentedSql(inner: string, dimensions: readonly Exclude<SegmentKind, 'all'>[], aggregates: string): string {
  const sets = ['(period)', ...dimensions.map((d) => `(period, ${d})`)].join(', ');
  const kind = dimensions.map((d) => `WHEN GROUPING(${d}) = 0 THEN '${d}'`).join(' ');
  const segment = dimensions.map((d) => `WHEN GROUPING(${d}) = 0 THEN coalesce(${d}::VARCHAR, '(none)')`).join(' ');
  return dimensions.length === 0
    ? `SELECT period, 'all' AS segment_kind, 'all' AS segment, ${aggregates} FROM (${inner}) GROUP BY period`
    : `SELECT period, CASE ${kind} ELSE 'all' END AS segment_kind, CASE ${segment} ELSE 'all' END AS segment, ${aggregates}
       FROM (${inner}) GROUP BY GROUPING SETS (${sets})`;
}

/** Breakdown dimensions that exist on every handoff. */
export const HANDOFF_DIMENSIONS = ['source', 'tier', 'segment', 'owner'] as const satisfies readonly Exclude<SegmentKind, 'all'>[];

/** One aggregated SQL row per period and segment, before it becomes metric rows. */
export type SegmentedRow<T> = { period: string; segment_kind: SegmentKind; segment: string } & T;

/**
 * A row of `segmentedSql` as `SegmentedRow<T>`: its period and segment are text, its segment kind
 * one of SEGMENT_KINDS, and every column of `empty` is there with a number, text or null. The SQL
 * comes from catalogue expressions, so a row that fails this is a bug of an entry.
 */
function checkedRow<T extends object>(row: Record<string, unknown>, empty: T, text: string): SegmentedRow<T> {
  const wrong = (what: string) => new Error(`segmentedRows: ${what} in ${JSON.stringify(row)} of ${text}`);
  if (typeof row.period !== 'string' || typeof row.segment !== 'string') throw wrong('period or segment not text');
  if (!SEGMENT_KINDS.includes(row.segment_kind as SegmentKind)) throw wrong(`segment_kind ${String(row.segment_kind)}`);
  for (const key of Object.keys(empty)) {
    const value = row[key];
    if (!(key in row) || (value !== null && typeof value !== 'number' && typeof value !== 'string')) throw wrong(`column ${key} missing or not a number, text or null`);
  }
  return row as SegmentedRow<T>;
}

/**
 * Runs `aggregates` over `inner` for `all` and each dimension, for the listed periods only, and
 * adds an `all` row built by `empty` for every listed period the query did not return, so a
 * period without data states its zeros (and its n/a) instead of going silent.
 */
export async function segmentedRows<T extends object>(
  db: Db,
  inner: string,
  dimensions: readonly Exclude<SegmentKind, 'all'>[],
  aggregates: string,
  periods: readonly string[],
  empty: T,
): Promise<Array<SegmentedRow<T>>> {
  const text = segmentedSql(inner, dimensions, aggregates);
  const rows = (await db.rows(db.query.selectFrom(sql<Record<string, unknown>>`(${sql.raw(text)})`.as('s')).selectAll().orderBy('period').orderBy('segment_kind').orderBy('segment'))).map(
    (row) => checkedRow(row, empty, text),
  );
  const listed = new Set(periods);
  const kept = rows.filter((r) => listed.has(r.period));
  const seen = new Set(kept.filter((r) => r.segment_kind === 'all').map((r) => r.period));
  const missing = periods.filter((p) => !seen.has(p)).map((period) => ({ period, segment_kind: 'all' as const, segment: 'all', ...empty }));
  return [...kept, ...missing];
}
