import { localToUtcMs } from '../calendar/zone.ts';
import { sql } from 'kysely';
import type { Db } from '../db.ts';
import { businessMinutesBetween, timestampOf } from '../warehouse/fragments.ts';
import type { Period } from '../model/periods.ts';
import type { PlanFile } from '../schemas/plan.ts';
import type { MetricRow } from '../schemas/snapshot.ts';
import type { MetricContext } from './context.ts';
import { valueRow } from './metric-rows.ts';
import type { PeriodPlan } from './plan.ts';

/** Business minutes of a period, and those before as_of (all of them once the period is over). */
export interface PeriodShare {
  elapsed: number;
  total: number;
}

function localMidnight(day: string, timezone: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(localToUtcMs(timezone, y, m, d)).toISOString();
}

/** Elapsed and total business minutes of each reporting period at as_of (needs the calendar tables). */
export async function periodShares(db: Db, ctx: MetricContext): Promise<Map<string, PeriodShare>> {
  if (ctx.periods.length === 0) return new Map();
  const tz = ctx.contract.timezone;
  const asOf = timestampOf(ctx.asOf);
  const share = (p: Period) => {
    const starts = timestampOf(localMidnight(p.startsOn, tz));
    const ends = timestampOf(localMidnight(p.endsBefore, tz));
    return db.query.selectNoFrom([
      sql.lit(p.key).as('period'),
      businessMinutesBetween(starts, sql<string>`least(${ends}, ${asOf})`).as('elapsed'),
      businessMinutesBetween(starts, ends).as('total'),
    ]);
  };
  const [first, ...rest] = ctx.periods.map(share);
  const rows = await db.rows(rest.reduce((all, one) => all.unionAll(one), first!).orderBy('period'));
  return new Map(rows.map((r) => [r.period, { elapsed: r.elapsed, total: r.total }]));
}

/** 100 × count over the target scaled by the share of the period gone by as_of; null without a target or before the first business minute. */
export function pacingPct(count: number, target: number | null, share: PeriodShare | undefined): number | null {
  const elapsed = share?.elapsed ?? 0;
  const total = share?.total ?? 0;
  return target === null || target === 0 || elapsed === 0 ? null : (100 * count * total) / (target * elapsed);
}

/** `plan.json`'s pacing block of a period. */
export function pacing(count: number, target: number | null, share: PeriodShare | undefined): PlanFile['pacing'] {
  return {
    elapsed_business_minutes: share?.elapsed ?? 0,
    period_business_minutes: share?.total ?? 0,
    mql_count: count,
    mql_target: target,
    pacing_pct: pacingPct(count, target, share),
  };
}

/**
 * `mql.target` (`plan.mqls_needed`) and `mql.pacing_pct`: `mql.count` (a catalogue metric, among
 * `rows`) over the target scaled by the share of the period's business minutes gone by as_of.
 * Pacing carries mql.count and mql.target as numerator and denominator; its value includes the
 * share (`plan.json` pacing shows it), so on a closed period it is exactly their ratio.
 */
export function mqlTargetMetrics(plans: readonly PeriodPlan[], shares: Map<string, PeriodShare>, rows: readonly MetricRow[]): MetricRow[] {
  const counts = new Map(rows.filter((r) => r.metric === 'mql.count' && r.segment_kind === 'all').map((r) => [r.period, r.value ?? 0]));
  return plans.flatMap(({ file }) => {
    const target = file.results.mqls_needed;
    const count = counts.get(file.period) ?? 0;
    const pace = pacing(count, target, shares.get(file.period));
    return [
      valueRow(file.period, 'mql.target', 'all', 'all', target, 'count'),
      { ...valueRow(file.period, 'mql.pacing_pct', 'all', 'all', pace.pacing_pct, 'pct'), numerator: count, denominator: target },
    ];
  });
}
