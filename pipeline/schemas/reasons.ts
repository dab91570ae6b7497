import { z } from 'zod';

/** One reason and how many events or deals gave it; `reason` null = none recorded. */
export const reasonCountSchema = z.strictObject({ reason: z.string().nullable(), count: z.int().positive() });
export type ReasonCount = z.infer<typeof reasonCountSchema>;

/**
 * `reasons.json`: why handoffs were rejected, deals lost, leads recycled or disqualified in the
 * period (events and deals dated in it), most frequent first, then by reason; none recorded last.
 */
export const reasonsFileSchema = z.strictObject({
  period: z.string(),
  rejected: z.array(reasonCountSchema),
  lost: z.array(reasonCountSchema),
  recycled: z.array(reasonCountSchema),
  disqualified: z.array(reasonCountSchema),
});
export type ReasonsFile = z.infer<typeof reasonsFileSchema>;
