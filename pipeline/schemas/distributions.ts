import { z } from 'zod';

/** Speed to lead of one tier (or `all`) for histograms and ECDFs, over the period's contacted handoffs. */
export const speedDistributionSchema = z.strictObject({
  /** Tier name, or `all` for every handoff of the period. */
  tier: z.string(),
  /** The tier's promised response time in business minutes; null for `all`. */
  response_within_minutes: z.number().nullable(),
  /** Handoffs due (first attempt made or deadline passed by as_of), and of them contacted within the SLA. */
  due: z.int().nonnegative(),
  within_sla: z.int().nonnegative(),
  /** Handoffs with a first attempt: the population of the histogram and the quantiles. */
  contacted: z.int().nonnegative(),
  /** Counts per bin of business minutes to the first attempt: bin i is [bins_minutes[i], bins_minutes[i+1]), the last is open-ended. */
  histogram: z.array(z.int().nonnegative()),
  /** Quantiles 0, 0.01, …, 1 of business minutes to the first attempt (linear interpolation); empty when none was contacted. */
  quantiles: z.array(z.number()),
});
export type SpeedDistribution = z.infer<typeof speedDistributionSchema>;

/**
 * `distributions.json`: shapes behind the period's speed and attempt metrics, aggregated
 * (no handoff, lead or person appears in it).
 */
export const distributionsFileSchema = z.strictObject({
  period: z.string(),
  speed: z.strictObject({
    /** Lower edges of the histogram bins, in business minutes, ascending from 0. */
    bins_minutes: z.array(z.number().nonnegative()),
    groups: z.array(speedDistributionSchema),
  }),
  attempts: z.strictObject({
    /** Handoffs whose window ended by as_of, by number of attempts in their window. */
    per_handoff: z.array(z.strictObject({ attempts: z.int().nonnegative(), handoffs: z.int().positive() })),
    /** Contacted handoffs by the type of their first attempt (first-touch channel mix). */
    first_touch: z.array(z.strictObject({ type: z.string(), handoffs: z.int().positive() })),
  }),
});
export type DistributionsFile = z.infer<typeof distributionsFileSchema>;
