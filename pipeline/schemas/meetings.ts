import { z } from 'zod';
import { clauseIdSchema, metricIdSchema } from '../metrics/catalogue/index.ts';

// `snapshots/meetings.json`: the decisions of every alignment meeting, as the pipeline validated
// them from `meetings/<period>.yaml` beside the contract. It sits beside the period folders, not
// in one: a meeting reviews a period after it closes, when that period's snapshot is frozen, and a
// decision's status keeps changing after the meeting. The site reads it with this same schema.

/** What a decision should move: a scorecard clause (`speed_within_sla`) or a metric id (`speed.median_minutes`). */
export const decisionTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('clause'), id: clauseIdSchema }),
  z.strictObject({ kind: z.literal('metric'), id: metricIdSchema }),
]);
export type DecisionTarget = z.infer<typeof decisionTargetSchema>;

/** A change to the agreement the meeting proposed: a contract setting and its new value, or words. */
export const proposedChangeSchema = z.union([
  z.strictObject({ setting: z.string(), to: z.union([z.string(), z.number(), z.boolean(), z.null()]) }),
  z.strictObject({ text: z.string() }),
]);
export type ProposedChange = z.infer<typeof proposedChangeSchema>;

/** One decision of a meeting. */
export const decisionSchema = z.strictObject({
  text: z.string(),
  owner: z.string(),
  /** Local date yyyy-mm-dd by which it should be done. */
  due: z.string(),
  moves: decisionTargetSchema,
  /** `done` or `dropped` when the meetings file says so; absent while open (due or overdue then depends on the date). */
  status: z.enum(['done', 'dropped']).optional(),
  change: proposedChangeSchema.optional(),
});
export type Decision = z.infer<typeof decisionSchema>;

/** One meeting: the period it reviewed (its file name) and what it agreed. */
export const meetingSchema = z.strictObject({
  period: z.string(),
  /** The local date the meeting was held, when the file says. */
  held_on: z.string().optional(),
  decisions: z.array(decisionSchema),
});
export type Meeting = z.infer<typeof meetingSchema>;

/** `meetings.json`: every meeting, oldest period first. */
export const meetingsFileSchema = z.strictObject({ meetings: z.array(meetingSchema) });
export type MeetingsFile = z.infer<typeof meetingsFileSchema>;
