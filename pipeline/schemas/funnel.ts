import { z } from 'zod';

/**
 * `funnel.json`: the period's handoff cohort (age, maturity, stages reached by as_of), the
 * velocity between consecutive stages, and the flow of stage events dated in the period.
 */
export const funnelFileSchema = z.strictObject({
  period: z.string(),
  cohort: z.strictObject({
    /** Whole days from the period's end to as_of (0 while the period is open). */
    age_days: z.int().nonnegative(),
    /** Closed and at least `maturity_days` old: its rates will barely move any more. */
    mature: z.boolean(),
    maturity_days: z.int().nonnegative(),
    handoffs: z.int().nonnegative(),
    /** Handoffs that reached each stage or a later one by as_of. */
    reached: z.strictObject({ sal: z.int().nonnegative(), sql: z.int().nonnegative(), opportunity: z.int().nonnegative(), won: z.int().nonnegative() }),
  }),
  /** Median business days between the first events of consecutive stages, over handoffs with both. */
  velocity: z.array(z.strictObject({ from: z.string(), to: z.string(), handoffs: z.int().nonnegative(), median_days: z.number().nullable() })),
  /** Events of each stage dated in the period. */
  flow: z.record(z.string(), z.int().nonnegative()),
});
export type FunnelFile = z.infer<typeof funnelFileSchema>;
