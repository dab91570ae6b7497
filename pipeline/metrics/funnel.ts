import { sql } from 'kysely';
import type { Db } from '../db.ts';
import type { FunnelFile } from '../schemas/funnel.ts';
import type { MetricRow } from '../schemas/snapshot.ts';
import { COHORT_STAGES, FLOW_STAGES, VELOCITY_PAIRS, type MetricId } from './catalogue/index.ts';
import { cohortAge, type MetricContext } from './context.ts';
import { valueRow } from './metric-rows.ts';

/**
 * `funnel.cohort.age_days` and `funnel.cohort.mature` (1 mature, 0 immature) of each period, for
 * the whole period; the funnel's other metrics are catalogue entries (catalogue/funnel.ts).
 */
export function cohortMaturityMetrics(ctx: MetricContext): MetricRow[] {
  return ctx.periods.flatMap((period) => {
    const age = cohortAge(period, ctx);
    return [valueRow(period.key, 'funnel.cohort.age_days', 'all', 'all', age.ageDays, 'days'), valueRow(period.key, 'funnel.cohort.mature', 'all', 'all', age.mature ? 1 : 0, 'count')];
  });
}

/** The `handoffs` column of a velocity pair (`sal_sql_days`), one per pair. */
type PairColumn<P> = P extends readonly [infer A extends string, infer B extends string] ? `${A}_${B}_days` : never;

/**
 * Each period's handoff cohort: its handoffs, how many reached each of COHORT_STAGES, and how
 * many have each velocity pair's duration (in VELOCITY_PAIRS order). For funnel.json and the plan.
 */
export async function cohortCounts(db: Db) {
  return db.rows(
    db.query
      .selectFrom('handoffs')
      .select((eb) => [
        'period',
        eb.fn.countAll<number>().as('handoffs'),
        ...COHORT_STAGES.map((s) => eb.fn.countAll<number>().filterWhere(`reached_${s}`, '=', true).as(s)),
        sql<number[]>`[${sql.join(VELOCITY_PAIRS.map(([a, b]) => eb.fn.count<number>(`${a}_${b}_days` as PairColumn<typeof VELOCITY_PAIRS[number]>)))}]`.as('pairs'),
      ])
      .groupBy('period')
      .orderBy('period'),
  );
}

/** `funnel.json` of each period, from the funnel rows already computed. */
export async function funnelFiles(db: Db, ctx: MetricContext, rows: readonly MetricRow[]): Promise<Map<string, FunnelFile>> {
  const counts = await cohortCounts(db);
  const byPeriod = new Map(counts.map((c) => [c.period, c]));
  const value = (period: string, metric: MetricId) => rows.find((r) => r.period === period && r.metric === metric && r.segment_kind === 'all')?.value ?? null;
  const out = new Map<string, FunnelFile>();
  for (const period of ctx.periods) {
    const c = byPeriod.get(period.key);
    const age = cohortAge(period, ctx);
    out.set(period.key, {
      period: period.key,
      cohort: {
        age_days: age.ageDays,
        mature: age.mature,
        maturity_days: ctx.contract.targets.maturity_days,
        handoffs: c?.handoffs ?? 0,
        reached: { sal: c?.sal ?? 0, sql: c?.sql ?? 0, opportunity: c?.opportunity ?? 0, won: c?.won ?? 0 },
      },
      velocity: VELOCITY_PAIRS.map(([a, b], i) => ({
        from: a,
        to: b,
        handoffs: c?.pairs[i] ?? 0,
        median_days: value(period.key, `funnel.velocity.${a}_${b}_days`),
      })),
      flow: Object.fromEntries(FLOW_STAGES.map((s) => [s, value(period.key, `funnel.flow.${s}`) ?? 0])),
    });
  }
  return out;
}
