import type { Db } from '../db.ts';
import type { FunnelFile } from '../schemas/funnel.ts';
import type { MetricRow } from '../schemas/snapshot.ts';
import { cohortAge, periodKeys, type MetricContext } from './context.ts';
import { countRow, HANDOFF_DIMENSIONS, pctRow, segmentedRows, valueRow } from './metric-rows.ts';

/** Stages counted by `funnel.flow.<stage>`, in funnel order. */
export const FLOW_STAGES = ['lead', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost'] as const;

/** Stages of `funnel.cohort.<stage>_pct`, in funnel order; reaching one implies the ones before. */
export const COHORT_STAGES = ['sal', 'sql', 'opportunity', 'won'] as const;

/** Consecutive stage pairs of `funnel.velocity.<a>_<b>_days`. */
export const VELOCITY_PAIRS = [
  ['mql', 'sal'],
  ['sal', 'sql'],
  ['sql', 'opportunity'],
  ['opportunity', 'won'],
] as const;

/**
 * `funnel.flow.<stage>`: events of each stage inside each period, overall and by the lead's
 * source, segment and owner. Every listed period gets every stage overall, with 0 where nothing
 * happened, so a chart never has silent gaps.
 */
export async function funnelFlowMetrics(db: Db, periods: readonly string[]): Promise<MetricRow[]> {
  const rows = await segmentedRows(
    db,
    `SELECT e.period, e.stage, l.source, l.segment, l.owner FROM events e JOIN stg_leads l ON l.lead_id = e.lead_id
     WHERE e.stage IN (${FLOW_STAGES.map((s) => `'${s}'`).join(', ')})`,
    ['source', 'segment', 'owner'],
    FLOW_STAGES.map((s) => `CAST(count(*) FILTER (WHERE stage = '${s}') AS INTEGER) AS "${s}"`).join(', '),
    periods,
    Object.fromEntries(FLOW_STAGES.map((s) => [s, 0])) as Record<(typeof FLOW_STAGES)[number], number>,
  );
  return rows.flatMap((r) => FLOW_STAGES.map((stage) => countRow(`funnel.flow.${stage}`, { ...r, value: r[stage] })));
}

/**
 * `funnel.cohort.<stage>_pct`: handoffs of the period that reached each stage (or a later one) by
 * as_of / handoffs of the period, overall and by source, tier, segment and owner; plus, for the
 * whole period, `funnel.cohort.age_days` and `funnel.cohort.mature` (1 mature, 0 immature).
 */
export async function funnelCohortMetrics(db: Db, ctx: MetricContext): Promise<MetricRow[]> {
  const rows = await segmentedRows(
    db,
    'SELECT period, source, tier, segment, owner, reached_sal, reached_sql, reached_opportunity, reached_won FROM handoffs',
    HANDOFF_DIMENSIONS,
    ['CAST(count(*) AS INTEGER) AS handoffs', ...COHORT_STAGES.map((s) => `CAST(count(*) FILTER (WHERE reached_${s}) AS INTEGER) AS "${s}"`)].join(', '),
    periodKeys(ctx),
    { handoffs: 0, sal: 0, sql: 0, opportunity: 0, won: 0 },
  );
  const out = rows.flatMap((r) => COHORT_STAGES.map((s) => pctRow(r.period, `funnel.cohort.${s}_pct`, r.segment_kind, r.segment, r[s], r.handoffs)));
  for (const period of ctx.periods) {
    const age = cohortAge(period, ctx);
    out.push(valueRow(period.key, 'funnel.cohort.age_days', 'all', 'all', age.ageDays, 'days'));
    out.push(valueRow(period.key, 'funnel.cohort.mature', 'all', 'all', age.mature ? 1 : 0, 'count'));
  }
  return out;
}

/**
 * `funnel.velocity.<a>_<b>_days`: median business days between the first `a` and the first `b`
 * event of the period's handoffs that have both (a skipped stage contributes to neither pair
 * around it), overall and by source, tier, segment and owner.
 */
export async function funnelVelocityMetrics(db: Db, ctx: MetricContext): Promise<MetricRow[]> {
  const ids = VELOCITY_PAIRS.map(([a, b]) => `${a}_${b}`);
  const rows = await segmentedRows<Record<string, number | null>>(
    db,
    `SELECT period, source, tier, segment, owner, ${ids.map((id) => `${id}_days`).join(', ')} FROM handoffs`,
    HANDOFF_DIMENSIONS,
    ids.map((id) => `quantile_cont(${id}_days, 0.5) AS "${id}"`).join(', '),
    periodKeys(ctx),
    Object.fromEntries(ids.map((id) => [id, null])),
  );
  return rows.flatMap((r) => ids.map((id) => valueRow(r.period, `funnel.velocity.${id}_days`, r.segment_kind, r.segment, r[id] ?? null, 'days')));
}

/** `funnel.json` of each period, from the funnel rows already computed. */
export async function funnelFiles(db: Db, ctx: MetricContext, rows: readonly MetricRow[]): Promise<Map<string, FunnelFile>> {
  const counts = await db.all<{ period: string; handoffs: number; sal: number; sql: number; opportunity: number; won: number; pairs: number[] }>(
    `SELECT period, CAST(count(*) AS INTEGER) AS handoffs,
       ${COHORT_STAGES.map((s) => `CAST(count(*) FILTER (WHERE reached_${s}) AS INTEGER) AS "${s}"`).join(', ')},
       [${VELOCITY_PAIRS.map(([a, b]) => `CAST(count(${a}_${b}_days) AS INTEGER)`).join(', ')}] AS pairs
     FROM handoffs GROUP BY period ORDER BY period`,
  );
  const byPeriod = new Map(counts.map((c) => [c.period, c]));
  const value = (period: string, metric: string) => rows.find((r) => r.period === period && r.metric === metric && r.segment_kind === 'all')?.value ?? null;
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
