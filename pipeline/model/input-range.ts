import { WEEKDAYS } from '../contract/business-hours.ts';
import type { Contract } from '../contract/schema.ts';
import { localDate } from '../calendar/zone.ts';
import type { Db } from '../db.ts';
import { tableExists } from './events.ts';
import { periodOf } from './periods.ts';

// The span of time a run covers: the staged inputs' earliest and latest instants, and the local
// dates its business calendar must cover.

/** Every input timestamp, as SELECTs over the staged tables that exist: `t` the latest of a row, `u` the earliest. */
async function inputTimestamps(db: Db): Promise<string[]> {
  const parts = ['SELECT greatest(created_at, mql_at, sal_at, sql_at, opportunity_at, rejected_at, recycled_at, disqualified_at) AS t, least(created_at, mql_at, sal_at, sql_at, opportunity_at, rejected_at, recycled_at, disqualified_at) AS u FROM stg_leads'];
  if (await tableExists(db, 'stg_lead_events')) parts.push('SELECT "at", "at" FROM stg_lead_events');
  if (await tableExists(db, 'stg_activities')) parts.push('SELECT occurred_at, occurred_at FROM stg_activities');
  if (await tableExists(db, 'stg_deals')) parts.push('SELECT greatest(created_at, closed_at), least(created_at, closed_at) FROM stg_deals');
  if (await tableExists(db, 'stg_conversions')) parts.push('SELECT "at", "at" FROM stg_conversions');
  return parts;
}

/** The latest timestamp in the staged inputs: the default `as_of` of a run (ISO, UTC). */
export async function latestInputTimestamp(db: Db): Promise<string | null> {
  const parts = await inputTimestamps(db);
  const row = await db.one<{ t: string | null }>(`SELECT strftime(max(t), '%Y-%m-%dT%H:%M:%SZ') AS t FROM (${parts.join(' UNION ALL ')})`);
  return row.t;
}

/** The earliest timestamp in the staged inputs (ISO, UTC), null when there is none. */
export async function earliestInputTimestamp(db: Db): Promise<string | null> {
  const parts = await inputTimestamps(db);
  const row = await db.one<{ t: string | null }>(`SELECT strftime(min(u), '%Y-%m-%dT%H:%M:%SZ') AS t FROM (${parts.join(' UNION ALL ')})`);
  return row.t;
}


const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The local dates the run's calendar must cover: a week before the first handoff's period, to
 * well past as_of (the last cadence window, the longest deadline, the end of as_of's period).
 */
export function calendarRange(contract: Contract, firstMqlAt: string | null, asOf: string): { from: string; to: string } {
  const tz = contract.timezone;
  const asOfDay = localDate(tz, Date.parse(asOf));
  const firstDay = firstMqlAt === null ? asOfDay : localDate(tz, Date.parse(firstMqlAt));
  const openDays = WEEKDAYS.filter((d) => contract.business_hours[d].length > 0).length;
  const weekMinutes = WEEKDAYS.reduce((sum, d) => sum + contract.business_hours[d].reduce((s, r) => s + r.end - r.start, 0), 0);
  const longest = Math.max(contract.acceptance_within, ...contract.tiers.map((t) => t.response_within));
  const ahead = 60 + 7 * Math.ceil(contract.cadence.window_days / openDays) + 7 * Math.ceil(longest / weekMinutes) + 7;
  const from = addDays(periodOf(contract.period, firstDay).startsOn, -7);
  const lastPeriodEnd = periodOf(contract.period, asOfDay).endsBefore;
  const to = [addDays(asOfDay, ahead), lastPeriodEnd].sort().at(-1)!;
  return { from, to };
}
