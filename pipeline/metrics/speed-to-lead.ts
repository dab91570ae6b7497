import type { Db } from '../db.ts';
import type { SpeedDistribution } from '../schemas/distributions.ts';
import { periodKeys, type MetricContext } from './context.ts';
import { segmentedSql } from './metric-rows.ts';

// Speed to lead's distributions (histogram and ECDF per tier); the `speed.*` metrics themselves are
// catalogue entries (catalogue/speed.ts).

/** Lower edges of the speed histogram bins, in business minutes. */
export const SPEED_BINS = [0, 5, 15, 30, 60, 120, 240, 480, 960, 1920, 4800] as const;

/** `quantile_cont` fractions 0, 0.01, …, 1 for the ECDF, as exact SQL literals. */
const ECDF_FRACTIONS = Array.from({ length: 101 }, (_, i) => (i === 100 ? '1.0' : `0.${String(i).padStart(2, '0')}`));

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
