import type { Contract } from '../contract/schema.ts';
import { sql, type Compilable, type Expression } from 'kysely';
import { literal, type Db } from '../db.ts';
import { localMinute, periodKeyOf, timestampOf } from '../warehouse/fragments.ts';
import { briefWords, type BriefWords } from './brief-words.ts';

// The private worklists for sales ops, read off the model at as_of. They name the lead (name,
// company, e-mail, phone) because a rep has to call them; they are written to `actions/` only and
// never reach the site.

/** The worklists a run produces, in the order a sales manager reads them. */
export const WORKLISTS = ['breached', 'due-soon', 'under-attempted', 'new-priority'] as const;
export type WorklistName = (typeof WORKLISTS)[number];

/** One row of a worklist: the handoff, who to call, and why it is listed. */
export interface WorklistRow {
  handoff_id: string;
  lead_id: string;
  tier: string;
  owner: string | null;
  source: string | null;
  name: string | null;
  company: string | null;
  email: string | null;
  phone: string | null;
  /** Local time of the MQL in the contract's zone, `yyyy-mm-dd HH:MM`. */
  mql_at: string;
  /** Local time of the response deadline. */
  deadline: string;
  /** Business minutes past the deadline (breached) or left before it (due soon). */
  minutes: number | null;
  attempts: number;
  /** Attempts the cadence pace asks for by now (under-attempted). */
  attempts_expected: number | null;
  why: string;
}

/** Settings of the worklists (the contract's `actions` section, defaults filled). */
export interface WorklistSettings {
  /** Business minutes ahead in which a deadline counts as due soon. */
  dueSoonMinutes: number;
  /** as_of of the previous run (ISO), for new-priority; null on the first run. */
  previousAsOf: string | null;
}

/** Every worklist at `asOf`, rows in the order a rep should work them. */
export type Worklists = Record<WorklistName, WorklistRow[]>;

const NEW_PRIORITY_FIRST_RUN_HOURS = 24;

/** SQL text from a phrase with `{slot}`s, each slot filled by its SQL expression. */
export function phraseSql(template: string, slots: Record<string, string>): string {
  const parts = template.split(/\{(\w+)\}/);
  return parts
    .map((part, i) => {
      if (i % 2 === 0) return part === '' ? null : literal(part);
      const sql = slots[part];
      if (sql === undefined) throw new Error(`phrase slot {${part}} has no value`);
      return `CAST(${sql} AS VARCHAR)`;
    })
    .filter((p) => p !== null)
    .join(' || ');
}

/**
 * Builds the four worklists from `handoffs` and `stg_leads` (Kysely on the warehouse's `Database`). An open handoff is the lead's
 * current one (no later MQL), not decided as rejected, and not closed as recycled or disqualified.
 * Breached lists only handoffs still inside their cadence window: older ones can no longer be
 * worked to the agreement and are counted by the speed metrics instead.
 */
