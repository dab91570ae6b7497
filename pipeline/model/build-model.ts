import { buildCalendar, type BusinessCalendar } from '../calendar/calendar.ts';
import { writeCalendarTable } from '../calendar/calendar-table.ts';
import { localDate } from '../calendar/zone.ts';
import { WEEKDAYS } from '../contract/business-hours.ts';
import type { Contract } from '../contract/schema.ts';
import { timestampLiteral, type Db } from '../db.ts';
import { createAttributionViews } from './attributed.ts';
import { buildEvents, tableExists } from './events.ts';
import { buildHandoffBase, buildHandoffCadence, buildHandoffs, buildHandoffStages } from './handoffs.ts';
import { writeZoneOffsets } from './local-days.ts';
import { periodOf, periodsBetween, type Period } from './periods.ts';

// The model layer: staged inputs → `events` → handoffs, their events, activities and attempts,
// on the business calendar. Each table documents its grain in the warehouse (COMMENT ON) so
// analysts querying `warehouse.duckdb` can rely on it; README "Metric glossary" lists them.

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
async function earliestInputTimestamp(db: Db): Promise<string | null> {
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

/**
 * Builds the model from the staged inputs, ignoring anything after `asOf` (UTC ISO): `zone_offsets`,
 * `events`, the business calendar tables, `handoffs`, and the views `handoff_events`,
 * `handoff_activities` and `attempts`. Returns the business calendar it wrote.
 */
export async function buildModel(db: Db, contract: Contract, asOf: string): Promise<BusinessCalendar> {
  const asOfSql = timestampLiteral(asOf);
  const tz = contract.timezone;
  const earliest = await earliestInputTimestamp(db);
  const wide = calendarRange(contract, earliest, asOf);
  const earliestDay = addDays(localDate(tz, Date.parse(earliest ?? asOf)), -1);
  await writeZoneOffsets(db, contract, earliestDay < wide.from ? earliestDay : wide.from, wide.to);
  await buildEvents(db, contract, asOfSql);

  const first = await db.one<{ t: string | null }>(`SELECT strftime(min("at"), '%Y-%m-%dT%H:%M:%SZ') AS t FROM events WHERE stage = 'mql'`);
  const calendar = buildCalendar(contract, calendarRange(contract, first.t, asOf));
  await writeCalendarTable(db.connection, calendar);

  await buildHandoffBase(db, contract);
  await buildHandoffStages(db);
  await buildHandoffCadence(db, contract, asOfSql);
  await buildHandoffs(db, contract, asOfSql);
  await createAttributionViews(db, contract, asOfSql);
  for (const temp of ['handoff_cadence', 'handoff_stages', 'handoff_base']) await db.run(`DROP TABLE ${temp}`);
  return calendar;
}

/** Every period from the first handoff's to as_of's (none when there is no handoff). Needs `handoffs`. */
export async function reportingPeriods(db: Db, contract: Contract, asOf: string): Promise<Period[]> {
  const row = await db.one<{ first: string | null }>(`SELECT strftime(min(mql_at), '%Y-%m-%dT%H:%M:%SZ') AS first FROM handoffs`);
  if (row.first === null) return [];
  const tz = contract.timezone;
  return periodsBetween(contract.period, localDate(tz, Date.parse(row.first)), localDate(tz, Date.parse(asOf)));
}
