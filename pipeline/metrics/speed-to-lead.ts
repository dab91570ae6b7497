import { sql } from 'kysely';
import type { Db } from '../db.ts';
import type { SpeedDistribution } from '../schemas/distributions.ts';
import { periodKeys, type MetricContext } from './context.ts';

// Speed to lead's distributions (histogram and ECDF per tier); the `speed.*` metrics themselves are
// catalogue entries (catalogue/speed.ts).

/** Lower edges of the speed histogram bins, in business minutes. */
export const SPEED_BINS = [0, 5, 15, 30, 60, 120, 240, 480, 960, 1920, 4800] as const;

/** `quantile_cont` fractions 0, 0.01, …, 1 for the ECDF, as exact SQL literals. */
const ECDF_FRACTIONS = Array.from({ length: 101 }, (_, i) => (i === 100 ? '1.0' : `0.${String(i).padStart(2, '0')}`));

/** Speed distributions of each period, overall (`all`) then per tier in contract order. */
export async function speedDistributions(db: Db, ctx: MetricContext): Promise<Map<string, SpeedDistribution[]>> {
  // One grouping-sets pass: the `all` row and one per tier (tiers are never empty).
  const rows = await db.rows(
    db.query
      .selectFrom('handoffs')
      .select((eb) => {
        const minutes = eb.ref('response_minutes');
        const bins = SPEED_BINS.map((lo, i) => {
          const hi = SPEED_BINS[i + 1];
          return eb.fn.countAll<number>().filterWhere(hi === undefined ? sql<boolean>`${minutes} >= ${sql.lit(lo)}` : sql<boolean>`${minutes} >= ${sql.lit(lo)} AND ${minutes} < ${sql.lit(hi)}`);
        });
        return [
          'period',
          sql<string>`CASE WHEN GROUPING(tier) = 0 THEN tier ELSE 'all' END`.as('tier'),
          eb.fn.countAll<number>().filterWhere('speed_due', '=', true).as('due'),
          eb.fn.countAll<number>().filterWhere('speed_within_sla', '=', true).as('within_sla'),
          eb.fn.count<number>('response_minutes').as('contacted'),
          sql<number[]>`[${sql.join(bins)}]`.as('histogram'),
          sql<number[]>`coalesce(quantile_cont(${minutes}, [${sql.raw(ECDF_FRACTIONS.join(', '))}]), []::DOUBLE[])`.as('quantiles'),
        ];
      })
      .groupBy(sql`GROUPING SETS ((period), (period, tier))`)
      .orderBy('period')
      .orderBy('tier'),
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