export async function buildWorklists(db: Db, contract: Contract, asOf: string, settings: WorklistSettings): Promise<Worklists> {
  const asOfAt = timestampOf(asOf);
  const tz = contract.timezone;
  const { min_attempts: minAttempts } = contract.cadence;
  const priorityTier = contract.tiers[0]!.name;
  const select = (minutes: Expression<number | null>, expected: Expression<number | null>, why: Expression<string>) =>
    db.query
      .selectFrom('handoffs as h')
      .innerJoin('stg_leads as l', 'l.lead_id', 'h.lead_id')
      .select((eb) => [
        'h.handoff_id', 'h.lead_id', 'h.tier', 'h.owner', 'h.source', 'l.name', 'l.company', 'l.email', 'l.phone',
        localMinute(tz, eb.ref('h.mql_at')).as('mql_at'),
        localMinute(tz, eb.ref('h.response_deadline')).as('deadline'),
        sql<number | null>`${minutes}`.as('minutes'),
        'h.attempts_total as attempts',
        sql<number | null>`${expected}`.as('attempts_expected'),
        sql<string>`${why}`.as('why'),
      ]);
  const open = sql<boolean>`h.next_mql_at IS NULL AND h.closed_at IS NULL AND coalesce(h.decision_stage, '') <> 'rejected'`;
  // Pace: attempts spread evenly over the window's business time; after a share s of it has
  // elapsed, floor(min_attempts × s) attempts should exist (a new handoff is not behind yet).
  const overdueText = 'round(h.elapsed_at_as_of_minutes - h.response_within_minutes, 1)';
  const leftText = 'round(h.response_within_minutes - h.elapsed_at_as_of_minutes, 1)';
  // INTEGER so the why text says 2, not 2.0.
  const expectedText = `CAST(floor(${minAttempts} * least(h.elapsed_at_as_of_minutes / nullif(business_minutes_between(h.mql_at, h.window_end), 0), 1)) AS INTEGER)`;
  const overdue = sql<number>`${sql.raw(overdueText)}`;
  const left = sql<number>`${sql.raw(leftText)}`;
  const expected = sql<number>`${sql.raw(expectedText)}`;
  const since = settings.previousAsOf === null ? sql<string>`${asOfAt} - INTERVAL ${sql.raw(String(NEW_PRIORITY_FIRST_RUN_HOURS))} HOUR` : timestampOf(settings.previousAsOf);
  const none = sql<null>`NULL`;
  // The `why` column speaks the contract's language, like the briefs beside it: a phrase of
  // brief-words.ts with its slots filled by SQL text.
  const words = briefWords(contract.locale);
  const why = (phrase: keyof BriefWords['worklistWhy'], slots: Record<string, string>) => sql<string>`${sql.raw(phraseSql(words.worklistWhy[phrase], slots))}`;
  const number = (text: string) => (contract.locale === 'pt-BR' ? `replace(CAST(${text} AS VARCHAR), '.', ',')` : `CAST(${text} AS VARCHAR)`);
  const closedAs = `coalesce(MAP {${Object.entries(words.closed).map(([k, v]) => `${literal(k)}: ${literal(v)}`).join(', ')}}[h.closed_as], h.closed_as)`;

  const queries: Record<WorklistName, Compilable<WorklistRow>> = {
    breached: select(overdue, none, why('breached', { minutes: number(overdueText) }))
      .where(open).where('h.first_attempt_at', 'is', null).where('h.speed_due', '=', true).where('h.window_ended', '=', false)
      .orderBy('h.response_deadline').orderBy('h.mql_at').orderBy('h.handoff_id'),
    'due-soon': select(left, none, why('dueSoon', { minutes: number(leftText) }))
      .where(open).where('h.first_attempt_at', 'is', null).where('h.speed_pending', '=', true)
      .where(sql<boolean>`h.response_within_minutes - h.elapsed_at_as_of_minutes <= ${sql.lit(settings.dueSoonMinutes)}`)
      .orderBy('h.response_deadline').orderBy('h.mql_at').orderBy('h.handoff_id'),
    'under-attempted': db.query
      .selectFrom(
        select(none, expected, why('underPace', { attempts: 'h.attempts_in_window', min: String(minAttempts), expected: expectedText }))
          .where(open).where('h.window_ended', '=', false).where('h.cadence_ended_at', 'is', null).where(sql<boolean>`h.attempts_in_window < ${expected}`)
          .unionAll(
            select(none, sql.lit(minAttempts), why('gaveUp', { closed: closedAs, attempts: 'h.attempts_before_close', min: String(minAttempts) }))
              .where('h.gave_up_early', '=', true)
              .where((eb) => eb(periodKeyOf(contract.period, tz, eb.ref('h.closed_at')), '=', periodKeyOf(contract.period, tz, asOfAt))),
          )
          .as('u'),
      )
      .selectAll()
      .orderBy(sql`attempts_expected - attempts`, 'desc').orderBy('mql_at').orderBy('handoff_id'),
    'new-priority': select(none, none, why('newPriority', { tier: literal(priorityTier) }))
      .where('h.tier', '=', priorityTier).where('h.mql_at', '>', since).where('h.mql_at', '<=', asOfAt).where(open)
      .orderBy('h.mql_at', 'desc').orderBy('h.handoff_id'),
  };
  const lists = {} as Worklists;
  for (const name of WORKLISTS) lists[name] = await db.rows(queries[name]);
  return lists;
}
