import { z } from 'zod';
import { metricIdSchema } from '../metrics/catalogue/index.ts';

/** One metric of an owner: value with its numerator and denominator where it has them. */
const cellSchema = z.strictObject({ value: z.number().nullable(), numerator: z.int().nullable(), denominator: z.int().nullable() });

/**
 * `owners.json`: the per-owner table of the period (handoffs by lead owner), the same numbers as
 * the `owner` rows of metrics.json, pivoted. The site applies `publish.owners` before showing names.
 */
export const ownersFileSchema = z.strictObject({
  period: z.string(),
  /** Metric ids of the columns, in display order. */
  metrics: z.array(metricIdSchema),
  owners: z.array(z.strictObject({ owner: z.string(), values: z.partialRecord(metricIdSchema, cellSchema) })),
});
export type OwnersFile = z.infer<typeof ownersFileSchema>;
