import { z } from 'zod';
import { clauseIdSchema, metricIdSchema } from '../metrics/catalogue/index.ts';

/** Where a clause stands: at or above its promise, between the at-risk threshold and it, below, or not measurable. */
export const clauseStatusSchema = z.enum(['met', 'at_risk', 'missed', 'no_data']);
export type ClauseStatus = z.infer<typeof clauseStatusSchema>;

/** One promise of the agreement, measured for the period. */
export const scorecardClauseSchema = z.strictObject({
  /** Clause id; its metric row is `scorecard.<id>`. */
  id: clauseIdSchema,
  side: z.enum(['marketing', 'sales']),
  /** The metric the clause is measured with. */
  metric: metricIdSchema,
  /** Promised level and the at-risk threshold, in `unit` (pct: 0–100). */
  promised: z.number(),
  at_risk_from: z.number(),
  measured: z.number().nullable(),
  unit: z.enum(['pct']),
  numerator: z.int().nullable(),
  denominator: z.int().nullable(),
  status: clauseStatusSchema,
});
export type ScorecardClause = z.infer<typeof scorecardClauseSchema>;

/** `scorecard.json`: one clause per promise, marketing's first. */
export const scorecardFileSchema = z.strictObject({ period: z.string(), clauses: z.array(scorecardClauseSchema) });
export type ScorecardFile = z.infer<typeof scorecardFileSchema>;
