import { z } from 'zod';

/** Where a plan input comes from: measured on the trailing window, overridden in the contract, or unavailable. */
export const planSourceSchema = z.enum(['measured', 'override', 'none']);
export type PlanSource = z.infer<typeof planSourceSchema>;

/** One stage-to-stage rate of the plan (0–1) with its pooled counts when measured. */
export const planRateSchema = z.strictObject({
  value: z.number().nullable(),
  source: planSourceSchema,
  numerator: z.int().nullable(),
  denominator: z.int().nullable(),
});

/** What the plan needs at each stage for the revenue target. */
export const planResultsSchema = z.strictObject({
  deals_needed: z.int().nullable(),
  sqls_needed: z.int().nullable(),
  mqls_needed: z.int().nullable(),
  leads_needed: z.int().nullable(),
});
export type PlanResults = z.infer<typeof planResultsSchema>;

/** The plan inputs a sensitivity row varies. */
export const planInputSchema = z.enum(['avg_ticket', 'lead_mql', 'mql_sal', 'sal_sql', 'sql_won']);
export type PlanInput = z.infer<typeof planInputSchema>;

/**
 * `plan.json`: the period's reverse-funnel plan — the revenue target, each input beside its
 * source, the results, a sensitivity table (each input ±10%, rates capped at 1) and the MQL
 * pacing of the period to date.
 */
export const planFileSchema = z.strictObject({
  period: z.string(),
  revenue_target: z.strictObject({
    value: z.number().nullable(),
    /** `contract`: one figure for every period; `table`: this period's entry; `growth`: base period's won revenue × (1 + growth_pct/100). */
    source: z.enum(['contract', 'table', 'growth', 'none']),
    growth_pct: z.number().nullable(),
    base_period: z.string().nullable(),
    base_revenue: z.number().nullable(),
  }),
  /** The trailing window (the `history_periods` periods before this one) and which of its cohorts are mature. */
  window: z.strictObject({ periods: z.array(z.string()), mature_periods: z.array(z.string()) }),
  inputs: z.strictObject({
    avg_ticket: z.strictObject({ value: z.number().nullable(), source: planSourceSchema, won_deals: z.int().nonnegative().nullable(), revenue: z.number().nullable() }),
    rates: z.strictObject({ lead_mql: planRateSchema, mql_sal: planRateSchema, sal_sql: planRateSchema, sql_won: planRateSchema }),
  }),
  results: planResultsSchema,
  sensitivity: z.array(
    z.strictObject({ input: planInputSchema, change_pct: z.number(), value: z.number().nullable(), results: planResultsSchema }),
  ),
  pacing: z.strictObject({
    /** Business minutes of the period before as_of, and in the whole period. */
    elapsed_business_minutes: z.number().nonnegative(),
    period_business_minutes: z.number().nonnegative(),
    mql_count: z.int().nonnegative(),
    mql_target: z.int().nullable(),
    /** mql_count / (mql_target × elapsed share), 0–100+; null without a target or before the first business minute. */
    pacing_pct: z.number().nullable(),
  }),
});
export type PlanFile = z.infer<typeof planFileSchema>;
