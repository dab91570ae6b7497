import type { PlanActualFile, PlanActualStage } from '../schemas/plan-actual.ts';
import type { MetricRow } from '../schemas/snapshot.ts';
import type { PeriodPlan } from './plan.ts';
import { pacingPct, type PeriodShare } from './volume.ts';

// Plan against actual: each stage of the reverse funnel beside what the period delivered. The plan
// asks for flows of the period (revenue and deals closed in it, so many SQLs, MQLs and leads to
// get there), so each actual is the flow of the same thing dated in the period, not a cohort.

/** Each stage: the plan's target in plan.json's results (or the revenue target) and the metric row of its actual. */
const STAGES: ReadonlyArray<{ stage: PlanActualStage; metric: string; target: (plan: PeriodPlan['file']) => number | null }> = [
  { stage: 'revenue', metric: 'outcome.won_revenue', target: (p) => p.revenue_target.value },
  { stage: 'deals_won', metric: 'outcome.won_count', target: (p) => p.results.deals_needed },
  { stage: 'sqls', metric: 'funnel.flow.sql', target: (p) => p.results.sqls_needed },
  { stage: 'mqls', metric: 'mql.count', target: (p) => p.results.mqls_needed },
  { stage: 'leads', metric: 'funnel.flow.lead', target: (p) => p.results.leads_needed },
];

/** `plan-actual.json` of each planned period, from the plan and the whole-period metric rows. */
export function planActualFiles(plans: readonly PeriodPlan[], rows: readonly MetricRow[], shares: ReadonlyMap<string, PeriodShare>): Map<string, PlanActualFile> {
  const value = new Map(rows.filter((r) => r.segment_kind === 'all').map((r) => [`${r.period}|${r.metric}`, r.value]));
  return new Map(
    plans.map(({ file }): [string, PlanActualFile] => {
      const share = shares.get(file.period);
      const elapsed = share?.elapsed ?? 0;
      const total = share?.total ?? 0;
      return [
        file.period,
        {
          period: file.period,
          elapsed_business_minutes: elapsed,
          period_business_minutes: total,
          stages: STAGES.map(({ stage, metric, target: of }) => {
            const target = of(file);
            const actual = value.get(`${file.period}|${metric}`) ?? 0;
            return {
              stage,
              metric,
              target,
              actual,
              pct_of_target: target === null || target === 0 ? null : (100 * actual) / target,
              expected_to_date: target === null || total === 0 ? null : (target * elapsed) / total,
              pacing_pct: pacingPct(actual, target, share),
            };
          }),
        },
      ];
    }),
  );
}
