import type { Db } from '../db.ts';
import type { SpeedDistribution } from '../schemas/distributions.ts';
import type { MetricRow } from '../schemas/snapshot.ts';
import { periodKeys, type MetricContext } from './context.ts';
import { countRow, HANDOFF_DIMENSIONS, pctRow, segmentedRows, segmentedSql, valueRow } from './metric-rows.ts';

// Speed to lead (SPEC section 4, `speed.*`), from the per-handoff clauses of `handoffs`:
// speed_due (first attempt made, or elapsed business time at as_of ≥ the tier's response time),
// speed_within_sla (first attempt with elapsed ≤ it), speed_pending (neither: right-censored).

/** Lower edges of the speed histogram bins, in business minutes. */
export const SPEED_BINS = [0, 5, 15, 30, 60, 120, 240, 480, 960, 1920, 4800] as const;

/** `quantile_cont` fractions 0, 0.01, …, 1 for the ECDF, as exact SQL literals. */
const ECDF_FRACTIONS = Array.from({ length: 101 }, (_, i) => (i === 100 ? '1.0' : `0.${String(i).padStart(2, '0')}`));

/**
 * `speed.median_minutes` and `speed.p90_minutes` (business minutes from clock start to the first
 * attempt, over contacted handoffs), `speed.within_sla_pct` and `speed.not_contacted_pct` (over
 * due handoffs) and `speed.pending_count`, overall and by source, tier, segment and owner.
 */
export async function speedMetrics(db: Db, ctx: MetricContext): Promise<MetricRow[]> {
  const rows = await segmentedRows(
    db,
    'SELECT period, source, tier, segment, owner, response_minutes, speed_due, speed_within_sla, speed_pending, first_attempt_at FROM handoffs',
    HANDOFF_DIMENSIONS,
    `quantile_cont(response_minutes, 0.5) AS median, quantile_cont(response_minutes, 0.9) AS p90,
     CAST(count(*) FILTER (WHERE speed_due) AS INTEGER) AS due,
     CAST(count(*) FILTER (WHERE speed_within_sla) AS INTEGER) AS within,
     CAST(count(*) FILTER (WHERE speed_due AND first_attempt_at IS NULL) AS INTEGER) AS not_contacted,
     CAST(count(*) FILTER (WHERE speed_pending) AS INTEGER) AS pending`,
    periodKeys(ctx),
    { median: null as number | null, p90: null as number | null, due: 0, within: 0, not_contacted: 0, pending: 0 },
  );
  return rows.flatMap((r) => [
    valueRow(r.period, 'speed.median_minutes', r.segment_kind, r.segment, r.median, 'minutes'),
    valueRow(r.period, 'speed.p90_minutes', r.segment_kind, r.segment, r.p90, 'minutes'),
    pctRow(r.period, 'speed.within_sla_pct', r.segment_kind, r.segment, r.within, r.due),
    pctRow(r.period, 'speed.not_contacted_pct', r.segment_kind, r.segment, r.not_contacted, r.due),
    countRow('speed.pending_count', { ...r, value: r.pending }),
  ]);
}

/** Speed distributions of each period, overall (`all`) then per tier in contract order. */
export async function speedDistributions(db: Db, ctx: MetricContext): Promise<Map<string, SpeedDistribution[]>> {
  const bins = SPEED_BINS.map((lo, i) => {
    const hi = SPEED_BINS[i + 1];
    const test = hi === undefined ? `response_minutes >= ${lo}` : `response_minutes >= ${lo} AND response_minutes < ${hi}`;
    return `CAST(count(*) FILTER (WHERE ${test}) AS INTEGER)`;
  });
  const aggregates = `CAST(count(*) FILTER (WHERE speed_due) AS INTEGER) AS due,
    CAST(count(*) FILTER (WHERE speed_within_sla) AS INTEGER) AS within_sla,
    CAST(count(response_minutes) AS INTEGER) AS contacted,
    [${bins.join(', ')}] AS histogram,
    coalesce(quantile_cont(response_minutes, [${ECDF_FRACTIONS.join(', ')}]), []::DOUBLE[]) AS quantiles`;
  type Row = { period: string; tier: string; due: number; within_sla: number; contacted: number; histogram: number[]; quantiles: number[] };
  // One grouping-sets pass: the `all` row and one per tier (tiers are never empty).
  const rows = await db.all<Row>(
    `SELECT period, segment AS tier, due, within_sla, contacted, histogram, quantiles
     FROM (${segmentedSql('SELECT * FROM handoffs', ['tier'], aggregates)})
     ORDER BY period, tier`,
  );
  const tiers = ctx.contract.tiers;
  const order = (tier: string) => (tier === 'all' ? -1 : tiers.findIndex((t) => t.name === tier));
  const out = new Map<string, SpeedDistribution[]>();
  for (const period of periodKeys(ctx)) {
    const groups = rows
      .filter((r) => r.period === period)
      .sort((a, b) => order(a.tier) - order(b.tier))
      .map((r) => ({
        tier: r.tier,
        response_within_minutes: r.tier === 'all' ? null : (tiers.find((t) => t.name === r.tier)?.response_within ?? null),
        due: r.due,
        within_sla: r.within_sla,
        contacted: r.contacted,
        histogram: r.histogram,
        quantiles: r.quantiles,
      }));
    if (groups.length === 0) {
      groups.push({ tier: 'all', response_within_minutes: null, due: 0, within_sla: 0, contacted: 0, histogram: SPEED_BINS.map(() => 0), quantiles: [] });
    }
    out.set(period, groups);
  }
  return out;
}
