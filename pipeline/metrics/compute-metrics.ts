import type { Db } from '../db.ts';
import type { DetailFiles } from '../schemas/detail-files.ts';
import type { MetricRow } from '../schemas/snapshot.ts';
import { attemptDistributions } from './attempts.ts';
import { catalogueMetrics } from './catalogue-runner.ts';
import { periodKeys, type MetricContext } from './context.ts';
import { cohortMaturityMetrics, funnelFiles } from './funnel.ts';
import { contributorsFiles } from './contributors.ts';
import { compareMetricRows } from './metric-rows.ts';
import { reasonsFiles } from './outcomes.ts';
import { ownersFiles } from './owners.ts';
import { planActualFiles } from './plan-actual.ts';
import { planMetrics, planPeriods } from './plan.ts';
import { scorecardFiles, scorecardMetrics } from './scorecard.ts';
import { SPEED_BINS, speedDistributions } from './speed-to-lead.ts';
import { mqlTargetMetrics, pacing, periodShares } from './volume.ts';

/** Every metric row of the run and, per period, the detail files of its snapshot. */
export interface ComputedMetrics {
  rows: MetricRow[];
  details: Map<string, DetailFiles>;
}

/**
 * Computes every metric of the catalogue over the model tables, in dependency order: the plan
 * gives the MQL target, the catalogue's SQL metrics give the counts, the scorecard reads them.
 */
export async function computeMetrics(db: Db, ctx: MetricContext): Promise<ComputedMetrics> {
  const keys = periodKeys(ctx);
  const plans = await planPeriods(db, ctx);
  const shares = await periodShares(db, ctx);
  // Every metric the catalogue measures by SQL, then those computed by code from them.
  const rows = await catalogueMetrics(db, ctx);
  rows.push(...planMetrics(plans), ...mqlTargetMetrics(plans, shares, rows), ...cohortMaturityMetrics(ctx));
  const scorecards = scorecardFiles(ctx.contract, keys, rows);
  rows.push(...scorecardMetrics(scorecards));
  rows.sort(compareMetricRows);
  assertUnique(rows);

  const speed = await speedDistributions(db, ctx);
  const attempts = await attemptDistributions(db, ctx);
  const funnel = await funnelFiles(db, ctx, rows);
  const reasons = await reasonsFiles(db, ctx);
  const owners = ownersFiles(keys, rows);
  const planActual = planActualFiles(plans, rows, shares);
  const contributors = contributorsFiles(scorecards, rows);
  const count = new Map(rows.filter((r) => r.metric === 'mql.count' && r.segment_kind === 'all').map((r) => [r.period, r.value ?? 0]));
  const details = new Map<string, DetailFiles>();
  for (const { file } of plans) {
    const period = file.period;
    details.set(period, {
      'contributors.json': contributors.get(period)!,
      'distributions.json': { period, speed: { bins_minutes: [...SPEED_BINS], groups: speed.get(period) ?? [] }, attempts: attempts.get(period)! },
      'funnel.json': funnel.get(period)!,
      'owners.json': owners.get(period)!,
      'plan.json': { ...file, pacing: pacing(count.get(period) ?? 0, file.results.mqls_needed, shares.get(period)) },
      'plan-actual.json': planActual.get(period)!,
      'reasons.json': reasons.get(period)!,
      'scorecard.json': scorecards.get(period)!,
    });
  }
  return { rows, details };
}

/** Two rows for one metric and segment would make a snapshot ambiguous. */
function assertUnique(rows: readonly MetricRow[]): void {
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1]!;
    const b = rows[i]!;
    if (a.period === b.period && a.metric === b.metric && a.segment_kind === b.segment_kind && a.segment === b.segment) {
      throw new Error(`duplicate metric row ${a.period} ${a.metric} ${a.segment_kind}=${a.segment}`);
    }
  }
}
