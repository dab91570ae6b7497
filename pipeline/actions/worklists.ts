import type { Contract } from '../contract/schema.ts';
import { literal, timestampLiteral, type Db } from '../db.ts';
import { periodKeySql } from '../model/periods.ts';
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

/** A UTC TIMESTAMP column as the contract zone's wall clock to the minute (`2026-10-20 10:00`), as lists and briefs show it. */
export function localMinuteSql(timezone: string, col: string): string {
  return `strftime(timezone(${literal(timezone)}, (${col})::TIMESTAMPTZ), '%Y-%m-%d %H:%M')`;
}

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
 * Builds the four worklists from `handoffs` and `stg_leads`. An open handoff is the lead's
 * current one (no later MQL), not decided as rejected, and not closed as recycled or disqualified.
 * Breached lists only handoffs still inside their cadence window: older ones can no longer be
 * worked to the agreement and are counted by the speed metrics instead.
 */
export async function buildWorklists(db: Db, contract: Contract, asOf: string, settings: WorklistSettings): Promise<Worklists> {
  const asOfSql = timestampLiteral(asOf);
  const local = (col: string) => localMinuteSql(contract.timezone, col);
  const { min_attempts: minAttempts } = contract.cadence;
  const priorityTier = contract.tiers[0]!.name;
  const select = (minutes: string, expected: string, why: string) => `
    SELECT h.handoff_id, h.lead_id, h.tier, h.owner, h.source, l.name, l.company, l.email, l.phone,
      ${local('h.mql_at')} AS mql_at, ${local('h.response_deadline')} AS deadline,
      ${minutes} AS minutes, h.attempts_total AS attempts, ${expected} AS attempts_expected, ${why} AS why
    FROM handoffs h JOIN stg_leads l USING (lead_id)`;
  const open = `h.next_mql_at IS NULL AND h.closed_at IS NULL AND coalesce(h.decision_stage, '') <> 'rejected'`;
  const overdue = 'round(h.elapsed_at_as_of_minutes - h.response_within_minutes, 1)';
  const left = 'round(h.response_within_minutes - h.elapsed_at_as_of_minutes, 1)';
  // Pace: attempts spread evenly over the window's business time; after a share s of it has
  // elapsed, floor(min_attempts × s) attempts should exist (a new handoff is not behind yet).
  const share = `h.elapsed_at_as_of_minutes / nullif(business_minutes_between(h.mql_at, h.window_end), 0)`;
  const expected = `CAST(floor(${minAttempts} * least(${share}, 1)) AS INTEGER)`;
  const since = settings.previousAsOf === null
    ? `${asOfSql} - INTERVAL ${NEW_PRIORITY_FIRST_RUN_HOURS} HOUR`
    : timestampLiteral(settings.previousAsOf);
  const currentPeriod = periodKeySql(contract.period, asOfSql, contract.timezone);
  // The `why` column speaks the contract's language, like the briefs beside it.
  const words = briefWords(contract.locale);
  const why = Object.fromEntries(Object.entries(words.worklistWhy).map(([k, template]) => [k, (slots: Record<string, string>) => phraseSql(template, slots)])) as Record<
    keyof BriefWords['worklistWhy'],
    (slots: Record<string, string>) => string
  >;
  const number = (sql: string) => (contract.locale === 'pt-BR' ? `replace(CAST(${sql} AS VARCHAR), '.', ',')` : `CAST(${sql} AS VARCHAR)`);
  const closedAs = `coalesce(MAP {${Object.entries(words.closed).map(([k, v]) => `${literal(k)}: ${literal(v)}`).join(', ')}}[h.closed_as], h.closed_as)`;

  const queries: Record<WorklistName, string> = {
    breached: `${select(overdue, 'NULL', why.breached({ minutes: number(overdue) }))}
      WHERE ${open} AND h.first_attempt_at IS NULL AND h.speed_due AND NOT h.window_ended
      ORDER BY h.response_deadline, h.mql_at, h.handoff_id`,
    'due-soon': `${select(left, 'NULL', why.dueSoon({ minutes: number(left) }))}
      WHERE ${open} AND h.first_attempt_at IS NULL AND h.speed_pending
        AND h.response_within_minutes - h.elapsed_at_as_of_minutes <= ${settings.dueSoonMinutes}
      ORDER BY h.response_deadline, h.mql_at, h.handoff_id`,
    'under-attempted': `
      SELECT * FROM (
        ${select('NULL', expected, why.underPace({ attempts: 'h.attempts_in_window', min: String(minAttempts), expected }))}
        WHERE ${open} AND NOT h.window_ended AND h.cadence_ended_at IS NULL AND h.attempts_in_window < ${expected}
        UNION ALL
        ${select('NULL', String(minAttempts), why.gaveUp({ closed: closedAs, attempts: 'h.attempts_before_close', min: String(minAttempts) }))}
        WHERE h.gave_up_early AND ${periodKeySql(contract.period, 'h.closed_at', contract.timezone)} = ${currentPeriod}
      ) ORDER BY attempts_expected - attempts DESC, mql_at, handoff_id`,
    'new-priority': `${select('NULL', 'NULL', why.newPriority({ tier: literal(priorityTier) }))}
      WHERE h.tier = ${literal(priorityTier)} AND h.mql_at > ${since} AND h.mql_at <= ${asOfSql} AND ${open}
      ORDER BY h.mql_at DESC, h.handoff_id`,
  };
  const lists = {} as Worklists;
  for (const name of WORKLISTS) lists[name] = await db.all<WorklistRow>(queries[name]);
  return lists;
}
