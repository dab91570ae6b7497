import { z } from 'zod';
import { segmentKindSchema } from './snapshot.ts';

/** One segment that falls short of a clause's promise, and how much of the shortfall it accounts for. */
export const contributorSchema = z.strictObject({
  segment_kind: segmentKindSchema.exclude(['all']),
  segment: z.string(),
  /** The segment's counts and rate for the clause's metric (value 0–100). */
  numerator: z.int().nonnegative(),
  denominator: z.int().positive(),
  value: z.number(),
  /** promised% × denominator − numerator: handoffs short of what the promise asked of this segment (> 0). */
  shortfall: z.number().positive(),
  /** 100 × shortfall / the sum of the shortfalls of every segment of the same kind below the promise. */
  share_pct: z.number().positive(),
});
export type Contributor = z.infer<typeof contributorSchema>;

/** A missed or at-risk ratio clause with the segments behind its gap. */
export const clauseContributorsSchema = z.strictObject({
  /** Clause id and metric, as in scorecard.json. */
  id: z.string(),
  metric: z.string(),
  status: z.enum(['missed', 'at_risk']),
  promised: z.number(),
  /** promised% × the clause's denominator − its numerator: the whole period's shortfall. */
  shortfall: z.number().nonnegative(),
  /** Segments below the promise: by kind (source, tier, segment, owner), then largest shortfall first, then name. */
  contributors: z.array(contributorSchema),
});
export type ClauseContributors = z.infer<typeof clauseContributorsSchema>;

/**
 * `contributors.json`: who drove each miss of the period. Ratio clauses only: the volume clause
 * has one target for the whole period and no target per source, so no segment can be said to
 * fall short of it. Aggregates only; owners appear as the rows of metrics.json do, and the site
 * publishes them as `publish.owners` says.
 */
export const contributorsFileSchema = z.strictObject({ period: z.string(), clauses: z.array(clauseContributorsSchema) });
export type ContributorsFile = z.infer<typeof contributorsFileSchema>;
