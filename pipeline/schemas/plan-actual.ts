import { z } from 'zod';

/** The funnel stages the plan sets a target for, from revenue down to leads. */
export const PLAN_ACTUAL_STAGES = ['revenue', 'deals_won', 'sqls', 'mqls', 'leads'] as const;
export const planActualStageSchema = z.enum(PLAN_ACTUAL_STAGES);
export type PlanActualStage = z.infer<typeof planActualStageSchema>;

/** One stage of the period: the plan's target beside what happened. */
export const planActualLineSchema = z.strictObject({
  stage: planActualStageSchema,
  /**
   * The metric row the actual comes from, each a flow of the period, as the plan's target is:
   * revenue `outcome.won_revenue` and deals `outcome.won_count` (deals closed won in the period),
   * SQLs `funnel.flow.sql` (SQL events dated in it), MQLs `mql.count` (handoffs: MQLs dated in
   * it), leads `funnel.flow.lead` (leads created in it).
   */
  metric: z.string(),
  /** The plan's figure (`plan.revenue_target`, `plan.deals_needed`, …); null when the plan has none. */
  target: z.number().nullable(),
  actual: z.number(),
  /** 100 × actual / target; null without a target (or a target of 0). */
  pct_of_target: z.number().nullable(),
  /** The target × the share of the period's business minutes gone by as_of: the whole target once the period is over. */
  expected_to_date: z.number().nullable(),
  /** 100 × actual / expected_to_date, as `mql.pacing_pct`; equals pct_of_target once the period is over. */
  pacing_pct: z.number().nullable(),
});
export type PlanActualLine = z.infer<typeof planActualLineSchema>;

/** `plan-actual.json`: the reverse-funnel plan of the period against what the period delivered, stage by stage. */
export const planActualFileSchema = z.strictObject({
  period: z.string(),
  /** Business minutes of the period before as_of, and in the whole period (as in plan.json's pacing). */
  elapsed_business_minutes: z.number().nonnegative(),
  period_business_minutes: z.number().nonnegative(),
  /** In PLAN_ACTUAL_STAGES order. */
  stages: z.array(planActualLineSchema),
});
export type PlanActualFile = z.infer<typeof planActualFileSchema>;
